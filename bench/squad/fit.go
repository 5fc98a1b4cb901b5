package main

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"os"
	"slices"
	"strings"

	"storybot"
	"storybot/retrieval"
)

// The fitting's settings: how deep retrieval looks for an answer (as the answer engine
// does), how deep it looks for passages of other articles when it learns what an
// uncovered question looks like, and the optimiser's.
const (
	fitHits      = 5
	fitOtherHits = 80
	fitIters     = 400
	fitRate      = 0.05
	fitL2        = 1e-3
)

// fitCommand is the command that writes retrieval/weights_gen.go, from the repository root.
const fitCommand = "go run -C bench ./squad -fit ../retrieval/weights_gen.go"

// foldsOf returns, for each document, the fold of its article: SQuAD's articles in file
// order alternate between fold 0 and fold 1, so each fold holds half the articles and
// every paragraph and question of each.
func foldsOf(docs []storybot.Document) []int {
	fold := make([]int, len(docs))
	article, n := "", -1
	for i, d := range docs {
		if a := articleOf(d); a != article {
			article, n = a, n+1
		}
		fold[i] = n % 2
	}
	return fold
}

// articleOf is the article a paragraph belongs to: its Source up to the last slash.
func articleOf(d storybot.Document) string {
	if i := strings.LastIndexByte(d.Source, '/'); i >= 0 {
		return d.Source[:i]
	}
	return d.Source
}

// rankExample is one question's candidate sentences: their features, and which hold a
// gold answer.
type rankExample struct {
	feats []retrieval.Features
	gold  []bool
}

// fitExamples are what the weights are fitted on: per question, its candidates among the
// passages retrieval finds for it in the whole corpus, and among those it finds in the
// other articles only (where the question is not covered).
type fitExamples struct {
	covered, uncovered []rankExample
}

// collect gathers the fitting examples of the questions qs: asked of ix, which holds
// their articles, and of other[f], which holds only the articles of the fold other than
// f: a corpus that does not cover a question of fold f, nor uses its words as its own
// article does.
func collect(ix *retrieval.Index, other [2]*retrieval.Index, fold []int, qs []question) fitExamples {
	var ex fitExamples
	for _, q := range qs {
		hits := ix.Search(q.Text, fitHits)
		ex.covered = append(ex.covered, example(ix.Candidates(q.Text, hits), q.Gold))
		o := other[fold[q.Doc]]
		ex.uncovered = append(ex.uncovered, example(o.Candidates(q.Text, o.Search(q.Text, fitHits)), nil))
	}
	return ex
}

// otherFolds returns, for each fold, an index of the other fold's articles alone.
func otherFolds(docs []storybot.Document, fold []int) [2]*retrieval.Index {
	var out [2]*retrieval.Index
	for f := range out {
		var keep []storybot.Document
		for i, d := range docs {
			if fold[i] != f {
				keep = append(keep, d)
			}
		}
		out[f] = retrieval.New(keep, retrieval.DefaultOptions())
	}
	return out
}

// example labels candidates by whether they hold a gold span.
func example(cands []retrieval.SentenceHit, gold []span) rankExample {
	ex := rankExample{feats: make([]retrieval.Features, len(cands)), gold: make([]bool, len(cands))}
	for i, c := range cands {
		ex.feats[i] = c.Features
		ex.gold[i] = slices.ContainsFunc(gold, func(g span) bool {
			return g.Doc == c.Doc && c.Start <= g.Start && g.End <= c.End
		})
	}
	return ex
}

// fit fits the scorer's weights on the examples: the sentence weights by the likelihood
// that the best-scored candidate holds the answer (a softmax over each question's
// candidates), then the confidence by logistic regression on whether the best candidate
// holds the answer, covered and uncovered questions alike, and the threshold that
// classifies those best.
func fit(ex fitExamples) retrieval.Weights {
	var w retrieval.Weights
	w.Sentence = fitSentence(ex.covered)
	var xs [][retrieval.NumConfidence]float64
	var ys []float64
	add := func(e rankExample) {
		if len(e.feats) == 0 {
			return // nothing to quote: the answer is "not covered" whatever the weights
		}
		best, other := -1, math.Inf(-1)
		scores := make([]float64, len(e.feats))
		for i := range e.feats {
			scores[i] = dotW(&w.Sentence, &e.feats[i])
			if best < 0 || scores[i] > scores[best] {
				best = i
			}
		}
		for i, s := range scores {
			if i != best {
				other = max(other, s)
			}
		}
		xs = append(xs, retrieval.ConfidenceInputs(scores[best], other, e.feats[best]))
		y := 0.0
		if e.gold[best] {
			y = 1
		}
		ys = append(ys, y)
	}
	for _, e := range ex.covered {
		add(e)
	}
	for _, e := range ex.uncovered {
		add(e)
	}
	w.Confidence = fitLogistic(xs, ys)
	w.Threshold = bestThreshold(&w, xs, ys)
	return w
}

func dotW(w *[retrieval.NumFeatures]float64, f *retrieval.Features) float64 {
	var s float64
	for i, x := range f {
		s += w[i] * x
	}
	return s
}

// fitSentence maximises, over the questions with at least one candidate holding the
// answer, the log of the softmax probability of those candidates, with a little L2.
func fitSentence(ex []rankExample) [retrieval.NumFeatures]float64 {
	var w [retrieval.NumFeatures]float64
	var opt adam
	for range fitIters {
		var grad [retrieval.NumFeatures]float64
		n := 0
		for _, e := range ex {
			if !slices.Contains(e.gold, true) {
				continue
			}
			n++
			z := make([]float64, len(e.feats))
			top := math.Inf(-1)
			for i := range e.feats {
				z[i] = dotW(&w, &e.feats[i])
				top = max(top, z[i])
			}
			var all, gold float64
			for i := range z {
				z[i] = math.Exp(z[i] - top)
				all += z[i]
				if e.gold[i] {
					gold += z[i]
				}
			}
			for i, f := range e.feats {
				t := 0.0
				if e.gold[i] {
					t = z[i] / gold
				}
				d := t - z[i]/all
				for k, x := range f {
					grad[k] -= d * x
				}
			}
		}
		if n == 0 {
			break
		}
		for k := range grad {
			grad[k] = grad[k]/float64(n) + fitL2*w[k]
		}
		opt.step(w[:], grad[:])
	}
	return w
}

// fitLogistic fits logistic regression weights for inputs xs and labels ys, with a
// little L2 (not on the bias).
func fitLogistic(xs [][retrieval.NumConfidence]float64, ys []float64) [retrieval.NumConfidence]float64 {
	var w [retrieval.NumConfidence]float64
	var opt adam
	for range fitIters * 2 {
		var grad [retrieval.NumConfidence]float64
		for i, x := range xs {
			var z float64
			for k, v := range x {
				z += w[k] * v
			}
			d := 1/(1+math.Exp(-z)) - ys[i]
			for k, v := range x {
				grad[k] += d * v
			}
		}
		for k := range grad {
			grad[k] /= float64(max(len(xs), 1))
			if k > 0 {
				grad[k] += fitL2 * w[k]
			}
		}
		opt.step(w[:], grad[:])
	}
	return w
}

// bestThreshold returns the confidence threshold that classifies the examples best:
// quoted when they hold the answer, not quoted when they do not.
func bestThreshold(w *retrieval.Weights, xs [][retrieval.NumConfidence]float64, ys []float64) float64 {
	best, bestRight := 0.5, -1
	for t := 0.05; t < 0.951; t += 0.01 {
		right := 0
		for i, x := range xs {
			var z float64
			for k, v := range x {
				z += w.Confidence[k] * v
			}
			if (1/(1+math.Exp(-z)) >= t) == (ys[i] == 1) {
				right++
			}
		}
		if right > bestRight {
			best, bestRight = t, right
		}
	}
	return math.Round(best*100) / 100
}

// adam is the Adam optimiser's state for one parameter vector.
type adam struct {
	m, v []float64
	t    int
}

func (a *adam) step(w, grad []float64) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	if a.m == nil {
		a.m, a.v = make([]float64, len(w)), make([]float64, len(w))
	}
	a.t++
	for k, g := range grad {
		a.m[k] = b1*a.m[k] + (1-b1)*g
		a.v[k] = b2*a.v[k] + (1-b2)*g*g
		mh := a.m[k] / (1 - math.Pow(b1, float64(a.t)))
		vh := a.v[k] / (1 - math.Pow(b2, float64(a.t)))
		w[k] -= fitRate * mh / (math.Sqrt(vh) + eps)
	}
}

// foldWeights fits one set of weights per fold on the other fold's questions, for the
// held-out figures: weights[f] never saw a question of fold f.
func foldWeights(ix *retrieval.Index, qs []question) [2]retrieval.Weights {
	fold := foldsOf(ix.Documents())
	other := otherFolds(ix.Documents(), fold)
	var out [2]retrieval.Weights
	for f := range out {
		var train []question
		for _, q := range qs {
			if fold[q.Doc] != f {
				train = append(train, q)
			}
		}
		out[f] = fit(collect(ix, other, fold, train))
	}
	return out
}

// writeWeights fits the weights on every question and writes them as Go source to path.
func writeWeights(path string, docs []storybot.Document, qs []question) error {
	ix := retrieval.New(docs, retrieval.DefaultOptions())
	fold := foldsOf(docs)
	w := fit(collect(ix, otherFolds(docs, fold), fold, qs))
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by %q; DO NOT EDIT.\n\n", fitCommand)
	b.WriteString("package retrieval\n\n")
	fmt.Fprintf(&b, "// Fitted are the scorer's weights, fitted on all %d questions of SQuAD v1.1 dev\n", len(qs))
	b.WriteString("// (bench/squad/fit.go says how). The benchmark reports on weights fitted on half the\n")
	b.WriteString("// articles and measured on the other half, never on these.\n")
	b.WriteString("var Fitted = Weights{\n\tSentence: [NumFeatures]float64{\n")
	for f := range retrieval.NumFeatures {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", num(w.Sentence[f]), f)
	}
	b.WriteString("\t},\n\tConfidence: [NumConfidence]float64{\n")
	for k, x := range w.Confidence {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", num(x), confName(k))
	}
	fmt.Fprintf(&b, "\t},\n\tThreshold: %s,\n}\n", num(w.Threshold))
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format weights: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

// confName names the calibration's k-th input.
func confName(k int) string {
	switch k {
	case 0:
		return "bias"
	case 1:
		return "score"
	case 2:
		return "lead over the best other candidate"
	}
	return retrieval.Feature(k - 3).String()
}

// num prints a weight with six significant digits, so that a refit on another machine
// reads the same.
func num(x float64) string {
	if math.Abs(x) < 1e-6 {
		return "0" // a weight the data never moved: rounding noise
	}
	return fmt.Sprintf("%.6g", x)
}
