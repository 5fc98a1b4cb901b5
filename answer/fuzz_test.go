package answer

import (
	"context"
	"testing"
	"unicode/utf8"

	"storybot"
	"storybot/answer/answertest"
)

// FuzzAsk feeds the quote path any text a user could send: it must never panic, and
// whatever it answers must cite the articles' exact bytes.
func FuzzAsk(f *testing.F) {
	qs, err := answertest.Read("testdata/dev.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range qs {
		f.Add(q.Text, "")
	}
	f.Add("Who founded it?", "What is Stoke building?")
	f.Add("\xff\xfe it", "\x00")
	f.Add("“”\"''", "they")
	e := seedEngineT(f)
	f.Fuzz(func(t *testing.T, question, previous string) {
		var hist []storybot.Turn
		if previous != "" {
			hist = []storybot.Turn{{Question: previous}}
		}
		a := e.Ask(context.Background(), question, hist, nil)
		if a.Question != question {
			t.Fatalf("Answer.Question = %q; want %q", a.Question, question)
		}
		if a.Found != (len(a.Citations) > 0) {
			t.Fatalf("Found = %v with %d citations", a.Found, len(a.Citations))
		}
		if !utf8.ValidString(a.Text) {
			t.Fatalf("answer text is not valid UTF-8: %q", a.Text)
		}
		checkCitations(t, e.Sources(), a.Text, a.Citations)
	})
}
