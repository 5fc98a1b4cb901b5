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
	// Gate is how well the calibrated confidence tells covered questions from others;
	// storybot's row only.
	Gate *gateFigures `json:",omitempty"`
}

// bleveLabel names the bleve configuration in the tables.
const bleveLabel = "bleve v2.6.1 (scorch in memory, BM25, en, true avg length)"

// outcome is what one system did with every question, for the misses file.
type outcome struct {
	results [][]scored
	quotes  [][][]span
}

// measureQuality builds each system on docs and runs every question against them all.
func measureQuality(ctx context.Context, docs []storybot.Document, qs []question, cfg config, progress func(string, ...any)) ([]row, map[string]outcome, error) {
	rows := make([]row, len(cfg.systems))
	es := make([]engine, len(cfg.systems))
	// bleve's sentences are picked from storybot's chunks with storybot's scorer, so a
	// storybot index is needed either way.
	var sb *storybotEngine
	for k, name := range cfg.systems {
		r := &rows[k]
		r.System = name
		switch name {
		case "storybot":
			t := time.Now()
			sb = newStorybot(docs)
			r.Index = time.Since(t)
			sb.prepare()
			sb.holdOut(qs, cfg.storyQs)
			es[k] = sb
			r.Sentences = "answer.Engine.Ask (bot ask, quotes only)"
		case "bleve":
			b, took, err := buildBleve(docs, cfg.bleveBatch)
			if err != nil {
				return nil, nil, err
			}
			defer b.Close()
			if sb == nil {
				sb = newStorybot(docs)
				sb.prepare()
				sb.holdOut(qs, cfg.storyQs)
			}
			b.quoteWith(sb)
			es[k] = b
			r.System, r.Index, r.Sentences = bleveLabel, took, b.sentenceSource()
		}
		progress("%s: indexed %d paragraphs in %v", name, len(docs), r.Index.Round(time.Millisecond))
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	progress("running %d questions, systems taking turns", len(qs))
	results, lats := searchAll(es, qs, cfg.warmup, 0)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	quotes, alats, firsts := quoteAll(ctx, es, qs, cfg.warmup)
	outcomes := map[string]outcome{}
	for k, name := range cfg.systems {
		r := &rows[k]
		r.Search, r.Answer, r.FirstAnswer = lats[k], alats[k], firsts[k]
		r.Quality = score(docs, qs, results[k], quotes[k])
		if name == "storybot" {
			g := measureGate(sb, qs)
			r.Gate = &g
		}
		outcomes[name] = outcome{results[k], quotes[k]}
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
// sampled questions against them, the systems taking turns.
func measureScale(ctx context.Context, docs []storybot.Document, sample []question, cfg config, progress func(string, ...any)) ([]scaleRow, error) {
	sbTokens := indexedTokens(docs)
	blTokens, err := bleveTokens(docs)
	if err != nil {
		return nil, err
	}
	var rows []scaleRow
	for _, n := range cfg.scales {
		big := replicate(docs, n)
		at := make([]scaleRow, len(cfg.systems))
		es := make([]engine, len(cfg.systems))
		for k, name := range cfg.systems {
			if err := ctx.Err(); err != nil {
				closeEngines(es)
				return nil, err
			}
			r := &at[k]
			*r = scaleRow{System: name, Scale: n, Docs: len(big)}
			// The heap is measured from just before each build, so an index already built
			// counts in the baseline, not in the next one's figure.
			base := settledHeap()
			t := time.Now()
			switch name {
			case "storybot":
				sb := newStorybot(big)
				r.Index = time.Since(t)
				r.Heap = liveHeap() - base
				sb.prepare()
				r.Tokens = sbTokens * n
				es[k] = sb
			case "bleve":
				b, err := newBleve(big, cfg.bleveBatch)
				if err != nil {
					closeEngines(es)
					return nil, err
				}
				r.Index = time.Since(t)
				r.Heap = liveHeap() - base
				r.Tokens = blTokens * n
				b.setStats(len(big), r.Tokens)
				r.System = bleveLabel
				es[k] = b
			}
			if r.Tokens > 0 {
				r.BytesPerToken = float64(r.Heap) / float64(r.Tokens)
			}
			progress("%s ×%d: %d paragraphs indexed in %v", name, n, len(big), r.Index.Round(time.Millisecond))
		}
		_, lats := searchAll(es, sample, cfg.warmup, cfg.scaleBudget)
		for k := range at {
			at[k].Search = lats[k]
		}
		closeEngines(es)
		rows = append(rows, at...)
	}
	return rows, nil
}

// closeEngines releases the engines that hold resources (bleve's goroutines); nil entries,
// not built yet, are skipped.
func closeEngines(es []engine) {
	for _, e := range es {
		if b, ok := e.(*bleveEngine); ok {
			b.Close()
		}
	}
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
