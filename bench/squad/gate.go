package main

import (
	"storybot/retrieval"
)

// gateFigures say how well storybot's calibrated confidence decides whether the articles
// cover a question, on held-out weights: every question is asked of the whole corpus,
// where its paragraph answers it, and of the other fold's articles alone, where nothing
// does.
type gateFigures struct {
	Questions int
	// Ranked1 is how often the top-ranked sentence holds the answer, whatever its
	// confidence.
	Ranked1 float64
	// Answered is how often the answer is quoted at all (confidence above the threshold),
	// Right how often it is quoted and the first quote holds the answer, and Precision
	// Right over Answered.
	Answered, Right, Precision float64
	// Uncovered is how often a question asked of the other fold's articles is answered
	// anyway: it should not be.
	Uncovered float64
}

// measureGate computes the gate figures of s's held-out engines: the questions of fold f
// with weights w[f], over the whole corpus (s.heldIx[f]) and over the other fold alone.
func measureGate(s *storybotEngine, qs []question) gateFigures {
	docs, fold, w, full := s.ix.Documents(), s.fold, s.weights, s.heldIx
	// other[f] holds the articles of the fold other than f, with f's weights.
	var other [2]*retrieval.Index
	for f := range w {
		opts := retrieval.DefaultOptions()
		opts.Weights = &w[f]
		other[f] = otherFold(docs, fold, f, opts)
	}
	g := gateFigures{Questions: len(qs)}
	var ranked, answered, right, uncovered int
	for _, q := range qs {
		f := fold[q.Doc]
		ix := full[f]
		r := ix.RankSentences(q.Text, ix.Search(q.Text, fitHits), 1)
		holds := len(r) > 0 && holdsGold(r[0], q.Gold)
		covers := len(r) > 0 && w[f].Covers(r[0])
		if holds {
			ranked++
		}
		if covers {
			answered++
			if holds {
				right++
			}
		}
		o := other[f]
		if r := o.RankSentences(q.Text, o.Search(q.Text, fitHits), 1); len(r) > 0 && w[f].Covers(r[0]) {
			uncovered++
		}
	}
	n := float64(max(len(qs), 1))
	g.Ranked1, g.Answered, g.Right, g.Uncovered = float64(ranked)/n, float64(answered)/n, float64(right)/n, float64(uncovered)/n
	if answered > 0 {
		g.Precision = float64(right) / float64(answered)
	}
	return g
}

// holdsGold reports whether the sentence holds one of the gold spans.
func holdsGold(s retrieval.SentenceHit, gold []span) bool {
	for _, g := range gold {
		if g.Doc == s.Doc && s.Start <= g.Start && g.End <= s.End {
			return true
		}
	}
	return false
}
