package chat

import (
	"context"
	"strings"
	"testing"

	"storybot/answer"
	"storybot/retrieval"
	"storybot/seeds"
)

// newStoryBot returns a Bot over the embedded story, answering with quotes.
func newStoryBot(t *testing.T, opts Options) *Bot {
	t.Helper()
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	return New(answer.New(ix, answer.Options{}), opts)
}

func TestStoryFollowUp(t *testing.T) {
	b := newStoryBot(t, Options{})
	ctx := context.Background()
	ask := func(conv, q string) Reply {
		return b.Handle(ctx, Message{Text: q, User: "U1", Conversation: conv, Direct: true}, nil)
	}
	first := ask("T1", "What is Stoke building?")
	if first.Kind != AnswerReply || !first.Answer.Found {
		t.Fatalf("first question: %v %q; want a found answer", first.Kind, first.Markdown)
	}
	follow := ask("T1", "Who founded it?")
	if follow.Kind != AnswerReply || !strings.Contains(follow.Answer.Text, "Blue Origin") {
		t.Errorf("follow-up about Stoke's founders = %q; want the former Blue Origin engineers", follow.Answer.Text)
	}
}

func TestStoryReplies(t *testing.T) {
	b := newStoryBot(t, Options{})
	ctx := context.Background()
	for _, tt := range []struct {
		text string
		kind Kind
	}{
		{"/summary", SummaryReply},
		{"/sources", SourcesReply},
		{"/help", HelpReply},
		{"Who won the 2018 World Cup?", AnswerReply},
	} {
		r := b.Handle(ctx, dm(tt.text), nil)
		if r.Kind != tt.kind || r.Markdown == "" {
			t.Errorf("Handle(%q) = %v %q; want %v", tt.text, r.Kind, r.Markdown, tt.kind)
		}
	}
	if r := b.Handle(ctx, dm("/sources"), nil); strings.Count(r.Markdown, "\n- ") != 5 {
		t.Errorf("/sources lists %d articles; want 5:\n%s", strings.Count(r.Markdown, "\n- "), r.Markdown)
	}
}
