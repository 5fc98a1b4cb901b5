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

// turn is how many questions one system runs before the next takes over: the systems take
// turns so that a change in a shared machine's load falls on all of them alike, in turns
// long enough that the caches warm up again at the start of each.
const turn = 500

// searchAll runs the questions through every engine's Search, one query at a time on this
// goroutine, after a warm-up, timing each; results[e][i] is engine e's ranking for qs[i].
// With a budget > 0 it stops once the engines have spent budget each (never before minTimed
// queries), every engine having run the same questions.
func searchAll(es []engine, qs []question, warmup int, budget time.Duration) ([][][]scored, []latency) {
	for _, e := range es {
		for _, q := range qs[:min(warmup, len(qs))] {
			e.Search(q, topK)
		}
	}
	results := make([][][]scored, len(es))
	times := make([][]time.Duration, len(es))
	began := time.Now()
	for lo := 0; lo < len(qs); lo += turn {
		block := qs[lo:min(lo+turn, len(qs))]
		for k, e := range es {
			// A collection between turns keeps one system's garbage from being collected
			// on the next one's time.
			runtime.GC()
			for _, q := range block {
				t := time.Now()
				r := e.Search(q, topK)
				times[k] = append(times[k], time.Since(t))
				results[k] = append(results[k], r)
			}
		}
		done := lo + len(block)
		if budget > 0 && done >= minTimed && time.Since(began) > budget*time.Duration(len(es)) {
			break
		}
	}
	lats := make([]latency, len(es))
	for k := range es {
		lats[k] = percentiles(times[k])
	}
	return results, lats
}

// quoteAll asks every engine for a quoted answer to every question, taking turns as
// searchAll does, timing each whole answer after a warm-up; quotes[e][i] is engine e's
// answer to qs[i]. first[e] is engine e's very first answer, which pays for whatever it
// leaves until it is first asked.
func quoteAll(ctx context.Context, es []engine, qs []question, warmup int) (quotes [][][][]span, lats []latency, first []time.Duration) {
	first = make([]time.Duration, len(es))
	for k, e := range es {
		for i, q := range qs[:min(max(warmup, 1), len(qs))] {
			t := time.Now()
			e.Quote(ctx, q)
			if i == 0 {
				first[k] = time.Since(t)
			}
		}
	}
	quotes = make([][][][]span, len(es))
	times := make([][]time.Duration, len(es))
	for k := range es {
		quotes[k] = make([][][]span, len(qs))
		times[k] = make([]time.Duration, len(qs))
	}
	for lo := 0; lo < len(qs); lo += turn {
		hi := min(lo+turn, len(qs))
		for k, e := range es {
			runtime.GC()
			for i := lo; i < hi; i++ {
				t := time.Now()
				quotes[k][i] = e.Quote(ctx, qs[i])
				times[k][i] = time.Since(t)
			}
		}
	}
	lats = make([]latency, len(es))
	for k := range es {
		lats[k] = percentiles(times[k])
	}
	return quotes, lats, first
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
