// Package chattest helps the tests of the platform adapters: it builds chat Bots over the
// story built into the binary, and waits for what happens in another goroutine.
package chattest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/answer"
	"storybot/chat"
	"storybot/retrieval"
	"storybot/seeds"
)

// index is the story's index, built once for every test of a package.
var index = sync.OnceValue(func() *retrieval.Index {
	return retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
})

// StoryBot returns the chat core over the story, answering with quotes, as cmd/bot wires it.
func StoryBot(opts chat.Options) *chat.Bot {
	return chat.New(answer.New(index(), answer.Options{}), opts)
}

// VotingBot returns the chat core over the story, answering with quotes and keeping the
// votes on its answers in the feedback file at path, closed when the test ends.
func VotingBot(t testing.TB, path string) *chat.Bot {
	t.Helper()
	store, err := chat.OpenFeedbackFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return StoryBot(chat.Options{Feedback: store})
}

// Wait polls cond until it holds, failing the test after ten seconds.
func Wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// CheckVotes fails the test unless the feedback file at path holds n standing votes, each
// cast on platform about question, with its citations and a user hash that does not give
// away the voter user.
func CheckVotes(t testing.TB, path string, n int, platform, question, user string) {
	t.Helper()
	votes, _, err := chat.ReadFeedbackFile(path)
	if err != nil || len(votes) != n {
		t.Fatalf("feedback file holds %d standing votes (%v); want %d", len(votes), err, n)
	}
	for _, v := range votes {
		if v.Platform != platform || v.Question != question || len(v.Citations) == 0 || v.User == "" || strings.Contains(v.User, user) {
			t.Errorf("stored vote %+v; want the question, citations, platform and a hashed user", v)
		}
	}
}

// Echo is a handler that answers every message with "Answer to " and its text, marked
// when the question was edited, and keeps the messages it got.
type Echo struct {
	mu  sync.Mutex
	got []chat.Message
}

// Handle answers m.
func (e *Echo) Handle(_ context.Context, m chat.Message, _ func(string)) chat.Reply {
	e.mu.Lock()
	e.got = append(e.got, m)
	e.mu.Unlock()
	md := "Answer to " + m.Text
	if m.Edited {
		md += " " + chat.EditedNote
	}
	return chat.Reply{Kind: chat.AnswerReply, Markdown: md}
}

// Messages returns the messages handled so far, in order.
func (e *Echo) Messages() []chat.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]chat.Message(nil), e.got...)
}
