package retrieval

import (
	"math/bits"
	"slices"

	"storybot"
)

// scratch is one query's working memory, pooled so that a query allocates only its result.
type scratch struct {
	scores  []float32
	masks   []uint64
	touched []int32
	heap    []cand
	sents   []sentCand
	// qpos[t] is 1 + the position of term t in the query, 0 when t is not in it.
	qpos []uint8
	q    query
	tok  tokenizer
}

// cand is a chunk or sentence being ranked.
type cand struct {
	score float32
	i     int32
	// hit is, for a sentence, the position of its chunk among the hits.
	hit  int32
	mask uint64
}

func (ix *Index) newScratch() any {
	return &scratch{
		scores: make([]float32, len(ix.chunks)),
		masks:  make([]uint64, len(ix.chunks)),
		qpos:   make([]uint8, len(ix.df)),
	}
}

func (ix *Index) getScratch() *scratch { return ix.pool.Get().(*scratch) }

// putScratch clears what a query wrote and returns s to the pool.
func (ix *Index) putScratch(s *scratch) {
	for _, c := range s.touched {
		s.scores[c], s.masks[c] = 0, 0
	}
	for _, t := range s.q.terms {
		s.qpos[t.id] = 0
	}
	s.touched, s.heap, s.sents = s.touched[:0], s.heap[:0], s.sents[:0]
	ix.pool.Put(s)
}

// rerankDepth is how many BM25 candidates the proximity re-ranking looks at.
var rerankDepth = 30

// Search returns up to k chunks ranked for query, best first; none when nothing matches.
func (ix *Index) Search(query string, k int) []Hit {
	if k <= 0 || len(ix.chunks) == 0 {
		return nil
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse(query, s)
	if len(q.terms) == 0 {
		return nil
	}
	for qi, t := range q.terms {
		bit := uint64(1) << uint(qi)
		for _, p := range ix.postings[ix.offsets[t.id]:ix.offsets[t.id+1]] {
			if s.masks[p.chunk] == 0 {
				s.touched = append(s.touched, p.chunk)
			}
			s.scores[p.chunk] += t.weight * p.impact
			s.masks[p.chunk] |= bit
		}
	}
	depth := max(k, rerankDepth)
	for _, c := range s.touched {
		s.heap = pushTop(s.heap, cand{score: s.scores[c], i: c, mask: s.masks[c]}, depth)
	}
	ix.rerank(q, s, s.heap)
	sortCands(s.heap)
	n := min(k, len(s.heap))
	hits := make([]Hit, n)
	for r, c := range s.heap[:n] {
		ch := ix.chunks[c.i]
		text := ix.docs[ch.doc].Text
		hits[r] = Hit{
			Passage: storybot.Passage{
				Doc: int(ch.doc), Start: int(ch.start), End: int(ch.end),
				Text: text[ch.start:ch.end], Score: float64(c.score),
			},
			Chunk:    int(c.i),
			Coverage: q.coverage(c.mask),
		}
	}
	return hits
}

// coverage is the share of the query's weight held by the terms in mask.
func (q *query) coverage(mask uint64) float64 {
	if q.mass <= 0 {
		return 0
	}
	return min(q.maskWeight(mask)/q.mass, 1)
}

// maskWeight is the summed weight of the terms in mask.
func (q *query) maskWeight(mask uint64) float64 {
	var w float64
	for m := mask; m != 0; m &= m - 1 {
		w += float64(q.terms[bits.TrailingZeros64(m)].weight)
	}
	return w
}

// better orders candidates: higher score first, then earlier position.
func better(a, b cand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.i < b.i
}

// pushTop adds c to the min-heap h of the best n candidates.
func pushTop(h []cand, c cand, n int) []cand {
	if len(h) < n {
		h = append(h, c)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !better(h[p], h[i]) {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		return h
	}
	if !better(c, h[0]) {
		return h
	}
	h[0] = c
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && better(h[m], h[l]) {
			m = l
		}
		if r < len(h) && better(h[m], h[r]) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	return h
}

func sortCands(c []cand) {
	slices.SortFunc(c, func(a, b cand) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
}
