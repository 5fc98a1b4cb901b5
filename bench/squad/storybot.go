package main

import (
	"context"

	"storybot"
	"storybot/answer"
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
	Search(query string, k int) []scored
	// Quote returns the spans the system quotes in answer to query, in the order quoted.
	Quote(ctx context.Context, query string) []span
}

// storybotEngine is storybot's own retrieval and quote-only answer: the path `bot ask` takes.
type storybotEngine struct {
	ix  *retrieval.Index
	eng *answer.Engine
	// perDoc is how many chunks a document yields on average, rounded up: how many chunks to
	// ask for to get k documents in one search most of the time.
	perDoc int
	// docOf maps a citation's Source back to its document.
	docOf map[string]int
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
		s.perDoc = (s.ix.NumChunks() + len(docs) - 1) / len(docs)
	}
	s.docOf = make(map[string]int, len(docs))
	for i, d := range docs {
		s.docOf[d.Source] = i
	}
}

// Search maps storybot's chunk hits to documents, keeping each document's best rank. When a
// search leaves fewer than k documents but more chunks match, it asks again for more.
func (s *storybotEngine) Search(query string, k int) []scored {
	want := k * s.perDoc
	for {
		hits := s.ix.Search(query, want)
		out := make([]scored, 0, k)
		seen := make(map[int]bool, k)
		for _, h := range hits {
			if seen[h.Doc] {
				continue
			}
			seen[h.Doc] = true
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

// Quote asks the quote-only answer engine, exactly as `bot ask` does without an LLM.
func (s *storybotEngine) Quote(ctx context.Context, query string) []span {
	a := s.eng.Ask(ctx, query, nil, nil)
	if !a.Found {
		return nil
	}
	out := make([]span, 0, len(a.Citations))
	for _, c := range a.Citations {
		d, ok := s.docOf[c.Source]
		if !ok {
			continue
		}
		out = append(out, span{Doc: d, Start: c.Start, End: c.End})
	}
	return out
}

// indexedTokens counts the terms storybot indexes for docs.
func indexedTokens(docs []storybot.Document) int {
	n := 0
	for _, d := range docs {
		n += len(retrieval.Terms(d.Text))
	}
	return n
}
