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
	"storybot/answer/answertest"
	"storybot/retrieval"
	"storybot/seeds"
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

// storyQuestions is where the story's dev questions are, from the bench folder.
const storyQuestions = "../answer/testdata/dev.txt"

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
	feats [][]float64
	gold  []bool
	// weight is how much the example counts; zero counts as one.
	weight float64
}

// w returns the example's weight.
func (e rankExample) w() float64 {
	if e.weight == 0 {
		return 1
	}
	return e.weight
}

// fitExamples are what the weights are fitted on: per question, its candidates among the
// passages retrieval finds for it in the whole corpus, and among those it finds in the
// other articles only (where the question is not covered).
type fitExamples struct {
	covered, uncovered []rankExample
}

// collect gathers the sentence examples of the questions qs: asked of ix, which holds
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

// storyShare is the share of the fitting's weight the story's dev questions carry,
// against SQuAD's: enough that the scorer learns how a small corpus of news reads
// (where many everyday words never occur), not so much that 100 questions outweigh
// 10,000.
const storyShare = 0.5

// storyExamples gathers the examples of the story's dev questions, asked of ix (an index
// of the story), each weighing so that together they carry storyShare of the weight of
// n SQuAD questions.
func storyExamples(ix *retrieval.Index, qs []answertest.Question, n int) (chunks []rankExample, ex fitExamples) {
	weight := storyShare / (1 - storyShare) * float64(n) / float64(max(len(qs), 1))
	for _, q := range qs {
		hits, feats := ix.ChunkCandidates(q.Text)
		ce := rankExample{feats: make([][]float64, len(hits)), gold: make([]bool, len(hits)), weight: weight}
		for i, h := range hits {
			ce.feats[i] = feats[i][:]
			ce.gold[i] = q.Answered() && q.Holds(h.Text)
		}
		chunks = append(chunks, ce)
		cands := ix.Candidates(q.Text, ix.Search(q.Text, fitHits))
		e := rankExample{feats: make([][]float64, len(cands)), gold: make([]bool, len(cands)), weight: weight}
		for i, c := range cands {
			e.feats[i] = c.Features[:]
			e.gold[i] = q.Answered() && q.Holds(c.Text)
		}
		if q.Answered() {
			ex.covered = append(ex.covered, e)
		} else {
			ex.uncovered = append(ex.uncovered, e)
		}
	}
	return chunks, ex
}

// chunkExamples gathers, per question, the chunks Search re-ranks and which of them are
// the question's paragraph.
func chunkExamples(ix *retrieval.Index, qs []question) []rankExample {
	out := make([]rankExample, 0, len(qs))
	for _, q := range qs {
		hits, feats := ix.ChunkCandidates(q.Text)
		ex := rankExample{feats: make([][]float64, len(hits)), gold: make([]bool, len(hits))}
		for i, h := range hits {
			ex.feats[i] = feats[i][:]
			ex.gold[i] = h.Doc == q.Doc
		}
		out = append(out, ex)
	}
	return out
}

// indexes builds, with weights w, an index of docs and, for each fold, one of the other
// fold's articles alone.
func indexes(docs []storybot.Document, fold []int, w *retrieval.Weights) (*retrieval.Index, [2]*retrieval.Index) {
	opts := retrieval.DefaultOptions()
	opts.Weights = w
	return retrieval.New(docs, opts), [2]*retrieval.Index{otherFold(docs, fold, 0, opts), otherFold(docs, fold, 1, opts)}
}

// otherFold returns an index of the articles of the fold other than f alone.
func otherFold(docs []storybot.Document, fold []int, f int, opts retrieval.Options) *retrieval.Index {
	var keep []storybot.Document
	for i, d := range docs {
		if fold[i] != f {
			keep = append(keep, d)
		}
	}
	return retrieval.New(keep, opts)
}

// example labels candidates by whether they hold a gold span.
func example(cands []retrieval.SentenceHit, gold []span) rankExample {
	ex := rankExample{feats: make([][]float64, len(cands)), gold: make([]bool, len(cands))}
	for i, c := range cands {
		ex.feats[i] = c.Features[:]
		ex.gold[i] = slices.ContainsFunc(gold, func(g span) bool {
			return g.Doc == c.Doc && c.Start <= g.Start && g.End <= c.End
		})
	}
	return ex
}

// fit fits the scorer's weights on the questions qs of docs, in three steps: the chunk
// weights by the likelihood that the best-scored candidate chunk is the question's
// paragraph (a softmax over each question's candidates); the sentence weights likewise,
// over the sentences of the chunks the fitted chunk weights rank best; then the
// confidence by logistic regression on whether the best sentence holds the answer,
// asked of a corpus that covers the question and of one that does not, and the
// threshold that classifies those best.
func fit(docs []storybot.Document, fold []int, qs []question, story []answertest.Question) retrieval.Weights {
	w := new(retrieval.Weights)
	ix, other := indexes(docs, fold, w)
	opts := retrieval.DefaultOptions()
	opts.Weights = w
	storyIx := retrieval.New(seeds.Embedded(), opts)
	storyChunks, _ := storyExamples(storyIx, story, len(qs))
	copy(w.Chunk[:], fitSoftmax(append(chunkExamples(ix, qs), storyChunks...), int(retrieval.NumChunkFeatures)))
	ex := collect(ix, other, fold, qs)
	_, storyEx := storyExamples(storyIx, story, len(qs))
	ex.covered = append(ex.covered, storyEx.covered...)
	ex.uncovered = append(ex.uncovered, storyEx.uncovered...)
	copy(w.Sentence[:], fitSoftmax(ex.covered, int(retrieval.NumFeatures)))
	var xs [][retrieval.NumConfidence]float64
	var ys, ws, ties []float64
	add := func(e rankExample) {
		if len(e.feats) == 0 {
			return // nothing to quote: the answer is "not covered" whatever the weights
		}
		best, other := -1, math.Inf(-1)
		scores := make([]float64, len(e.feats))
		for i := range e.feats {
			scores[i] = dotW(w.Sentence[:], e.feats[i])
			if best < 0 || scores[i] > scores[best] {
				best = i
			}
		}
		for i, s := range scores {
			if i != best {
				other = max(other, s)
			}
		}
		var f retrieval.Features
		copy(f[:], e.feats[best])
		xs = append(xs, retrieval.ConfidenceInputs(scores[best], other, f))
		ties = append(ties, f[retrieval.FeatTie])
		y := 0.0
		if e.gold[best] {
			y = 1
		}
		ys = append(ys, y)
		ws = append(ws, e.w())
	}
	for _, e := range ex.covered {
		add(e)
	}
	for _, e := range ex.uncovered {
		add(e)
	}
	w.Confidence = fitLogistic(xs, ys, ws)
	w.Threshold, w.MinTie = bestThreshold(w, xs, ys, ws, ties)
	return *w
}

func dotW(w, f []float64) float64 {
	var s float64
	for i, x := range f {
		s += w[i] * x
	}
	return s
}

// fitSoftmax maximises, over the examples with at least one gold candidate, the log of
// the softmax probability of the gold candidates, with a little L2, and returns the n
// weights.
func fitSoftmax(ex []rankExample, n int) []float64 {
	w := make([]float64, n)
	var opt adam
	for range fitIters {
		grad := make([]float64, n)
		used := 0.0
		for _, e := range ex {
			if !slices.Contains(e.gold, true) {
				continue
			}
			used += e.w()
			z := make([]float64, len(e.feats))
			top := math.Inf(-1)
			for i := range e.feats {
				z[i] = dotW(w, e.feats[i])
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
				d := e.w() * (t - z[i]/all)
				for k, x := range f {
					grad[k] -= d * x
				}
			}
		}
		if used == 0 {
			break
		}
		for k := range grad {
			grad[k] = grad[k]/used + fitL2*w[k]
		}
		opt.step(w, grad)
	}
	return w
}

// fitLogistic fits logistic regression weights for inputs xs and labels ys, with a
// little L2 (not on the bias).
func fitLogistic(xs [][retrieval.NumConfidence]float64, ys, ws []float64) [retrieval.NumConfidence]float64 {
	var total float64
	for _, x := range ws {
		total += x
	}
	var w [retrieval.NumConfidence]float64
	var opt adam
	for range fitIters * 2 {
		var grad [retrieval.NumConfidence]float64
		for i, x := range xs {
			d := ws[i] * (1/(1+math.Exp(-dotW(w[:], x[:]))) - ys[i])
			for k, v := range x {
				grad[k] += d * v
			}
		}
		for k := range grad {
			grad[k] /= max(total, 1)
			if k > 0 {
				grad[k] += fitL2 * w[k]
			}
		}
		opt.step(w[:], grad[:])
	}
	return w
}

// bestThreshold returns the confidence threshold, and the least share of the question's
// ties (FeatTie), that classify the examples best: quoted when they hold the answer, not
// quoted when they do not.
func bestThreshold(w *retrieval.Weights, xs [][retrieval.NumConfidence]float64, ys, ws, ties []float64) (threshold, minTie float64) {
	conf := make([]float64, len(xs))
	for i, x := range xs {
		conf[i] = 1 / (1 + math.Exp(-dotW(w.Confidence[:], x[:])))
	}
	best, bestTie, bestRight := 0.5, 0.0, -1.0
	for _, tie := range []float64{0, 0.5, 1} {
		for t := 0.05; t < 0.951; t += 0.01 {
			right := 0.0
			for i := range xs {
				if (conf[i] >= t && ties[i] >= tie) == (ys[i] == 1) {
					right += ws[i]
				}
			}
			if right > bestRight {
				best, bestTie, bestRight = t, tie, right
			}
		}
	}
	return math.Round(best*100) / 100, bestTie
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
func foldWeights(docs []storybot.Document, qs []question, story []answertest.Question) [2]retrieval.Weights {
	fold := foldsOf(docs)
	var out [2]retrieval.Weights
	for f := range out {
		var train []question
		for _, q := range qs {
			if fold[q.Doc] != f {
				train = append(train, q)
			}
		}
		out[f] = fit(docs, fold, train, story)
	}
	return out
}

// writeWeights fits the weights on every question and writes them as Go source to path.
func writeWeights(path string, docs []storybot.Document, qs []question, story []answertest.Question) error {
	w := fit(docs, foldsOf(docs), qs, story)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by %q; DO NOT EDIT.\n\n", fitCommand)
	b.WriteString("package retrieval\n\n")
	fmt.Fprintf(&b, "// Fitted are the scorer's weights, fitted on all %d questions of SQuAD v1.1 dev and the\n", len(qs))
	fmt.Fprintf(&b, "// story's %d dev questions (answer/testdata/dev.txt)", len(story))
	b.WriteString(" (bench/squad/fit.go says how). The benchmark\n// reports on weights fitted on half the SQuAD")
	b.WriteString(" articles and measured on the other half, never on these.\n")
	b.WriteString("var Fitted = Weights{\n\tChunk: [NumChunkFeatures]float64{\n")
	for f := range retrieval.NumChunkFeatures {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", num(w.Chunk[f]), f)
	}
	b.WriteString("\t},\n\tSentence: [NumFeatures]float64{\n")
	for f := range retrieval.NumFeatures {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", num(w.Sentence[f]), f)
	}
	b.WriteString("\t},\n\tConfidence: [NumConfidence]float64{\n")
	for k, x := range w.Confidence {
		fmt.Fprintf(&b, "\t\t%s, // %s\n", num(x), confName(k))
	}
	fmt.Fprintf(&b, "\t},\n\tThreshold: %s,\n\tMinTie:    %s,\n}\n", num(w.Threshold), num(w.MinTie))
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
