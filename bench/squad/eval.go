package main

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"time"

	"storybot"
)

const (
	// topK is the depth of paragraph retrieval: MRR@10.
	topK = 10
	// maxQuoted bounds the quoted answer: a gold span must lie within three sentences.
	maxQuoted = 3
	// minTimed is how many queries a time budget never cuts below.
	minTimed = 50
)

// latency is the distribution of per-query times.
type latency struct {
	N        int
	P50, P99 time.Duration
}

// quality is how often a system finds the right paragraph and quotes the right sentence.
type quality struct {
	Questions        int
	Top1, Top5, MRR  float64
	Sentence1        float64 // the first quoted sentence holds a gold span
	SentenceInAnswer float64 // a gold span lies within the quoted answer
}

// searchAll runs every question through Search, one at a time, after a warm-up, timing each.
// With a budget > 0 it stops once the budget is spent (never before minTimed queries) and
// returns the results of the questions it ran.
func searchAll(e engine, qs []question, warmup int, budget time.Duration) ([][]scored, latency) {
	for _, q := range qs[:min(warmup, len(qs))] {
		e.Search(q.Text, topK)
	}
	runtime.GC()
	results := make([][]scored, 0, len(qs))
	times := make([]time.Duration, 0, len(qs))
	began := time.Now()
	for _, q := range qs {
		t := time.Now()
		r := e.Search(q.Text, topK)
		times = append(times, time.Since(t))
		results = append(results, r)
		if budget > 0 && len(times) >= minTimed && time.Since(began) > budget {
			break
		}
	}
	return results, percentiles(times)
}

// quoteAll asks every question for a quoted answer, timing each whole answer after a
// warm-up. It also returns the time of the very first answer, which pays for whatever the
// system leaves until it is first asked.
func quoteAll(ctx context.Context, e engine, qs []question, warmup int) ([][][]span, latency, time.Duration) {
	var first time.Duration
	for i, q := range qs[:min(max(warmup, 1), len(qs))] {
		t := time.Now()
		e.Quote(ctx, q.Text)
		if i == 0 {
			first = time.Since(t)
		}
	}
	runtime.GC()
	out := make([][][]span, len(qs))
	times := make([]time.Duration, len(qs))
	for i, q := range qs {
		t := time.Now()
		out[i] = e.Quote(ctx, q.Text)
		times[i] = time.Since(t)
	}
	return out, percentiles(times), first
}

// percentiles returns the median and the 99th percentile (nearest rank) of times.
func percentiles(times []time.Duration) latency {
	if len(times) == 0 {
		return latency{}
	}
	s := slices.Clone(times)
	slices.Sort(s)
	at := func(p int) time.Duration {
		i := (len(s)*p + 99) / 100 // ceil(n·p/100), 1-based
		return s[max(i, 1)-1]
	}
	return latency{N: len(s), P50: at(50), P99: at(99)}
}

// rank returns the 1-based position of doc in results, or 0 when absent.
func rank(results []scored, doc int) int {
	for i, r := range results {
		if r.Doc == doc {
			return i + 1
		}
	}
	return 0
}

// score computes the retrieval figures from results[i], the ranking for qs[i], and the
// sentence figures from quotes[i], the answer's quotes each as the spans it cites, when
// quotes is not nil. The first quote counts with every article it cites.
func score(docs []storybot.Document, qs []question, results [][]scored, quotes [][][]span) quality {
	var q quality
	q.Questions = len(results)
	if q.Questions == 0 {
		return q
	}
	for i, r := range results {
		switch k := rank(r, qs[i].Doc); {
		case k == 1:
			q.Top1++
			fallthrough
		case k >= 1 && k <= 5:
			q.Top5++
			fallthrough
		case k >= 1 && k <= topK:
			q.MRR += 1 / float64(k)
		}
	}
	for i, groups := range quotes {
		groups = groups[:min(len(groups), maxQuoted)]
		if len(groups) > 0 && holds(docs, groups[0], qs[i].Gold) {
			q.Sentence1++
		}
		if holds(docs, slices.Concat(groups...), qs[i].Gold) {
			q.SentenceInAnswer++
		}
	}
	n := float64(q.Questions)
	q.Top1, q.Top5, q.MRR = q.Top1/n, q.Top5/n, q.MRR/n
	if quotes != nil {
		q.Sentence1, q.SentenceInAnswer = q.Sentence1/float64(len(quotes)), q.SentenceInAnswer/float64(len(quotes))
	}
	return q
}

// holds reports whether some gold span lies inside the quoted spans. Quotes of one document
// that touch, or are separated only by white space, count as one passage, so an answer that
// runs over a sentence boundary is found in two consecutive quoted sentences.
func holds(docs []storybot.Document, quoted, gold []span) bool {
	for _, m := range merge(docs, quoted) {
		for _, g := range gold {
			if m.Doc == g.Doc && m.Start <= g.Start && g.End <= m.End {
				return true
			}
		}
	}
	return false
}

// merge joins quoted spans of the same document that touch or are separated by white space.
func merge(docs []storybot.Document, spans []span) []span {
	s := slices.Clone(spans)
	slices.SortFunc(s, func(a, b span) int {
		if a.Doc != b.Doc {
			return a.Doc - b.Doc
		}
		return a.Start - b.Start
	})
	var out []span
	for _, x := range s {
		if x.Doc < 0 || x.Doc >= len(docs) || x.Start < 0 || x.End > len(docs[x.Doc].Text) || x.Start > x.End {
			continue // not a span of the corpus: it cannot hold an answer
		}
		if n := len(out); n > 0 && out[n-1].Doc == x.Doc {
			last := &out[n-1]
			if x.Start <= last.End || strings.TrimSpace(docs[x.Doc].Text[last.End:x.Start]) == "" {
				last.End = max(last.End, x.End)
				continue
			}
		}
		out = append(out, x)
	}
	return out
}
