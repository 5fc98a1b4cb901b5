package main

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"storybot"
	"storybot/answer"
	"storybot/answer/answertest"
	"storybot/retrieval"
)

// scored is a document ranked for a query.
type scored struct {
	Doc   int
	Score float64
}

// engine is a system under test, built over one corpus.
type engine interface {
	// Search returns up to k distinct documents for query, best first. It is what the
	// latency figures time.
	Search(q question, k int) []scored
	// Quote returns the quotes of the system's answer to q, in the order quoted, each as
	// the spans of the corpus it cites.
	Quote(ctx context.Context, q question) [][]span
}

// storybotEngine is storybot's own retrieval and quote-only answer: the path `bot ask` takes.
type storybotEngine struct {
	ix  *retrieval.Index
	eng *answer.Engine
	// perDoc is how many chunks a document yields on average: k documents take about
	// k·perDoc chunks, rounded up, which one search gets most of the time.
	perDoc float64
	// docOf maps a citation's Source back to its document.
	docOf map[string]int
	// held are the answer engines with weights fitted on the other fold's articles, one
	// per fold, and fold is each document's fold: a question is answered by the engine
	// that never saw its article. Without them, eng answers.
	held [2]*answer.Engine
	// weights are the held-out weights, per fold.
	weights [2]retrieval.Weights
	heldIx  [2]*retrieval.Index
	fold    []int
}

// newStorybot indexes docs with storybot's defaults.
func newStorybot(docs []storybot.Document) *storybotEngine {
	ix := retrieval.New(docs, retrieval.DefaultOptions())
	return &storybotEngine{ix: ix, eng: answer.New(ix, answer.Options{})}
}

// prepare computes what the harness needs to read results, outside the timed build.
func (s *storybotEngine) prepare() {
	docs := s.ix.Documents()
	s.perDoc = 1
	if len(docs) > 0 {
		s.perDoc = float64(s.ix.NumChunks()) / float64(len(docs))
	}
	s.docOf = make(map[string]int, len(docs))
	for i, d := range docs {
		s.docOf[d.Source] = i
	}
}

// Search maps storybot's chunk hits to documents, keeping each document's best rank. When a
// search leaves fewer than k documents but more chunks match, it asks again for more.
func (s *storybotEngine) Search(q question, k int) []scored {
	ix := s.ix
	if s.heldIx[0] != nil {
		ix = s.heldIx[s.fold[q.Doc]]
	}
	want := int(math.Ceil(float64(k) * s.perDoc))
	for {
		hits := ix.Search(q.Text, want)
		out := make([]scored, 0, k)
		for _, h := range hits {
			// A scan of the few documents kept so far costs less than a map per query,
			// which the latency figures would charge to storybot.
			if slices.ContainsFunc(out, func(x scored) bool { return x.Doc == h.Doc }) {
				continue
			}
			out = append(out, scored{Doc: h.Doc, Score: h.Score})
			if len(out) == k {
				return out
			}
		}
		if len(hits) < want || want >= s.ix.NumChunks() {
			return out
		}
		want *= 2
	}
}

// holdOut fits the scorer's weights on each fold's questions among qs and builds, for
// each fold, an answer engine whose weights were fitted on the other fold's.
func (s *storybotEngine) holdOut(qs []question, story []answertest.Question) [2]retrieval.Weights {
	w := foldWeights(s.ix.Documents(), qs, story)
	s.weights = w
	s.fold = foldsOf(s.ix.Documents())
	for f := range s.held {
		opts := retrieval.DefaultOptions()
		opts.Weights = &w[f]
		s.heldIx[f] = retrieval.New(s.ix.Documents(), opts)
		s.held[f] = answer.New(s.heldIx[f], answer.Options{})
	}
	return w
}

// engineFor returns the answer engine for question q: the one that never saw its
// article when the figures are held out.
func (s *storybotEngine) engineFor(q question) *answer.Engine {
	if s.held[0] != nil {
		return s.held[s.fold[q.Doc]]
	}
	return s.eng
}

// Quote asks the quote-only answer engine, exactly as `bot ask` does without an LLM.
func (s *storybotEngine) Quote(ctx context.Context, q question) [][]span {
	return quoteGroups(s.engineFor(q).Ask(ctx, q.Text, nil, nil), s.docOf)
}

// trailingMarkers matches the citation markers that end a quote line, "[1][2]".
var trailingMarkers = regexp.MustCompile(`(?:\[\d+\])+\s*$`)

// quoteGroups returns an answer's quotes in order, each as the spans it cites: the answer
// engine quotes a sentence once and cites every article that says it. Quotes are the lines
// of the answer's Markdown that end in citation markers; a marker [n] names article n, and
// the citations are listed in the order the markers first cite them, so each marker of a
// line takes the next citation of its article not yet taken. An answer without such lines
// counts each citation as a quote of its own.
func quoteGroups(a storybot.Answer, docOf map[string]int) [][]span {
	if !a.Found {
		return nil
	}
	taken := make([]bool, len(a.Citations))
	next := func(n int) (span, bool) {
		for i, c := range a.Citations {
			if c.N == n && !taken[i] {
				taken[i] = true
				d, ok := docOf[c.Source]
				return span{Doc: d, Start: c.Start, End: c.End}, ok
			}
		}
		return span{}, false
	}
	var groups [][]span
	for _, line := range strings.Split(a.Text, "\n") {
		var g []span
		for _, m := range markerNumbers.FindAllStringSubmatch(trailingMarkers.FindString(line), -1) {
			n, _ := strconv.Atoi(m[1])
			if sp, ok := next(n); ok {
				g = append(g, sp)
			}
		}
		if len(g) > 0 {
			groups = append(groups, g)
		}
	}
	if len(groups) > 0 {
		return groups
	}
	for _, c := range a.Citations {
		if d, ok := docOf[c.Source]; ok {
			groups = append(groups, []span{{Doc: d, Start: c.Start, End: c.End}})
		}
	}
	return groups
}

// markerNumbers picks the numbers out of citation markers.
var markerNumbers = regexp.MustCompile(`\[(\d+)\]`)

// indexedTokens counts the terms storybot indexes for docs.
func indexedTokens(docs []storybot.Document) int {
	n := 0
	for _, d := range docs {
		n += len(retrieval.Terms(d.Text))
	}
	return n
}
