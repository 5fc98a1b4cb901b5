package storetest

import (
	"slices"
	"testing"
	"time"

	"storybot/chat"
)

// Followed runs the behaviour every chat.Followed must have against a fresh one from
// newFollowed: an edit or a deletion is acted on once, only for the asker, only when the
// text changed, and never undone by an older edit delivered late.
func Followed(t *testing.T, newFollowed func(t *testing.T) chat.Followed) {
	f := newFollowed(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Add("C1/1", "U1", "Who founded Stoke?", []string{"r1"})
	if _, ok := f.Edit("C1/1", "U2", "Who runs Stoke?", at); ok {
		t.Error("someone else's edit was claimed")
	}
	if _, ok := f.Edit("C1/1", "U1", "  Who founded Stoke?  ", at); ok {
		t.Error("an edit that keeps the text was claimed")
	}
	q, ok := f.Edit("C1/1", "U1", "Who runs Stoke?", at)
	if !ok || !slices.Equal(q.Replies, []string{"r1"}) || q.User != "U1" {
		t.Fatalf("the asker's edit = %+v, %v; want it claimed with the answer's messages", q, ok)
	}
	if _, ok := f.Edit("C1/1", "U1", "Who runs Stoke?", at); ok {
		t.Error("a redelivered edit was claimed twice")
	}
	if _, ok := f.Edit("C1/1", "U1", "Who started Stoke?", at.Add(-time.Second)); ok {
		t.Error("an edit older than the one answered was claimed")
	}
	if !f.Has("C1/1") || f.Has("C9/9") {
		t.Error("Has does not tell a followed question from another")
	}
	f.SetReplies("C1/1", []string{"r2", "r3"})
	if q, ok := f.Delete("C1/1"); !ok || !slices.Equal(q.Replies, []string{"r2", "r3"}) {
		t.Errorf("Delete = %+v, %v; want the answer's new messages", q, ok)
	}
	if _, ok := f.Delete("C1/1"); ok {
		t.Error("a redelivered deletion was acted on twice")
	}
	if _, ok := f.Edit("C9/9", "U1", "x", at); ok {
		t.Error("an edit of a question never answered was claimed")
	}
}
