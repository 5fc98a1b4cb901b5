package answer

import (
	"context"
	"strings"
	"testing"
)

func TestEmptyQuestion(t *testing.T) {
	e := seedEngineT(t)
	for _, q := range []string{"", "  \t\n ", "\u00a0"} {
		a := e.Ask(context.Background(), q, nil, nil)
		if a.Found || len(a.Citations) > 0 || a.Text != AskForQuestion {
			t.Errorf("Ask(%q) = found %v, %q; want a request for a question", q, a.Found, a.Text)
		}
	}
}

// quotedLines returns the quoted sentences of a quote-only answer.
func quotedLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 2 && line[:2] == "> " {
			out = append(out, line)
		}
	}
	return out
}

// Bad input gets an answer, never a panic: huge, invalid UTF-8, control characters, only
// punctuation.
func TestBadInput(t *testing.T) {
	e := seedEngineT(t)
	huge := strings.Repeat("Who founded Stoke Space? ", 4000)
	for _, q := range []string{huge, "Who founded \xff\xfe Stoke?", "Stoke\x00\x1b[31m founders\u202e?", "?!?!...", "<@U123> @everyone Stoke?"} {
		a := e.Ask(context.Background(), q, nil, nil)
		checkCitations(t, e.Sources(), a.Text, a.Citations)
		if !a.Found && a.Text != NotFound {
			t.Errorf("Ask(%.40q) = %q; want an answer or NotFound", q, a.Text)
		}
	}
}
