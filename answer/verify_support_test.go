package answer

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"storybot"
	"storybot/retrieval"
)

func TestFactsOf(t *testing.T) {
	common := func(w string) bool {
		return retrieval.IsStopWord(w) || sentenceOpeners[w] || w == "costs" || w == "dated"
	}
	tests := []struct {
		in    string
		claim bool
		want  []string
	}{
		{"OpenAI paid $18 billion.", true, []string{"name openai", "number 18000000000"}},
		{"It paid 18 billion dollars.", true, []string{"number 18000000000"}},
		{"It paid $18bn and 1.5M more.", true, []string{"number 18000000000", "number 1500000"}},
		{"Costs rose 3.5% then 3.5 percent then 3.5 per cent.", true, []string{"number 3.5%", "number 3.5%", "number 3.5%"}},
		{"On Dec. 3 and December 3rd and 3 December.", true, []string{"month 12", "number 3", "month 12", "number 3", "number 3", "month 12"}},
		{"Dated 2025-12-03.", true, []string{"number 2025", "number 12", "number 3", "month 12"}},
		{"Three firms and twenty-five staff, the third try.", true, []string{"number 3", "number 25", "number 3"}},
		{"One article was the first, the second came later.", true, nil},
		{"One article was the first.", false, []string{"number 1", "number 1"}},
		{"Musk's SpaceX met Stoke Space in 10-15 days.", true, []string{"name musk", "name spacex", "name stoke", "name space", "number 10", "number 15"}},
		{"They may march in May 5.", true, []string{"month 5", "number 5"}},
		{"I think Blue Origin-backed firms grew.", true, []string{"name blue", "name origin"}},
		{"Tesla grew [1].", true, []string{"name tesla", "number 1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range factsOf(tt.in, tt.claim, common) {
			got = append(got, f.String())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("factsOf(%q, %v) = %q; want %q", tt.in, tt.claim, got, tt.want)
		}
	}
}

// supportChecker is a checker over passages that hold figures, dates and names.
func supportChecker(t *testing.T) *replyChecker {
	t.Helper()
	docs := []storybot.Document{
		{Source: "a.txt", Title: "Deal", Outlet: "The Wall Street Journal", Date: "2025-12-12",
			Text: "Sam Altman's OpenAI may invest $18 billion in Stoke Space, which was founded in 2019 by former Blue Origin engineers. Revenue rose 3.5 percent on Dec. 3. Three people familiar with the matter said talks have cooled."},
		{Source: "b.txt", Title: "Rivals",
			Text: "Elon Musk's SpaceX is worth about 400 billion dollars. Altman founded Merge Labs."},
	}
	ix := retrieval.New(docs, retrieval.DefaultOptions())
	var hits []retrieval.Hit
	for i, d := range docs {
		hits = append(hits, retrieval.Hit{Passage: storybot.Passage{Doc: i, End: len(d.Text), Text: d.Text}, Chunk: -1})
	}
	return newReplyChecker(ix, hits)
}

func TestVerifySupport(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		want    string // the checked text; "" with wantErr
		dropped int
		wantErr error
	}{
		{name: "true paraphrase with every figure rewritten",
			reply: "OpenAI could put 18 billion dollars into Stoke Space [1]. Revenue grew 3.5% on December 3 [1].",
			want:  "OpenAI could put 18 billion dollars into Stoke Space [1]. Revenue grew 3.5% on December 3 [1]."},
		{name: "word and digit numbers, year, outlet and initialism",
			reply: "3 people told the WSJ that talks cooled [1]. Stoke Space dates from 2019 [1]. Musk's SpaceX is valued near $400bn [2].",
			want:  "3 people told the WSJ that talks cooled [1]. Stoke Space dates from 2019 [1]. Musk's SpaceX is valued near $400bn [2]."},
		{name: "invented founding year and founder, invented amount",
			reply:   "Stoke Space was founded in 1850 by Napoleon Bonaparte [1]. OpenAI paid 900 trillion dollars for it [2].",
			wantErr: errUnsupported},
		{name: "one bad sentence among good ones is dropped",
			reply: "OpenAI may invest $18 billion in Stoke Space [1]. Revenue rose 4.5 percent [1]. Altman founded Merge Labs [2].",
			want:  "OpenAI may invest $18 billion in Stoke Space [1]. Altman founded Merge Labs [2].", dropped: 1},
		{name: "a name from a passage the sentence does not cite",
			reply: "Elon Musk runs Stoke Space [1]. Stoke Space was founded in 2019 [1].",
			want:  "Stoke Space was founded in 2019 [1].", dropped: 1},
		{name: "changed date",
			reply: "Revenue rose 3.5 percent on Dec. 4 [1]. Stoke Space was founded in 2019 [1].",
			want:  "Stoke Space was founded in 2019 [1].", dropped: 1},
		{name: "changed month",
			reply: "Revenue rose on November 3 [1]. Stoke Space was founded in 2019 [1].",
			want:  "Stoke Space was founded in 2019 [1].", dropped: 1},
		{name: "a full name the prompt writes, cited to a passage with part of it",
			reply: "Two articles report that Elon Musk's SpaceX is worth 400 billion dollars [2]. Sam Altman founded Merge Labs [2].",
			want:  "Two articles report that Elon Musk's SpaceX is worth 400 billion dollars [1]. Sam Altman founded Merge Labs [1]."},
		{name: "a name that is not in the prompt, beside one that is",
			reply: "Napoleon Altman founded Merge Labs [2]. Stoke Space was founded in 2019 [1].",
			want:  "Stoke Space was founded in 2019 [1].", dropped: 1},
		{name: "invented name opening a sentence",
			reply: "Bezos backs Stoke Space [1]. Stoke Space was founded in 2019 [1].",
			want:  "Stoke Space was founded in 2019 [1].", dropped: 1},
		{name: "ordinary words opening sentences are no names",
			reply: "According to the Journal, talks have cooled [1]. Earlier, former engineers founded the company [1].",
			want:  "According to the Journal, talks have cooled [1]. Earlier, former engineers founded the company [1]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := supportChecker(t)
			res, err := c.checkAnswer(tt.reply)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !errors.Is(err, errUnverified) {
					t.Fatalf("checkAnswer(%q) error = %v; want %v", tt.reply, err, tt.wantErr)
				}
				return
			}
			if err != nil || res.text != tt.want || len(res.dropped) != tt.dropped {
				t.Fatalf("checkAnswer(%q) = %q, %d dropped, %v; want %q, %d dropped", tt.reply, res.text, len(res.dropped), err, tt.want, tt.dropped)
			}
			// Streaming shows the same sentences, never a dropped one.
			if p := c.answerPrefix(tt.reply); !strings.HasPrefix(res.text, p) {
				t.Errorf("answerPrefix(%q) = %q; not a prefix of %q", tt.reply, p, res.text)
			}
		})
	}
}

func TestVerifySummarySupport(t *testing.T) {
	c := supportChecker(t)
	good := "- OpenAI may invest $18 billion in Stoke Space [1].\n- Altman founded Merge Labs [2].\n- Talks have cooled [1].\n"
	s, dropped, err := c.checkSummary(good + "- SpaceX is worth 900 billion dollars [2].\n")
	if err != nil || dropped != 1 || len(s.Bullets) != 3 || strings.Contains(s.Text, "900") {
		t.Fatalf("checkSummary = %q, %d dropped, %v; want 3 bullets, one dropped", s.Text, dropped, err)
	}
	if _, _, err := c.checkSummary("- Stoke was founded in 1850 [1].\n- Altman founded Neuralink [2].\n" + "- Talks have cooled [1].\n"); !errors.Is(err, errUnsupported) {
		t.Errorf("checkSummary with two of three bullets unsupported: error = %v; want errUnsupported", err)
	}
}

// FuzzFactsOf reads any text a model could write: it never panics, and a text backs
// every number, month and name it states, so that a model quoting a passage is never
// dropped.
func FuzzFactsOf(f *testing.F) {
	for _, s := range []string{
		"OpenAI paid $18 billion on Dec. 3, 2025 [1].", "3.5% or 3.5 per cent, twenty-five, 3rd",
		"2025-12-03 10-15 1,000.5 $1.5bn", "Sam Altman's OpenAI", "\xff\xfe 12-", "May 5 March", "-- -1 ,5 .5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := &replyChecker{hits: []retrieval.Hit{{Passage: storybot.Passage{Text: text}}},
			docs: []storybot.Document{{Text: text}}, support: map[int]*supportSet{}}
		if miss := c.unsupported(text, []int{1}); len(miss) > 0 {
			t.Errorf("text %q does not back its own facts %v", text, miss)
		}
	})
}
