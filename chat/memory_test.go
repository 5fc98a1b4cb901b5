package chat

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"storybot"
)

func TestRememberCutsLongTurns(t *testing.T) {
	b := newBot(&fakeEngine{}, Options{HistoryTurns: 3})
	ctx := context.Background()
	long := strings.Repeat("é", maxTurnText)
	b.remember(ctx, "a", storybot.Turn{Question: "q", Answer: long})
	h := b.history(ctx, "a")
	if len(h[0].Answer) > maxTurnText || !utf8.ValidString(h[0].Answer) {
		t.Errorf("remembered answer of %d bytes, valid UTF-8 %v; want at most %d, valid", len(h[0].Answer), utf8.ValidString(h[0].Answer), maxTurnText)
	}
	h[0].Question = "changed"
	if got := b.history(ctx, "a")[0].Question; got != "q" {
		t.Errorf("changing a returned history changed the memory: %q", got)
	}
	for i := range 10 {
		b.remember(ctx, "a", storybot.Turn{Question: fmt.Sprint(i)})
	}
	h = b.history(ctx, "a")
	if len(h) != 3 || h[0].Question != "7" || h[2].Question != "9" {
		t.Errorf("history = %+v; want the last 3 turns, oldest first", h)
	}
}

// failingStore is a Store whose every call fails, as a Redis store that cannot fall
// back would.
type failingStore struct{}

var errUnreachable = fmt.Errorf("state unreachable")

func (failingStore) Claim(context.Context, string, time.Duration) (bool, error) {
	return false, errUnreachable
}
func (failingStore) Release(context.Context, string) error { return errUnreachable }
func (failingStore) Take(context.Context, string, int) (bool, time.Duration, error) {
	return false, 0, errUnreachable
}
func (failingStore) Turns(context.Context, string) ([]storybot.Turn, error) {
	return nil, errUnreachable
}
func (failingStore) AddTurn(context.Context, string, storybot.Turn, int, time.Duration) error {
	return errUnreachable
}

func TestHandleFailsOpen(t *testing.T) {
	eng := &fakeEngine{}
	b := newBot(eng, Options{RatePerMinute: 1, Store: failingStore{}})
	for i := range 3 {
		if r := b.Handle(context.Background(), dm(fmt.Sprint("question ", i, "?")), nil); r.Kind != AnswerReply {
			t.Errorf("message %d with the store unreachable: %v %q; want an answer", i, r.Kind, r.Markdown)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer text", 10, "a longe…"},
		{"ééééé", 6, "é…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
