package retrieval

import (
	"math"
	"math/bits"
)

// ChunkFeature names one signal the scorer weighs for a candidate chunk, from 0 to about 1.
type ChunkFeature int

// The features of a candidate chunk.
const (
	// ChunkBM25 is the chunk's BM25F score over the best candidate's.
	ChunkBM25 ChunkFeature = iota
	// ChunkMass is its BM25F score over the query's weight.
	ChunkMass
	// ChunkCoverage is the share of the query's weight the chunk holds.
	ChunkCoverage
	// ChunkRelated is the share it holds only through related words.
	ChunkRelated
	// ChunkMatched is the share of the query's distinct terms it holds.
	ChunkMatched
	// ChunkBest is the share of the query's weight its best sentence holds.
	ChunkBest
	// ChunkTyped is 1 when that sentence also holds the kind of answer asked for.
	ChunkTyped
	// ChunkWindow is the share its best two neighbouring sentences hold.
	ChunkWindow
	// ChunkPairs is the weight of the query's word pairs it holds side by side, over the
	// query's weight.
	ChunkPairs
	// ChunkLocal is the weight of the query terms few of the candidates share.
	ChunkLocal
	// ChunkNames is the share of the weight of the question's names it holds.
	ChunkNames
	// NumChunkFeatures counts the chunk features.
	NumChunkFeatures
)

var chunkFeatureNames = [NumChunkFeatures]string{
	"bm25", "mass", "coverage", "related", "matched", "best", "typed", "window", "pairs",
	"local", "names",
}

// String returns the feature's name.
func (f ChunkFeature) String() string {
	if f < 0 || f >= NumChunkFeatures {
		return "chunk feature?"
	}
	return chunkFeatureNames[f]
}

// ChunkFeatures are a candidate chunk's signals, indexed by ChunkFeature.
type ChunkFeatures [NumChunkFeatures]float64

// rerank scores the BM25 candidates with the fitted chunk weights over their features.
func (ix *Index) rerank(q *query, s *scratch, cands []cand) {
	w := ix.weights()
	// Every candidate's features read the BM25 scores, so the new scores wait for all.
	var scores [maxRerank]float32
	local := localWeights(q, cands)
	for i := range cands {
		f := ix.chunkFeatures(q, s, cands, i, &local)
		scores[i] = float32(dotChunk(&w.Chunk, &f))
	}
	for i := range cands {
		cands[i].score = scores[i]
	}
}

// maxRerank bounds rerankDepth.
const maxRerank = 64

// localWeights returns, for each query term, its weight scaled by how few of the
// candidates hold it: a term few of them hold tells them apart.
func localWeights(q *query, cands []cand) [maxQueryTerms]float64 {
	var df [maxQueryTerms]int
	for _, c := range cands {
		for m := c.mask; m != 0; m &= m - 1 {
			df[bits.TrailingZeros64(m)]++
		}
	}
	var local [maxQueryTerms]float64
	n := float64(len(cands))
	norm := math.Log(1 + n)
	for t := range q.terms {
		if df[t] > 0 {
			local[t] = float64(q.terms[t].weight) * math.Log(1+n/(float64(df[t])+0.5)) / norm
		}
	}
	return local
}

// chunkFeatures computes the features of candidate i among cands, which hold BM25
// scores, best first; local are the query terms' localWeights.
func (ix *Index) chunkFeatures(q *query, s *scratch, cands []cand, i int, local *[maxQueryTerms]float64) ChunkFeatures {
	var f ChunkFeatures
	if q.mass <= 0 {
		return f
	}
	c := cands[i]
	if top := cands[0].score; top > 0 {
		f[ChunkBM25] = float64(c.score / top)
	}
	f[ChunkMass] = float64(c.score) / q.mass
	var exact, related uint64
	for m := c.mask; m != 0; m &= m - 1 {
		t := q.terms[bits.TrailingZeros64(m)]
		if t.related {
			related |= 1 << uint(t.slot)
		} else {
			exact |= 1 << uint(t.slot)
		}
	}
	f[ChunkCoverage] = q.maskWeight(exact) / q.mass
	f[ChunkRelated] = q.maskWeight(related&^exact) / q.mass
	if q.slots > 0 {
		f[ChunkMatched] = float64(bits.OnesCount64(exact|related)) / float64(q.slots)
	}
	best, typed, win, pairs := ix.proximity(q, s, ix.chunks[c.i])
	f[ChunkBest], f[ChunkWindow], f[ChunkPairs] = best/q.mass, win/q.mass, pairs/q.mass
	if typed {
		f[ChunkTyped] = 1
	}
	var loc float64
	for m := c.mask; m != 0; m &= m - 1 {
		loc += local[bits.TrailingZeros64(m)]
	}
	f[ChunkLocal] = loc / q.mass
	f[ChunkNames] = 1
	if q.names > 0 {
		f[ChunkNames] = q.maskWeight((exact|related)&q.nameSlots) / q.names
	}
	return f
}

func dotChunk(w *[NumChunkFeatures]float64, f *ChunkFeatures) float64 {
	var s float64
	for i, x := range f {
		s += w[i] * x
	}
	return s
}

// addPair adds to bigram the weight of the query's word pair of slots a and b, side by
// side, when they are a pair not yet in seen, and returns seen with it. Kept out of
// line, it leaves the word walk of proximity small enough to hold its state in registers.
//
//go:noinline
func (q *query) addPair(a, b int, seen uint64, bigram float64) (uint64, float64) {
	if p := q.pair(a, b); p >= 0 && seen&(1<<uint(p)) == 0 {
		seen |= 1 << uint(p)
		bigram += float64(min(q.slotW[a], q.slotW[b]))
	}
	return seen, bigram
}

// proximity returns, for a chunk, the query weight its best sentence holds and whether
// that sentence holds a word of the kind of answer asked for, the weight its best two
// neighbouring sentences hold, and the weight of the query's word pairs it holds side by
// side. Related words count at their own, lower, weight.
func (ix *Index) proximity(q *query, s *scratch, c chunk) (best float64, typedBest bool, win, bigram float64) {
	var seenPairs, prevMask uint64
	qslot := s.qslot
	sents := ix.sents[c.sentStart:c.sentEnd]
	for i := range sents {
		sent := &sents[i]
		// The chunk ranking weighs sentences by the query's own words; those related to
		// them alone would make the signature match nearly every sentence.
		if sent.sig&q.ownSig == 0 {
			prevMask = 0
			continue
		}
		var mask uint64
		// other gathers the flags of the sentence's words that are not the query's.
		var other uint8
		prev := -1
		toks := ix.toks[sent.tokStart:sent.tokEnd]
		flags := ix.flags[sent.tokStart:sent.tokEnd]
		flags = flags[:len(toks)]
		for j, id := range toks {
			slot := int(qslot[id]) - 1
			if slot < 0 {
				other |= flags[j]
				prev = -1
				continue
			}
			mask |= 1 << uint(slot)
			if prev >= 0 && prev != slot {
				seenPairs, bigram = q.addPair(prev, slot, seenPairs, bigram)
			}
			prev = slot
		}
		typed := other&q.want != 0
		w := q.maskWeight(mask)
		if w > best || w == best && typed {
			best, typedBest = w, typed && q.want != 0
		}
		win = max(win, q.maskWeight(mask|prevMask))
		prevMask = mask
	}
	return best, typedBest, win, bigram
}
