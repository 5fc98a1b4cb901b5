// Package retrieval cleans articles down to their content, splits it into sentences and
// chunks, and ranks chunks and sentences against a query with BM25.
//
// SKELETON: the API below is fixed; the implementation is a naive placeholder.
package retrieval

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"storybot"
)

// Options tune the ranking.
type Options struct {
	// K1 is BM25's term-frequency saturation; 1.2 when zero.
	K1 float64
	// B is BM25's length normalisation, from 0 (none) to 1 (full); 0.75 when negative or unset via DefaultOptions.
	B float64
}

// DefaultOptions returns the usual BM25 parameters, k1 1.2 and b 0.75.
func DefaultOptions() Options { return Options{K1: 1.2, B: 0.75} }

// Hit is a chunk ranked for a query.
type Hit struct {
	storybot.Passage
	// Chunk is the chunk's position in the index.
	Chunk int
	// Coverage is the share, from 0 to 1, of the query's weight that the chunk matches: the
	// calibrated signal that says whether the articles cover the question at all.
	Coverage float64
}

// SentenceHit is a sentence ranked for a query.
type SentenceHit struct {
	storybot.Passage
	// Chunk is the chunk the sentence belongs to.
	Chunk int
	// Coverage is as for Hit, for the sentence alone.
	Coverage float64
}

// Index is an immutable index of a corpus. It is safe for concurrent use.
type Index struct {
	docs   []storybot.Document
	chunks []storybot.Passage
	sents  [][]storybot.Passage
	opts   Options
}

// New indexes docs: it cleans each article, splits it into sentences and groups those into
// chunks of about 100 to 150 words.
func New(docs []storybot.Document, opts Options) *Index {
	ix := &Index{docs: docs, opts: opts}
	for d, doc := range docs {
		start := 0
		for i := 0; i <= len(doc.Text); i++ {
			if i == len(doc.Text) || doc.Text[i] == '\n' {
				if strings.TrimSpace(doc.Text[start:i]) != "" {
					p := storybot.Passage{Doc: d, Start: start, End: i, Text: doc.Text[start:i]}
					ix.chunks = append(ix.chunks, p)
					ix.sents = append(ix.sents, []storybot.Passage{p})
				}
				start = i + 1
			}
		}
	}
	return ix
}

// Documents returns the indexed documents, in corpus order.
func (ix *Index) Documents() []storybot.Document { return ix.docs }

// Chunk returns chunk i and its sentences.
func (ix *Index) Chunk(i int) (storybot.Passage, []storybot.Passage) {
	return ix.chunks[i], ix.sents[i]
}

// NumChunks returns how many chunks the index holds.
func (ix *Index) NumChunks() int { return len(ix.chunks) }

// Search returns up to k chunks ranked for query, best first; none when nothing matches.
func (ix *Index) Search(query string, k int) []Hit {
	q := Terms(query)
	var hits []Hit
	for i, c := range ix.chunks {
		s, cov := overlap(q, Terms(c.Text))
		if s > 0 {
			h := Hit{Passage: c, Chunk: i, Coverage: cov}
			h.Score = s
			hits = append(hits, h)
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].Score > hits[b].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// RankSentences ranks the sentences of the given chunks for query, best first, at most k.
func (ix *Index) RankSentences(query string, hits []Hit, k int) []SentenceHit {
	q := Terms(query)
	var out []SentenceHit
	for _, h := range hits {
		for _, s := range ix.sents[h.Chunk] {
			sc, cov := overlap(q, Terms(s.Text))
			if sc > 0 {
				sh := SentenceHit{Passage: s, Chunk: h.Chunk, Coverage: cov}
				sh.Score = sc
				out = append(out, sh)
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// Terms returns the index terms of text: lower-cased, stemmed words without stop words.
func Terms(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func overlap(q, t []string) (score, coverage float64) {
	set := map[string]bool{}
	for _, w := range t {
		set[w] = true
	}
	n := 0
	for _, w := range q {
		if set[w] {
			n++
		}
	}
	if len(q) == 0 {
		return 0, 0
	}
	return float64(n) / math.Sqrt(float64(len(t)+1)), float64(n) / float64(len(q))
}
