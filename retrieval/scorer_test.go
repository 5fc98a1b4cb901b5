package retrieval

import (
	"math"
	"strings"
	"testing"

	"storybot"
)

// Words related to the question's find the sentence that says the same thing in other
// words; the article's own word still outranks a related one.
func TestExpansion(t *testing.T) {
	docs := []storybot.Document{
		{Source: "a.txt", Text: "The negotiations with the rocket maker have cooled since the fall."},
		{Source: "b.txt", Text: "The talks with the rocket maker went on all summer long."},
		{Source: "c.txt", Text: "Musk filed a lawsuit against the company in a federal court."},
		{Source: "d.txt", Text: "Nvidia shares fell thirteen percent in the past month."},
	}
	ix := New(docs, DefaultOptions())
	tests := []struct {
		q    string
		want string // the source of the best hit
	}{
		// "negotiations" is the word of a.txt; the exact word beats b.txt's "talks".
		{"What happened to the negotiations?", "a.txt"},
		// "talks" is b.txt's own word: it must outrank a.txt's related "negotiations".
		{"What happened to the talks?", "b.txt"},
		// "sue" is no word of the corpus; "lawsuit" is related to it.
		{"Did Musk sue?", "c.txt"},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.q, 4)
		if len(hits) == 0 || docs[hits[0].Doc].Source != tt.want {
			got := "nothing"
			if len(hits) > 0 {
				got = docs[hits[0].Doc].Source
			}
			t.Errorf("Search(%q) ranks %s first; want %s", tt.q, got, tt.want)
		}
	}
}

// The query keeps its own words and the related ones apart: a related word never weighs
// as much as the word it stands for.
func TestExpansionWeights(t *testing.T) {
	ix := New([]storybot.Document{{Source: "a.txt", Text: "The negotiations and the talks and the discussions went on."}}, DefaultOptions())
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse("Where do the talks stand?", s)
	if q.slots == 0 || q.terms[0].related {
		t.Fatalf("parse: the query's own word is not its first slot: %+v", q.terms)
	}
	related := 0
	for _, qt := range q.terms[q.slots:] {
		if !qt.related {
			t.Errorf("term %s after the slots is not marked related", ix.stems[qt.id])
		}
		if own := q.slotW[qt.slot]; qt.weight >= own {
			t.Errorf("related term %s weighs %v, not less than its word's %v", ix.stems[qt.id], qt.weight, own)
		}
		related++
	}
	if related == 0 {
		t.Errorf("parse(%q) brought in no related word; want negotiations or discussions", "talks")
	}
}

// The scorer ranks by the fitted weighing of the features, and its confidence is a
// probability that grows with the score.
func TestScorer(t *testing.T) {
	ix := seedIndex()
	q := "Who founded Stoke Space?"
	ranked := ix.RankSentences(q, ix.Search(q, 5), 10)
	if len(ranked) < 2 {
		t.Fatalf("RankSentences(%q) = %d sentences; want several", q, len(ranked))
	}
	w := ix.Weights()
	for i, s := range ranked {
		if got := dot(&w.Sentence, &s.Features); math.Abs(got-s.Score) > 1e-9 {
			t.Errorf("sentence %d: Score %v is not the weighing of its features, %v", i, s.Score, got)
		}
		if i > 0 && s.Score > ranked[i-1].Score {
			t.Errorf("sentence %d scores %v above the one before it, %v", i, s.Score, ranked[i-1].Score)
		}
		if s.Confidence < 0 || s.Confidence > 1 || math.IsNaN(s.Confidence) {
			t.Errorf("sentence %d: confidence %v is not a probability", i, s.Confidence)
		}
		for f, x := range s.Features {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1.0001 {
				t.Errorf("sentence %d: feature %s = %v, outside [0, 1]", i, Feature(f), x)
			}
		}
	}
	if !strings.Contains(ranked[0].Text, "Blue Origin") {
		t.Errorf("RankSentences(%q)[0] = %q; want the sentence naming Blue Origin", q, ranked[0].Text)
	}
	var a, b Features
	a[FeatCoverage], b[FeatCoverage] = 0.2, 0.9
	if w.confidence(1, 0, &a) == w.confidence(1, 0, &b) {
		t.Errorf("confidence ignores the features")
	}
	if lo, hi := w.confidence(0, -1, &a), w.confidence(5, -1, &a); !(lo < hi) == (w.Confidence[confScore] > 0) {
		t.Errorf("confidence(score 0) = %v, confidence(score 5) = %v: against the sign of the score's weight %v", lo, hi, w.Confidence[confScore])
	}
}

// Calibration: the articles cover what they say and not what they do not, whether the
// question is off the story or on it asking for a detail they lack.
func TestCalibration(t *testing.T) {
	ix := seedIndex()
	w := ix.Weights()
	covers := func(q string) bool {
		r := ix.RankSentences(q, ix.Search(q, 5), 1)
		return len(r) > 0 && w.Covers(r[0])
	}
	for _, q := range []string{"Who founded Stoke Space?", "When was OpenAI founded?", "How much did Nvidia's shares fall?"} {
		if !covers(q) {
			t.Errorf("Covers(%q) = false; the articles answer it", q)
		}
	}
	for _, q := range []string{"What is the capital of France?", "How many moons does Jupiter have?", "What is Stoke Space's valuation?"} {
		if covers(q) {
			t.Errorf("Covers(%q) = true; the articles do not answer it", q)
		}
	}
	if w.Threshold <= 0 || w.Threshold >= 1 {
		t.Errorf("fitted threshold %v is not a probability strictly between 0 and 1", w.Threshold)
	}
}
