package answer_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"storybot"
	"storybot/answer"
	"storybot/llm"
	"storybot/llm/llmtest"
	"storybot/retrieval"
	"storybot/seeds"
)

// loggedSetup is llmSetup with the engine's log, at debug level when debug.
func loggedSetup(t *testing.T, debug bool, respond func(n int, r llmtest.Request) llmtest.Reply) (*answer.Engine, *bytes.Buffer) {
	t.Helper()
	srv := llmtest.New(t, respond)
	c, err := llm.New(llm.Config{BaseURL: srv.BaseURL(), Model: "fake", Timeout: 5 * time.Second, RetryBackoff: time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	level := slog.LevelInfo
	if debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: level}))
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	return answer.New(ix, answer.Options{LLM: c, Logger: log}), &logs
}

// trueSentence is a true, cited sentence of the prompt's passages about the founding of
// OpenAI, as a model that answers well writes it.
func trueSentence(t *testing.T, r llmtest.Request) string {
	for i, p := range llmPassages(t, r.User) {
		if s := sentenceHolding(p, "co-founded OpenAI in 2015"); s != "" {
			return fmt.Sprintf("%s [%d]", s, i+1)
		}
	}
	t.Errorf("no passage tells when OpenAI was co-founded")
	return ""
}

// A hallucinating model: invented figures and names, changed numbers, one bad sentence
// among good ones. None of it reaches the reader; true sentences and paraphrases do; the
// log says which check failed, without the model's words.
func TestAskLLMHallucinations(t *testing.T) {
	const (
		question  = "When was OpenAI co-founded?"
		fallback1 = "The LLM's one sentence could not be checked against the sources: showing quotes"
		fallback2 = "None of the LLM's 2 sentences could be checked against the sources: showing quotes"
		dropped1  = "one sentence could not be checked against the sources"
	)
	tests := []struct {
		name   string
		reply  func(t *testing.T, r llmtest.Request) string
		mode   storybot.Mode
		note   string
		want   string // the answer holds it
		absent []string
	}{
		{name: "invented founding and price", mode: storybot.ModeQuotes, note: fallback2,
			reply: func(*testing.T, llmtest.Request) string {
				return "Stoke Space was founded in 1850 by Napoleon Bonaparte [1]. OpenAI paid 900 trillion dollars for it [2]."
			}, absent: []string{"Napoleon", "1850", "900"}},
		{name: "changed year", mode: storybot.ModeQuotes, note: fallback1,
			reply: func(t *testing.T, r llmtest.Request) string {
				return strings.Replace(trueSentence(t, r), "2015", "2016", 1)
			}, absent: []string{"2016"}},
		{name: "one bad sentence among good ones", mode: storybot.ModeLLM, note: dropped1, want: "2015",
			reply: func(t *testing.T, r llmtest.Request) string {
				return trueSentence(t, r) + " Elon Musk invested 44 billion dollars in it [1]. " + trueSentence(t, r)
			}, absent: []string{"44 billion"}},
		{name: "true paraphrase with the figure in words", mode: storybot.ModeLLM, want: "2015",
			reply: func(t *testing.T, r llmtest.Request) string {
				s := trueSentence(t, r)
				n := s[strings.LastIndex(s, "["):]
				return "Musk and Altman started OpenAI together in 2015 " + n + "."
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eng, logs := loggedSetup(t, false, func(_ int, r llmtest.Request) llmtest.Reply {
				return llmtest.Reply{Text: tt.reply(t, r)}
			})
			var prog llmProgress
			a := eng.Ask(llmWithin(t), question, nil, prog.add)
			llmTrustworthy(t, eng, a)
			if a.Mode != tt.mode || a.Note != tt.note || !strings.Contains(a.Text, tt.want) {
				t.Errorf("Ask = mode %q, note %q: %q; want mode %q, note %q, holding %q", a.Mode, a.Note, a.Text, tt.mode, tt.note, tt.want)
			}
			for _, bad := range tt.absent {
				for _, p := range append(prog.seen, a.Text) {
					if strings.Contains(p, bad) {
						t.Errorf("the reader saw %q: %q", bad, p)
					}
				}
				if strings.Contains(logs.String(), bad) {
					t.Errorf("the log holds the model's words %q:\n%s", bad, logs)
				}
			}
			if tt.note != "" && !strings.Contains(logs.String(), "level=WARN") || tt.note != "" && !strings.Contains(logs.String(), "check=support") {
				t.Errorf("log = %q; want a warning naming the support check", logs)
			}
		})
	}
}

// Every fallback is logged at warn level with the check or failure behind it.
func TestAskLLMLogsFallbacks(t *testing.T) {
	tests := []struct {
		reply llmtest.Reply
		check string
	}{
		{llmtest.Reply{Status: 500}, "check=llm_error"},
		{llmtest.Reply{Text: "Stoke builds rockets. It will win."}, "check=form"},
		{llmtest.Reply{Text: "Stoke builds rockets [99]."}, "check=form"},
		{llmtest.Reply{Text: "It is over [1].", Finish: "content_filter"}, "check=llm_error"},
	}
	for _, tt := range tests {
		eng, logs := loggedSetup(t, false, func(int, llmtest.Request) llmtest.Reply { return tt.reply })
		a := eng.Ask(llmWithin(t), llmQuestion, nil, nil)
		if a.Mode != storybot.ModeQuotes || a.Note == "" {
			t.Errorf("reply %+v: Ask = mode %q, note %q; want quotes with a note", tt.reply, a.Mode, a.Note)
		}
		if !strings.Contains(logs.String(), "level=WARN msg=\"LLM fell back to quotes\"") || !strings.Contains(logs.String(), tt.check) {
			t.Errorf("reply %+v: log = %q; want a warning with %s", tt.reply, logs, tt.check)
		}
		if strings.Contains(logs.String(), "Stoke builds") || strings.Contains(logs.String(), llmQuestion) {
			t.Errorf("the log holds message text:\n%s", logs)
		}
	}
}

// The facts a dropped sentence failed on are logged, but only at debug level.
func TestAskLLMDebugLogsDroppedFacts(t *testing.T) {
	eng, logs := loggedSetup(t, true, func(_ int, r llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Text: trueSentence(t, r) + " Napoleon bought it [1]."}
	})
	a := eng.Ask(llmWithin(t), "When was OpenAI co-founded?", nil, nil)
	if a.Mode != storybot.ModeLLM || strings.Contains(a.Text, "Napoleon") {
		t.Fatalf("Ask = %+v; want the LLM answer without the invented name", a)
	}
	if !strings.Contains(logs.String(), "level=DEBUG") || !strings.Contains(logs.String(), "name napoleon") {
		t.Errorf("debug log = %q; want the unsupported name", logs)
	}
}
