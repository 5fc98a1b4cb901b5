package retrieval

import (
	"math"
	"strings"
	"sync"
	"testing"

	"storybot"
	"storybot/seeds"
)

var (
	seedOnce sync.Once
	seedIx   *Index
)

func seedIndex() *Index {
	seedOnce.Do(func() { seedIx = New(seeds.Embedded(), DefaultOptions()) })
	return seedIx
}

// coveredAt is the coverage above which the tests expect a question to count as covered;
// answer/ draws its line in the same place.
const coveredAt = 0.5

func TestSearchStoryQuestions(t *testing.T) {
	ix := seedIndex()
	tests := []struct {
		q string
		// top must appear in the best chunk; any of these words will do.
		top []string
	}{
		{"Who founded Stoke Space?", []string{"Blue Origin engineers", "engineers of Blue Origin"}},
		{"What is Jingtai's view of the deal?", []string{"Jingtai"}},
		{"Why are OpenAI's finances questioned?", []string{"raising questions", "questioned", "raised questions"}},
		{"What rocket is Stoke developing?", []string{"Nova"}},
		{"How much revenue does OpenAI expect this year?", []string{"$13 billion"}},
		{"When did Musk and Altman co-found OpenAI?", []string{"2015"}},
		{"What did Altman say about a Dyson sphere?", []string{"Dyson sphere"}},
		{"Which companies praised AI computing in space?", []string{"Pichai"}},
		{"What is Merge Labs?", []string{"Merge Labs"}},
		{"Why did OpenAI declare a code red?", []string{"code red", "red alert"}},
		{"Are the negotiations with Stoke still active?", []string{"no longer active", "stalled", "cooled", "quieted"}},
		{"Who is Elon Musk's AI company?", []string{"xAI"}},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.q, 5)
		if len(hits) == 0 {
			t.Errorf("Search(%q) found nothing", tt.q)
			continue
		}
		found := false
		for _, w := range tt.top {
			found = found || strings.Contains(hits[0].Text, w)
		}
		if !found {
			t.Errorf("Search(%q)[0] = %q; want it to mention one of %q", tt.q, hits[0].Text, tt.top)
		}
		if hits[0].Coverage < coveredAt {
			t.Errorf("Search(%q)[0].Coverage = %.2f; want at least %.2f", tt.q, hits[0].Coverage, coveredAt)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("Search(%q): hit %d scores above hit %d", tt.q, i, i-1)
			}
		}
	}
}

func TestSearchUncovered(t *testing.T) {
	ix := seedIndex()
	for _, q := range []string{
		"Who won the 2018 World Cup?",
		"What is the capital of Australia?",
		"How do I bake sourdough bread?",
		"What did the Federal Reserve decide about interest rates?",
	} {
		for _, h := range ix.Search(q, 5) {
			if h.Coverage >= coveredAt {
				t.Errorf("Search(%q) covers it at %.2f with %q; want below %.2f", q, h.Coverage, h.Text, coveredAt)
			}
		}
	}
}

func TestSearchEdgeCases(t *testing.T) {
	ix := seedIndex()
	for _, q := range []string{"", "   ", "the of and what", "\xff\xfe", strings.Repeat("rocket ", 20000)} {
		hits := ix.Search(q, 5)
		if len(hits) > 5 {
			t.Errorf("Search(%.20q, 5) = %d hits", q, len(hits))
		}
		ix.RankSentences(q, hits, 3)
	}
	if hits := ix.Search("rocket", 0); hits != nil {
		t.Errorf("Search(k=0) = %d hits; want none", len(hits))
	}
	empty := New(nil, DefaultOptions())
	if hits := empty.Search("rocket", 5); hits != nil {
		t.Errorf("empty index found %d hits", len(hits))
	}
	if got := New([]storybot.Document{{Text: ""}}, DefaultOptions()).NumChunks(); got != 0 {
		t.Errorf("empty document made %d chunks", got)
	}
}

func TestRankSentences(t *testing.T) {
	ix := seedIndex()
	tests := []struct {
		q    string
		want string // the best sentence holds it
	}{
		{"Who founded Stoke Space?", "Blue Origin"},
		{"How much revenue does OpenAI expect this year?", "$13 billion"},
		{"When did Musk and Altman co-found OpenAI?", "2015"},
		{"What rocket is Stoke developing?", "Nova"},
		{"What is Jingtai's view of the deal?", "Jingtai's view"},
	}
	for _, tt := range tests {
		sents := ix.RankSentences(tt.q, ix.Search(tt.q, 5), 3)
		if len(sents) == 0 {
			t.Errorf("RankSentences(%q) = none", tt.q)
			continue
		}
		if !strings.Contains(sents[0].Text, tt.want) {
			t.Errorf("RankSentences(%q)[0] = %q; want it to hold %q", tt.q, sents[0].Text, tt.want)
		}
		for _, s := range sents {
			doc := ix.Documents()[s.Doc]
			if doc.Text[s.Start:s.End] != s.Text {
				t.Errorf("RankSentences(%q): %q is not its document's bytes", tt.q, s.Text)
			}
			if !endsSentence(s.Text) && !strings.HasSuffix(s.Text, ";") {
				// Headlines never rank; bullets end in ";" here.
				t.Errorf("RankSentences(%q) quoted a non-sentence %q", tt.q, s.Text)
			}
		}
	}
}

func TestRankSentencesSkipsHeadlines(t *testing.T) {
	ix := seedIndex()
	q := "Grand Vision for Space Data Centers"
	for _, s := range ix.RankSentences(q, ix.Search(q, 10), 10) {
		if s.Text == q {
			t.Errorf("RankSentences(%q) quoted the headline itself", q)
		}
	}
}

func TestSearchConcurrent(t *testing.T) {
	ix := seedIndex()
	want := ix.Search("Who founded Stoke Space?", 3)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				got := ix.Search("Who founded Stoke Space?", 3)
				if len(got) != len(want) || got[0].Chunk != want[0].Chunk {
					t.Errorf("concurrent Search differs")
					return
				}
				ix.RankSentences("How much revenue?", got, 3)
			}
		}()
	}
	wg.Wait()
}

func TestTerms(t *testing.T) {
	got := strings.Join(Terms("The rockets' founders were founding Musk's companies in the U.S. for $1,500.25"), " ")
	want := "rocket founder found musk compani u.s 1500.25"
	if got != want {
		t.Errorf("Terms = %q; want %q", got, want)
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range []string{"Who founded Stoke Space?", "", "\xff\xfe U.S. $1.5", "what what what", "“Stoke’s” rocket…"} {
		f.Add(q)
	}
	ix := seedIndex()
	docs := ix.Documents()
	f.Fuzz(func(t *testing.T, q string) {
		hits := ix.Search(q, 5)
		if len(hits) > 5 {
			t.Fatalf("Search(%q, 5) = %d hits", q, len(hits))
		}
		for _, h := range hits {
			if h.Coverage < 0 || h.Coverage > 1 || h.Text != docs[h.Doc].Text[h.Start:h.End] {
				t.Fatalf("Search(%q): bad hit %+v", q, h)
			}
		}
		for _, s := range ix.RankSentences(q, hits, 3) {
			if s.Coverage < 0 || s.Coverage > 1 || s.Text != docs[s.Doc].Text[s.Start:s.End] {
				t.Fatalf("RankSentences(%q): bad sentence %+v", q, s)
			}
			if !(s.Confidence >= 0 && s.Confidence <= 1) || math.IsNaN(s.Score) {
				t.Fatalf("RankSentences(%q): confidence %v, score %v", q, s.Confidence, s.Score)
			}
			for f, x := range s.Features {
				if !(x >= 0 && x <= 1.0001) {
					t.Fatalf("RankSentences(%q): feature %s = %v, outside [0, 1]", q, Feature(f), x)
				}
			}
		}
	})
}

func TestSearchAllocations(t *testing.T) {
	ix := seedIndex()
	q := "Why are OpenAI's finances questioned?"
	ix.Search(q, 5)
	// The result is one allocation; the rest of a query's memory is pooled (the race
	// detector empties pools at random, so it gets more room).
	want := 1.0
	if raceEnabled {
		want = 20
	}
	if n := testing.AllocsPerRun(50, func() { ix.Search(q, 5) }); n > want {
		t.Errorf("Search allocates %.0f times per query; want at most %.0f", n, want)
	}
}

func TestTermsFoldDiacritics(t *testing.T) {
	a, b := Terms("Beyoncé sang in Gospić and Kraków"), Terms("Beyonce sang in Gospic and Krakow")
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("Terms with diacritics = %q; without = %q; want the same", a, b)
	}
}
