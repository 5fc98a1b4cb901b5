package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"storybot"
)

// row is one system's line of the quality table.
type row struct {
	System string
	// Sentences says how the sentence figures were made.
	Sentences string
	Index     time.Duration
	Search    latency
	// Answer times a whole quoted answer: search and sentence choice.
	Answer latency
	// FirstAnswer is the first answer's time, set-up left for the first question included.
	FirstAnswer time.Duration
	Quality     quality
}

// bleveLabel names the bleve configuration in the tables.
const bleveLabel = "bleve v2.6.1 (scorch in memory, BM25, en, true avg length)"

// outcome is what one system did with every question, for the misses file.
type outcome struct {
	results [][]scored
	quotes  [][][]span
}

// measureQuality builds each system on docs and runs every question against it.
func measureQuality(ctx context.Context, docs []storybot.Document, qs []question, cfg config, progress func(string, ...any)) ([]row, map[string]outcome, error) {
	var rows []row
	outcomes := map[string]outcome{}
	// bleve's sentences are picked from storybot's chunks with storybot's scorer, so a
	// storybot index is needed either way.
	var sb *storybotEngine
	for _, name := range cfg.systems {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		var (
			e   engine
			r   = row{System: name}
			err error
		)
		switch name {
		case "storybot":
			t := time.Now()
			sb = newStorybot(docs)
			r.Index = time.Since(t)
			sb.prepare()
			e = sb
			r.Sentences = "answer.Engine.Ask (bot ask, quotes only)"
		case "bleve":
			var b *bleveEngine
			if b, r.Index, err = buildBleve(docs, cfg.bleveBatch); err != nil {
				return nil, nil, err
			}
			defer b.Close()
			if sb == nil {
				sb = newStorybot(docs)
				sb.prepare()
			}
			b.quoteWith(sb)
			e = b
			r.System = bleveLabel
			r.Sentences = b.sentenceSource()
		}
		progress("%s: indexed %d paragraphs in %v; running %d questions", name, len(docs), r.Index.Round(time.Millisecond), len(qs))
		results, lat := searchAll(e, qs, cfg.warmup, 0)
		quotes, alat, first := quoteAll(ctx, e, qs, cfg.warmup)
		r.Search, r.Answer, r.FirstAnswer = lat, alat, first
		r.Quality = score(docs, qs, results, quotes)
		rows = append(rows, r)
		outcomes[name] = outcome{results, quotes}
	}
	return rows, outcomes, nil
}

// buildBleve indexes docs and passes in the true statistics. Counting the tokens, which
// bleve could do for itself, is not part of the index time.
func buildBleve(docs []storybot.Document, batch int) (*bleveEngine, time.Duration, error) {
	t := time.Now()
	b, err := newBleve(docs, batch)
	if err != nil {
		return nil, 0, err
	}
	took := time.Since(t)
	tokens, err := bleveTokens(docs)
	if err != nil {
		b.Close()
		return nil, 0, err
	}
	b.setStats(len(docs), tokens)
	return b, took, nil
}

// scaleRow is one system at one replication factor.
type scaleRow struct {
	System string
	Scale  int
	Docs   int
	// Tokens counts what the system indexes: storybot's terms, bleve's en analyzer tokens.
	Tokens int
	Index  time.Duration
	// Heap is the live heap the index adds, after a collection.
	Heap          int64
	BytesPerToken float64
	Search        latency
}

// measureScale builds each system on the corpus replicated by each factor and times the
// sampled questions against it.
func measureScale(ctx context.Context, docs []storybot.Document, sample []question, cfg config, progress func(string, ...any)) ([]scaleRow, error) {
	sbTokens := indexedTokens(docs)
	blTokens, err := bleveTokens(docs)
	if err != nil {
		return nil, err
	}
	var rows []scaleRow
	for _, n := range cfg.scales {
		big := replicate(docs, n)
		for _, name := range cfg.systems {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r := scaleRow{System: name, Scale: n, Docs: len(big)}
			base := settledHeap()
			var e engine
			switch name {
			case "storybot":
				t := time.Now()
				sb := newStorybot(big)
				r.Index = time.Since(t)
				r.Heap = liveHeap() - base
				sb.prepare()
				r.Tokens = sbTokens * n
				e = sb
			case "bleve":
				t := time.Now()
				b, err := newBleve(big, cfg.bleveBatch)
				if err != nil {
					return nil, err
				}
				r.Index = time.Since(t)
				r.Heap = liveHeap() - base
				r.Tokens = blTokens * n
				b.setStats(len(big), r.Tokens)
				r.System = bleveLabel
				e = b
			}
			if r.Tokens > 0 {
				r.BytesPerToken = float64(r.Heap) / float64(r.Tokens)
			}
			_, r.Search = searchAll(e, sample, cfg.warmup, cfg.scaleBudget)
			if b, ok := e.(*bleveEngine); ok {
				b.Close()
			}
			progress("%s ×%d: %d paragraphs indexed in %v, %d queries, p50 %v", name, n, len(big), r.Index.Round(time.Millisecond), r.Search.N, r.Search.P50)
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// settledHeap is liveHeap once it stops falling: a closed bleve index lets go of its
// memory from background goroutines a moment after Close returns, and a baseline taken
// before then would make the next index look smaller than it is.
func settledHeap() int64 {
	h := liveHeap()
	for range 20 {
		time.Sleep(20 * time.Millisecond)
		next := liveHeap()
		if next >= h-h/1000 {
			return min(h, next)
		}
		h = next
	}
	return h
}

// replicate returns n copies of docs as distinct documents: copy c of "x/3" is "x/3#c".
func replicate(docs []storybot.Document, n int) []storybot.Document {
	out := make([]storybot.Document, 0, len(docs)*n)
	out = append(out, docs...)
	for c := 1; c < n; c++ {
		for _, d := range docs {
			d.Source = fmt.Sprintf("%s#%d", d.Source, c)
			out = append(out, d)
		}
	}
	return out
}

// sampleQuestions picks n questions spread evenly over qs, all of them when n >= len(qs).
func sampleQuestions(qs []question, n int) []question {
	if n >= len(qs) {
		return qs
	}
	out := make([]question, n)
	for i := range out {
		out[i] = qs[i*len(qs)/n]
	}
	return out
}
