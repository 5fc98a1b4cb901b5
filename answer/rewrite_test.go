package answer

import (
	"context"
	"strings"
	"testing"

	"storybot"
)

func TestRewrite(t *testing.T) {
	for _, tc := range []struct {
		history  []string
		question string
		want     string
	}{
		{[]string{"What is Stoke building?"}, "Who founded it?", "Who founded it? Stoke building"},
		{[]string{"Why did the talks stall?"}, "Why?", "Why? talks stall"},
		{[]string{"Who runs OpenAI?"}, "And what about its finances?", "And what about its finances? runs OpenAI"},
		// A follow-up of a follow-up borrows from the question that stood on its own too.
		{[]string{"What is Stoke building?", "Who founded it?"}, "When?", "When? founded Stoke building"},
		// A question that stands on its own is left alone.
		{[]string{"What is Stoke building?"}, "Who is Taylor Swift?", "Who is Taylor Swift?"},
		{[]string{"What is Stoke building?"}, "What rocket is Stoke building?", "What rocket is Stoke building?"},
		// Nothing new to borrow.
		{[]string{"Who founded it?"}, "Who founded it?", "Who founded it?"},
		{[]string{"  "}, "Who founded it?", "Who founded it?"},
	} {
		var hist []storybot.Turn
		for _, q := range tc.history {
			hist = append(hist, storybot.Turn{Question: q, Answer: "an answer"})
		}
		if got := rewrite(tc.question, hist); got != tc.want {
			t.Errorf("rewrite(%q, %q) = %q; want %q", tc.question, tc.history, got, tc.want)
		}
	}
}

func TestFollowUp(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     bool
	}{
		{"Who founded it?", true},
		{"What did they say?", true},
		{"Why?", true},
		{"What about Musk?", true},
		{"Who founded Stoke Space?", false},
		{"Why are OpenAI's finances questioned?", false},
	} {
		if got := followUp(tc.question); got != tc.want {
			t.Errorf("followUp(%q) = %v; want %v", tc.question, got, tc.want)
		}
	}
}

// A follow-up answers about what the conversation is about.
func TestAskFollowUp(t *testing.T) {
	e := seedEngineT(t)
	hist := []storybot.Turn{{Question: "What is Stoke building?"}}
	a := e.Ask(context.Background(), "Who founded it?", hist, nil)
	if !a.Found || !strings.Contains(a.Text, "founded by former") || !strings.Contains(a.Text, "Blue Origin") {
		t.Errorf("Ask(%q) after %q = %q; want Stoke's founders", a.Question, hist[0].Question, a.Text)
	}
	if a.Question != "Who founded it?" {
		t.Errorf("Answer.Question = %q; want the user's words", a.Question)
	}
}
