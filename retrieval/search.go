package retrieval

import (
	"math"
	"math/bits"
	"slices"

	"storybot"
)

// scratch is one query's working memory, pooled so that a query allocates only its result.
type scratch struct {
	// acc holds, per chunk, the BM25 score and the query terms met so far.
	acc     []accum
	touched []int32
	// keys are the best chunks' rank keys while a query selects them, in ascending order.
	keys  []uint64
	heap  []cand
	sents []sentCand
	// qpos[t] is 1 + the position of term t in the query, 0 when t is not in it.
	qpos []uint8
	// qslot[t] is 1 + the slot of term t in the query, 0 when t is not in it: what the
	// chunk proximity reads of a word, in one load.
	qslot []uint8
	q     query
	tok   tokenizer
}

// accum is a chunk's BM25 score and matched query terms while a query runs.
type accum struct {
	score float32
	mask  uint64
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
		acc:     make([]accum, len(ix.chunks)),
		touched: make([]int32, 0, len(ix.chunks)+1),
		qpos:    make([]uint8, len(ix.df)),
		qslot:   make([]uint8, len(ix.df)),
	}
}

func (ix *Index) getScratch() *scratch { return ix.pool.Get().(*scratch) }

// putScratch clears what a query wrote and returns s to the pool.
func (ix *Index) putScratch(s *scratch) {
	for _, c := range s.touched {
		s.acc[c] = accum{}
	}
	for _, t := range s.q.terms {
		s.qpos[t.id], s.qslot[t.id] = 0, 0
	}
	s.touched, s.heap, s.sents, s.keys = s.touched[:0], s.heap[:0], s.sents[:0], s.keys[:0]
	ix.pool.Put(s)
}

// rerankDepth is how many BM25 candidates the fitted chunk scorer re-ranks.
var rerankDepth = 12

// Search returns up to k chunks ranked for query, best first; none when nothing matches.
// BM25F over body and headline words finds the candidates; the best rerankDepth of them
// are re-ranked by the fitted chunk scorer.
func (ix *Index) Search(query string, k int) []Hit {
	if k <= 0 || len(ix.chunks) == 0 {
		return nil
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse(query, s)
	cands := ix.bm25Candidates(q, s, max(k, rerankDepth))
	// Re-ranking the best rerankDepth; those below keep their BM25 order under them.
	r := min(len(cands), rerankDepth, maxRerank)
	ix.rerank(q, s, cands[:r])
	sortCands(cands[:r])
	for i := r; i < len(cands); i++ {
		cands[i].score = cands[r-1].score - float32(i-r+1)
	}
	n := min(k, len(cands))
	hits := make([]Hit, n)
	for r, c := range cands[:n] {
		hits[r] = ix.hit(q, c)
	}
	return hits
}

// bm25Candidates returns the best depth chunks for q by BM25F, best first.
func (ix *Index) bm25Candidates(q *query, s *scratch, depth int) []cand {
	if len(q.terms) == 0 || len(ix.chunks) == 0 {
		return nil
	}
	// A word related to one of the query's own finds little that the query's words do
	// not, at the cost of its posting list; the re-ranking and the sentence features read
	// it. (A word standing in for one the corpus never uses, "lawsuit" for "sue", fills a
	// slot of its own and is searched.) Only the slots' terms are searched, then.
	//
	// Every posting writes its chunk after the touched ones and counts it only when it is
	// new: no branch to mispredict. touched has room for every chunk and one more.
	touched, acc := s.touched[:len(ix.chunks)+1], s.acc
	n := 0
	for qi, t := range q.terms[:q.slots] {
		bit := uint64(1) << uint(qi)
		for _, p := range ix.postings[ix.offsets[t.id]:ix.offsets[t.id+1]] {
			a := &acc[p.chunk]
			touched[n] = p.chunk
			if a.mask == 0 {
				n++
			}
			a.score += t.weight * p.impact
			a.mask |= bit
		}
	}
	s.touched = touched[:n]
	s.keys = topKeys(s.keys[:0], acc, s.touched, depth)
	for j := len(s.keys) - 1; j >= 0; j-- {
		c := int32(^uint32(s.keys[j]))
		s.heap = append(s.heap, cand{score: acc[c].score, i: c, mask: acc[c].mask})
	}
	return s.heap
}

// hit turns a ranked candidate chunk into a Hit.
func (ix *Index) hit(q *query, c cand) Hit {
	ch := ix.chunks[c.i]
	text := ix.docs[ch.doc].Text
	return Hit{
		Passage: storybot.Passage{
			Doc: int(ch.doc), Start: int(ch.start), End: int(ch.end),
			Text: text[ch.start:ch.end], Score: float64(c.score),
		},
		Chunk:    int(c.i),
		Coverage: q.coverage(q.slotMask(c.mask)),
	}
}

// coverage is the share of the query's weight held by the slots in mask.
func (q *query) coverage(mask uint64) float64 {
	if q.mass <= 0 {
		return 0
	}
	return min(q.maskWeight(mask)/q.mass, 1)
}

// maskWeight is the summed weight of the query's slots in mask.
func (q *query) maskWeight(mask uint64) float64 {
	w := q.lowW[mask&(1<<lowSlots-1)]
	for m := mask &^ (1<<lowSlots - 1); m != 0; m &= m - 1 {
		w += float64(q.slotW[bits.TrailingZeros64(m)])
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

// rankKey orders chunks as better does, in one integer: the score's bits (which sort as
// the score does, scores being never negative) above the inverted chunk number.
func rankKey(score float32, c int32) uint64 {
	return uint64(math.Float32bits(score))<<32 | uint64(^uint32(c))
}

// topKeys appends to keys the rank keys of the best n chunks of touched, in ascending
// order. A key better than the least kept shifts the ones below it down: a loop the
// processor predicts, cheaper than a heap's sifting for the few dozen keys a query
// inserts, written here rather than called so that the scan keeps its state in registers.
func topKeys(keys []uint64, acc []accum, touched []int32, n int) []uint64 {
	for _, c := range touched {
		key := rankKey(acc[c].score, c)
		if len(keys) < n {
			keys = append(keys, key)
			i := len(keys) - 1
			for ; i > 0 && keys[i-1] > key; i-- {
				keys[i] = keys[i-1]
			}
			keys[i] = key
			continue
		}
		if key <= keys[0] {
			continue // the common case
		}
		i := 0
		for ; i+1 < len(keys) && keys[i+1] < key; i++ {
			keys[i] = keys[i+1]
		}
		keys[i] = key
	}
	return keys
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
