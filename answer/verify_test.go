package answer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"storybot"
	"storybot/retrieval"
)

func TestVerifySplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Stoke builds rockets [1]. It was founded in 2019 [2].",
			[]string{"Stoke builds rockets [1].", "It was founded in 2019 [2]."}},
		{"Stoke builds rockets. [1] It raised $1.5 billion. [2]",
			[]string{"Stoke builds rockets. [1]", "It raised $1.5 billion. [2]"}},
		{"Mr. Altman met Dr. Lee in the U.S. last week [1].",
			[]string{"Mr. Altman met Dr. Lee in the U.S. last week [1]."}},
		{`He said "we are ready. We go now." to staff [1]. Then he left [2].`,
			[]string{`He said "we are ready. We go now." to staff [1].`, "Then he left [2]."}},
		{"- First point [1]\n- Second point [2]\n\n", []string{"First point [1]", "Second point [2]"}},
		{"J. Smith said so [3]! Really? [1]", []string{"J. Smith said so [3]!", "Really? [1]"}},
		{"It costs 3.5 times more, e.g. for rockets [1].", []string{"It costs 3.5 times more, e.g. for rockets [1]."}},
		{"", nil},
		{"  \n \n", nil},
	}
	for _, tt := range tests {
		if got := replySentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("replySentences(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestVerifyQuotes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`He called it “the next battlefield” [1].`, []string{"the next battlefield"}},
		{`Altman's plan, "a bold bet," and 'a long shot' [2].`, []string{"a bold bet,", "a long shot"}},
		{`The workers' union said no [1].`, nil},
		{`No quotes here [1].`, nil},
	}
	for _, tt := range tests {
		if got := replyQuotes(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("replyQuotes(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestVerifyQuotedIn(t *testing.T) {
	passage := "Altman said: “We’re going to build   it — whatever it takes,” adding more."
	tests := []struct {
		quote string
		want  bool
	}{
		{`we're going to build it - whatever it takes`, true},
		{`We're going to build it.`, true},
		{`we're going … whatever it takes`, true},
		{`whatever it takes ... we're going`, false},
		{`we will build it`, false},
		{`...`, true},
	}
	for _, tt := range tests {
		if got := quotedInPassage(foldQuote(tt.quote), passage); got != tt.want {
			t.Errorf("quotedInPassage(%q) = %v; want %v", tt.quote, got, tt.want)
		}
	}
}

func TestVerifyStripURLs(t *testing.T) {
	allowed := replyURLsIn("Read more at https://example.com/story.")
	tests := []struct{ in, want string }{
		{"See https://evil.example/x for more [1].", "See for more [1]."},
		{"See [the story](https://evil.example/x) [1].", "See the story [1]."},
		{"See [the story](https://example.com/story) [1].", "See [the story](https://example.com/story) [1]."},
		{"Source: https://example.com/story. [1]", "Source: https://example.com/story. [1]"},
		{"Visit www.evil.example now [2].", "Visit now [2]."},
		{"Stoke builds rockets [1].", "Stoke builds rockets [1]."},
	}
	for _, tt := range tests {
		if got := stripReplyURLs(tt.in, allowed); got != tt.want {
			t.Errorf("stripReplyURLs(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestVerifyIsGap(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{llmGapSentence, true},
		{"The passages do not mention the price.", true},
		{"The deal's terms are not disclosed.", true},
		{"There is no information about a launch date.", true},
		{"The articles don't say, but Altman owns 10% of it.", false},
		{"Stoke builds reusable rockets.", false},
		{"They don't say when; it closed in 2024.", false},
	}
	for _, tt := range tests {
		if got := isGapSentence(tt.in); got != tt.want {
			t.Errorf("isGapSentence(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestVerifyDedupeMarkers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a [1][1].", "a [1]."},
		{"a [1] [1] [2][2].", "a [1] [2]."},
		{"a [1] b [1].", "a [1] b [1]."},
		{"a [1][2][1].", "a [1][2][1]."},
	}
	for _, tt := range tests {
		if got := dedupeMarkers(tt.in); got != tt.want {
			t.Errorf("dedupeMarkers(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestLLMCleanRewrite(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Who founded Stoke Space?", "Who founded Stoke Space?", true},
		{"\n Standalone question: \"Who founded Stoke Space?\"\nExtra", "Who founded Stoke Space?", true},
		{"   ", "", false},
		{strings.Repeat("word ", 100), "", false},
		{"@everyone who founded it?", "", false},
	}
	for _, tt := range tests {
		got, err := cleanLLMRewrite(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("cleanLLMRewrite(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// verifyChecker returns a checker over two small made-up articles, each one passage.
func verifyChecker(t *testing.T) (*replyChecker, []storybot.Document) {
	t.Helper()
	docs := []storybot.Document{
		{Source: "a.txt", Title: "Rockets", URL: "https://example.com/rockets", Text: "Stoke Space builds reusable rockets in Washington. Its founders came from Blue Origin. Read more at https://example.com/stoke."},
		{Source: "b.txt", Title: "Deal", Outlet: "Daily", Text: "OpenAI talked about taking control of Stoke. Altman called space “the next frontier” for computing."},
	}
	ix := retrieval.New(docs, retrieval.DefaultOptions())
	hits := []retrieval.Hit{
		{Passage: storybot.Passage{Doc: 0, Start: 0, End: len(docs[0].Text), Text: docs[0].Text}, Chunk: -1},
		{Passage: storybot.Passage{Doc: 1, Start: 0, End: len(docs[1].Text), Text: docs[1].Text}, Chunk: -1},
	}
	return newReplyChecker(ix, hits), docs
}

func TestVerifyAnswer(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		want    string
		cites   []string // sources of the citations, in order
		wantErr error
	}{
		{name: "good, renumbered in order of use",
			reply: "OpenAI talked about control of Stoke [2]. Stoke builds reusable rockets [1][2].",
			want:  "OpenAI talked about control of Stoke [1]. Stoke builds reusable rockets [2][1].",
			cites: []string{"b.txt", "a.txt"}},
		{name: "verbatim quote with curly quotes and other case",
			reply: `Altman called space "The next frontier" [2].`,
			want:  `Altman called space "The next frontier" [1].`, cites: []string{"b.txt"}},
		{name: "quoted title of the cited article",
			reply: `The article "Deal" says OpenAI talked about Stoke [2].`,
			want:  `The article "Deal" says OpenAI talked about Stoke [1].`, cites: []string{"b.txt"}},
		{name: "gap sentence beside a cited one",
			reply: "Stoke builds rockets [1]. The articles don't say what it costs.",
			want:  "Stoke builds rockets [1]. The articles don't say what it costs.", cites: []string{"a.txt"}},
		{name: "the article's own URL kept, others removed, even one the article's text holds",
			reply: "More is at https://example.com/rockets, https://example.com/stoke and https://evil.example [1].",
			want:  "More is at https://example.com/rockets, and [1].", cites: []string{"a.txt"}},
		{name: "wordy markers",
			reply: "Stoke builds rockets [Passage 1]. OpenAI talked about it [passages 2, 1].",
			want:  "Stoke builds rockets [1]. OpenAI talked about it [2][1].", cites: []string{"a.txt", "b.txt"}},
		{name: "citation to a missing passage", reply: "Stoke builds rockets [3].", wantErr: errUnverified},
		{name: "citation zero", reply: "Stoke builds rockets [0].", wantErr: errUnverified},
		{name: "no citation", reply: "Stoke builds rockets.", wantErr: errUnverified},
		{name: "one uncited sentence", reply: "Stoke builds rockets [1]. It will win.", wantErr: errUnverified},
		{name: "made-up quote", reply: `Altman said "we will beat Musk" [2].`, wantErr: errUnverified},
		{name: "quote from a passage it does not cite", reply: `It builds "reusable rockets" [2].`, wantErr: errUnverified},
		{name: "ping", reply: "Stoke builds rockets [1] @everyone.", wantErr: errUnverified},
		{name: "slack ping", reply: "<!channel> Stoke builds rockets [1].", wantErr: errUnverified},
		{name: "only a gap", reply: llmGapSentence, wantErr: errNotCovered},
		{name: "empty", reply: "  ", wantErr: errUnverified},
	}
	for _, tt := range tests {
		c, _ := verifyChecker(t)
		res, err := c.checkAnswer(tt.reply)
		got, cites := res.text, res.cites
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: checkAnswer(%q) error = %v; want %v", tt.name, tt.reply, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: checkAnswer(%q) = %q, %v; want %q", tt.name, tt.reply, got, err, tt.want)
			continue
		}
		var srcs []string
		for i, ci := range cites {
			srcs = append(srcs, ci.Source)
			if ci.N != i+1 {
				t.Errorf("%s: citation %d numbered %d", tt.name, i+1, ci.N)
			}
		}
		if !reflect.DeepEqual(srcs, tt.cites) {
			t.Errorf("%s: citation sources = %q; want %q", tt.name, srcs, tt.cites)
		}
	}
}

func TestVerifySummary(t *testing.T) {
	c, _ := verifyChecker(t)
	s, _, err := c.checkSummary("Here is the summary:\n- OpenAI weighed control of Stoke [2].\n- Stoke makes reusable rockets. They are built in Washington [1].\n* Its founders came from Blue Origin [1].\n")
	if err != nil {
		t.Fatalf("checkSummary: %v", err)
	}
	want := "- OpenAI weighed control of Stoke [1].\n- Stoke makes reusable rockets. They are built in Washington [2].\n- Its founders came from Blue Origin [2]."
	if s.Text != want || s.Mode != storybot.ModeLLM || len(s.Bullets) != 3 {
		t.Fatalf("summary = %q (%d bullets, mode %s); want %q", s.Text, len(s.Bullets), s.Mode, want)
	}
	if b := s.Bullets[0]; b.Text != "OpenAI weighed control of Stoke." || len(b.Citations) != 1 || b.Citations[0].N != 1 {
		t.Errorf("bullet 1 = %+v; want its text without markers and citation 1", b)
	}
	for _, bad := range []string{
		"- A [1].\n- B [2].",                            // too few bullets
		"- A [1].\n- B [2].\n- C.",                      // uncited
		"- A [1].\n- B [2].\n- C [5].",                  // missing passage
		"- A [1].\n- B [2].\n- The articles don't say.", // a gap is no bullet
		"- A [1].\n- B [2].\n- [1]",                     // no words
	} {
		if _, _, err := c.checkSummary(bad); !errors.Is(err, errUnverified) {
			t.Errorf("checkSummary(%q) error = %v; want errUnverified", bad, err)
		}
	}
}

// A citation points at the sentence of the passage that backs the claim, not the whole
// passage, and its quote is exactly the article's bytes.
func TestVerifyCitesSentence(t *testing.T) {
	c, docs := verifyChecker(t)
	res, err := c.checkAnswer("The founders came from Blue Origin [1].")
	cites := res.cites
	if err != nil {
		t.Fatal(err)
	}
	ci := cites[0]
	if ci.Quote != docs[0].Text[ci.Start:ci.End] || !strings.Contains(ci.Quote, "Blue Origin") {
		t.Fatalf("citation = %+v; want bytes of a.txt holding the claim", ci)
	}
}

func TestVerifyAnswerPrefix(t *testing.T) {
	c, _ := verifyChecker(t)
	tests := []struct{ partial, want string }{
		{"Stoke builds", ""},
		{"Stoke builds rockets [1]. OpenAI", "Stoke builds rockets [1]."},
		{"Stoke builds rockets [1]. It will win. OpenAI talked [2]. And", "Stoke builds rockets [1]."},
		{"Stoke builds rockets. [1] OpenAI talked [2]. Alt", "Stoke builds rockets. [1] OpenAI talked [2]."},
		{"Stoke builds rockets [9]. OpenAI talked [2]. Alt", ""},
	}
	for _, tt := range tests {
		if got := c.answerPrefix(completeSentences(tt.partial)); got != tt.want {
			t.Errorf("answerPrefix(%q) = %q; want %q", tt.partial, got, tt.want)
		}
	}
}

func FuzzVerifyAnswer(f *testing.F) {
	for _, s := range []string{
		"Stoke builds rockets [1]. OpenAI talked [2][1].", `He said "the next frontier" [2]`,
		"[1] [2, 1] [99999]", "- a [1]\n- b [2]", "https://x.y [1]", "“unclosed [1].", "\xff\xfe [1].",
	} {
		f.Add(s)
	}
	c, _ := verifyChecker(&testing.T{})
	f.Fuzz(func(t *testing.T, reply string) {
		res, err := c.checkAnswer(reply)
		text, cites := res.text, res.cites
		_ = c.answerPrefix(completeSentences(reply))
		_ = c.summaryPrefix(completeLines(reply))
		_, _, _ = c.checkSummary(reply)
		if q, err := cleanLLMRewrite(reply); err == nil && (q == "" || replyPings.MatchString(q) || !utf8.ValidString(q)) {
			t.Errorf("cleanLLMRewrite(%q) = %q, which is no question to search for", reply, q)
		}
		if err != nil {
			return
		}
		if replyPings.MatchString(text) {
			t.Errorf("checkAnswer(%q) = %q, which pings", reply, text)
		}
		for _, m := range renderedMarker.FindAllString(text, -1) {
			if n := renderedMarkerNumber(m); n < 1 || n > len(cites) {
				t.Errorf("checkAnswer(%q) = %q cites [%d] of %d citations", reply, text, n, len(cites))
			}
		}
		for _, ci := range cites {
			if ci.Quote == "" || !utf8.ValidString(ci.Quote) && utf8.ValidString(reply) {
				t.Errorf("checkAnswer(%q): citation %+v quotes nothing", reply, ci)
			}
		}
	})
}
