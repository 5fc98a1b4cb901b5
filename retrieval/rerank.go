package retrieval

import (
	"math"
	"math/bits"
)

// rerank adjusts the BM25 scores of the candidate chunks with evidence that needs word
// positions: query words that stand together in one sentence, and query phrases.
func (ix *Index) rerank(q *query, s *scratch, cands []cand) {
	var local [maxQueryTerms]float64
	if localBoost != 0 {
		var df [maxQueryTerms]int
		for _, c := range cands {
			for m := c.mask; m != 0; m &= m - 1 {
				df[bits.TrailingZeros64(m)]++
			}
		}
		n := float64(len(cands))
		for t := range q.terms {
			local[t] = float64(q.terms[t].weight) * math.Log(1+n/(float64(df[t])+0.5)) / math.Log(1+n)
		}
	}
	for i := range cands {
		loc := 0.0
		for m := cands[i].mask; m != 0; m &= m - 1 {
			loc += local[bits.TrailingZeros64(m)]
		}
		c := ix.chunks[cands[i].i]
		best := 0.0
		bigram := 0.0
		var seenPairs, prevMask uint64
		win := 0.0
		for _, sent := range ix.sents[c.sentStart:c.sentEnd] {
			var mask uint64
			prev := -1
			for _, id := range ix.toks[sent.tokStart:sent.tokEnd] {
				qi := int(s.qpos[id]) - 1
				if qi >= 0 {
					mask |= 1 << uint(qi)
					if prev >= 0 && prev != qi && q.adjacent(prev, qi) {
						bit := uint64(1) << uint(min(prev, qi))
						if seenPairs&bit == 0 {
							seenPairs |= bit
							bigram += float64(min(q.terms[prev].weight, q.terms[qi].weight))
						}
					}
				}
				prev = qi
			}
			best = max(best, q.maskWeight(mask))
			win = max(win, q.maskWeight(mask|prevMask))
			prevMask = mask
		}
		cands[i].score += float32(sentBoost*best + bigramBoost*bigram + windowBoost*win + localBoost*loc)
	}
}
