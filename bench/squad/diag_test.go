package main

import (
	"testing"

	"storybot/answer/answertest"
	"storybot/retrieval"
)

func TestDiag(t *testing.T) {
	c, err := loadCorpus("../../../shared/datasets/squad-dev-v1.1.json")
	if err != nil {
		t.Fatal(err)
	}
	fold := foldsOf(c.Docs)
	_, other := indexes(c.Docs, fold, nil)
	story, _ := answertest.Read("../../answer/testdata/dev.txt")
	w := foldWeights(c.Docs, c.Questions, story)
	ixs := [2]*retrieval.Index{}
	oth := [2]*retrieval.Index{}
	for f := range 2 {
		ixs[f] = retrieval.New(c.Docs, retrieval.Options{K1: 0.9, B: 0.75, Weights: &w[f]})
		oth[f] = retrieval.New(other[f].Documents(), retrieval.Options{K1: 0.9, B: 0.75, Weights: &w[f]})
	}
	var n, top1, found, foundRight, neg, negFound, chunk1, chunk1Right, inTop5, inTop5Right int
	for _, q := range c.Questions {
		f := fold[q.Doc]
		x := ixs[f]
		hits := x.Search(q.Text, 5)
		r := x.RankSentences(q.Text, hits, 3)
		n++
		c1 := len(hits) > 0 && hits[0].Doc == q.Doc
		in5 := false
		for _, h := range hits {
			in5 = in5 || h.Doc == q.Doc
		}
		ok := false
		if len(r) > 0 {
			for _, g := range q.Gold {
				if g.Doc == r[0].Doc && r[0].Start <= g.Start && g.End <= r[0].End {
					ok = true
				}
			}
			if ok {
				top1++
			}
			if w[f].Covers(r[0].Confidence) {
				found++
				if ok {
					foundRight++
				}
			}
		}
		if c1 {
			chunk1++
			if ok {
				chunk1Right++
			}
		} else if in5 {
			inTop5++
			if ok {
				inTop5Right++
			}
		}
		o := oth[f]
		r = o.RankSentences(q.Text, o.Search(q.Text, 5), 3)
		neg++
		if len(r) > 0 && w[f].Covers(r[0].Confidence) {
			negFound++
		}
	}
	pc := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("n=%d top1 sentence=%.1f%% found=%.1f%% found&right=%.1f%% precision=%.1f%% neg answered=%.1f%%",
		n, pc(top1, n), pc(found, n), pc(foundRight, n), pc(foundRight, found), pc(negFound, neg))
	t.Logf("chunk1 %.1f%% of which sentence right %.1f%%; gold in top2-5 %.1f%% of which right %.1f%%", pc(chunk1, n), pc(chunk1Right, chunk1), pc(inTop5, n), pc(inTop5Right, inTop5))
}
