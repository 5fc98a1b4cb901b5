package chat

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot"
	"storybot/answer"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s: got\n%s\n\nwant\n%s", name, got, want)
	}
}

// The documents of a made-up story, with every combination of metadata an article may lack.
var (
	docFull    = storybot.Document{Source: "a.txt", Title: "Acme buys Widget Co", Outlet: "Daily Planet", Date: "2025-12-12", URL: "https://example.com/acme(1)"}
	docNoURL   = storybot.Document{Source: "b.txt", Title: "Widget [analysis]", Outlet: "The Ledger"}
	docNoTitle = storybot.Document{Source: "dir/c.md", Date: "2025-12-13"}
	docBadURL  = storybot.Document{Source: "d.txt", Title: "Ping @everyone", URL: "javascript:alert(1)"}
)

func cite(n int, d storybot.Document, quote string) storybot.Citation {
	return storybot.Citation{N: n, Source: d.Source, Title: d.Title, Outlet: d.Outlet, Date: d.Date, URL: d.URL, Quote: quote}
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		got  string
	}{
		{"answer", AnswerMarkdown(storybot.Answer{
			Question: "Who bought Widget?",
			Text:     "> Acme bought Widget Co on Friday. [1][2]\n> The price was not disclosed. [3]\n> Talks began in May <!channel>. [4]",
			Found:    true, Mode: storybot.ModeQuotes,
			Citations: []storybot.Citation{
				cite(1, docFull, "Acme bought Widget Co on Friday."),
				cite(2, docNoURL, "Acme bought Widget Co on Friday."),
				cite(3, docFull, "The price was not disclosed."),
				cite(4, docNoTitle, "Talks began in May."),
			},
		})},
		{"answer_note", AnswerMarkdown(storybot.Answer{
			Text: "> Acme bought Widget Co. [1]", Found: true, Mode: storybot.ModeQuotes,
			Note:      "LLM unavailable: showing quotes",
			Citations: []storybot.Citation{cite(1, docBadURL, "Acme bought Widget Co.")},
		})},
		{"answer_llm", AnswerMarkdown(storybot.Answer{
			Text: "Acme **bought** Widget Co [1], for an undisclosed price [1].", Found: true, Mode: storybot.ModeLLM,
			Citations: []storybot.Citation{cite(1, docFull, "x")},
		})},
		{"answer_llm_dropped", AnswerMarkdown(storybot.Answer{
			Text: "Acme bought Widget Co [1].", Found: true, Mode: storybot.ModeLLM,
			Note:      "one sentence could not be checked against the sources",
			Citations: []storybot.Citation{cite(1, docFull, "x")},
		})},
		{"answer_not_found", AnswerMarkdown(storybot.Answer{Text: answer.NotFound, Mode: storybot.ModeQuotes})},
		{"summary", SummaryMarkdown(storybot.Summary{
			Text: "- Acme bought Widget Co. [1][2]\n- Talks began in May. [3]", Mode: storybot.ModeQuotes,
			Bullets: []storybot.Bullet{
				{Text: "Acme bought Widget Co.", Citations: []storybot.Citation{cite(1, docFull, "q"), cite(2, docNoURL, "q")}},
				{Text: "Talks began in May.", Citations: []storybot.Citation{cite(3, docNoTitle, "q")}},
			},
		})},
		{"summary_from_bullets", SummaryMarkdown(storybot.Summary{
			Note: "LLM unavailable: showing quotes",
			Bullets: []storybot.Bullet{
				{Text: "Acme bought\nWidget Co.", Citations: []storybot.Citation{cite(1, docFull, "q")}},
				{Text: "It did.", Citations: []storybot.Citation{cite(2, docFull, "q"), cite(1, docFull, "q")}},
			},
		})},
		{"summary_empty", SummaryMarkdown(storybot.Summary{})},
		{"sources", SourcesMarkdown([]storybot.Document{docFull, docNoURL, docNoTitle, docBadURL})},
		{"sources_none", SourcesMarkdown(nil)},
		{"help", HelpMarkdown(5)},
		{"notices", strings.Join([]string{
			noticeEmpty,
			noticeFailed,
			tooLong(100000, 2000),
			slowDown(500 * time.Millisecond),
			slowDown(12*time.Second + time.Millisecond),
			slowDown(5 * time.Minute),
			unknownCommand("/weather"),
		}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden(t, tt.name, tt.got) })
	}
}

func TestHelpCounts(t *testing.T) {
	if got := HelpMarkdown(1); !strings.Contains(got, "from its 1 article.") {
		t.Errorf("HelpMarkdown(1) = %q; want it to say 1 article", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -5: "-5"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}
