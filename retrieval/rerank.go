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
		best, win, bigram := ix.proximity(q, s, ix.chunks[cands[i].i])
		cands[i].score += float32(sentBoost*best + bigramBoost*bigram + windowBoost*win + localBoost*loc)
	}
}

// proximity returns, for a chunk, the query weight its best sentence holds (raised when
// it also holds a word of the kind of answer asked for), the weight its best two
// neighbouring sentences hold, and the weight of the query's word pairs it holds side
// by side.
func (ix *Index) proximity(q *query, s *scratch, c chunk) (best, win, bigram float64) {
	var seenPairs, prevMask uint64
	for _, sent := range ix.sents[c.sentStart:c.sentEnd] {
		if sent.sig&q.sig == 0 {
			prevMask = 0
			continue
		}
		var mask uint64
		prev := -1
		typed := false
		flags := ix.flags[sent.tokStart:sent.tokEnd]
		for j, id := range ix.toks[sent.tokStart:sent.tokEnd] {
			qi := int(s.qpos[id]) - 1
			if qi < 0 {
				typed = typed || flags[j]&q.want != 0
				prev = -1
				continue
			}
			mask |= 1 << uint(qi)
			if prev >= 0 && prev != qi {
				if p := q.pair(prev, qi); p >= 0 && seenPairs&(1<<uint(p)) == 0 {
					seenPairs |= 1 << uint(p)
					bigram += float64(min(q.terms[prev].weight, q.terms[qi].weight))
				}
			}
			prev = qi
		}
		w := q.maskWeight(mask)
		if typed {
			w *= 1 + typeShare
		}
		best = max(best, w)
		win = max(win, q.maskWeight(mask|prevMask))
		prevMask = mask
	}
	return best, win, bigram
}
