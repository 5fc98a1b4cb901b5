package retrieval

import (
	"math"
	"math/bits"

	"storybot"
)

// minSentenceWords is the least a quotable sentence holds; shorter lines are labels.
const minSentenceWords = 4

// RankSentences ranks the sentences of the given chunks for query, best first, at most k.
// A sentence ranks on its own BM25 score, its chunk's score, how close together the query
// words stand in it, and whether it holds the kind of answer the question asks for (a
// name for who, a number for how much, a date for when).
func (ix *Index) RankSentences(query string, hits []Hit, k int) []SentenceHit {
	if k <= 0 || len(hits) == 0 {
		return nil
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse(query, s)
	if len(q.terms) == 0 {
		return nil
	}
	cands, sf := ix.sentenceCandidates(s, q, hits)
	// A query term found in every candidate sentence tells them apart less than a rare one.
	var weights [maxQueryTerms]float64
	n := float64(len(cands))
	for t, qt := range q.terms {
		lf := math.Log(1+n/(float64(sf[t])+0.5)) / math.Log(1+n/0.5)
		weights[t] = float64(qt.weight) * ((1 - localShare) + localShare*lf)
	}
	for _, c := range cands {
		score := ix.scoreSentence(q, s, ix.sents[c.i], &weights) + chunkShare*c.rel*q.mass
		s.heap = pushTop(s.heap, cand{score: float32(score), i: c.i, mask: c.mask, hit: c.hit}, k)
	}
	sortCands(s.heap)
	out := make([]SentenceHit, len(s.heap))
	for r, c := range s.heap {
		sent := ix.sents[c.i]
		chunk := hits[c.hit].Chunk
		doc := ix.chunks[chunk].doc
		out[r] = SentenceHit{
			Passage: storybot.Passage{
				Doc: int(doc), Start: int(sent.start), End: int(sent.end),
				Text: ix.docs[doc].Text[sent.start:sent.end], Score: float64(c.score),
			},
			Chunk:    chunk,
			Coverage: q.coverage(c.mask),
		}
	}
	return out
}

// sentenceCandidates returns the quotable sentences of the hits that hold a query term,
// with their chunk's score relative to the best hit's, and how many of them hold each
// query term.
func (ix *Index) sentenceCandidates(s *scratch, q *query, hits []Hit) ([]sentCand, [maxQueryTerms]int) {
	var sf [maxQueryTerms]int
	top := 0.0
	for _, h := range hits {
		top = max(top, h.Score)
	}
	cands := s.sents[:0]
	for hi, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(ix.chunks) {
			continue
		}
		c := ix.chunks[h.Chunk]
		rel := 0.0
		if top > 0 {
			rel = h.Score / top
		}
		for si := c.sentStart; si < c.sentEnd; si++ {
			sent := ix.sents[si]
			if sent.words < minSentenceWords || sent.sig&q.sig == 0 {
				continue
			}
			mask := s.termMask(ix.toks[sent.tokStart:sent.tokEnd])
			if mask == 0 {
				continue
			}
			for m := mask; m != 0; m &= m - 1 {
				sf[bits.TrailingZeros64(m)]++
			}
			cands = append(cands, sentCand{i: si, hit: int32(hi), rel: rel, mask: mask})
		}
	}
	s.sents = cands
	return cands, sf
}

// sentCand is a sentence that holds at least one query term.
type sentCand struct {
	i, hit int32
	rel    float64
	mask   uint64
}

// termMask returns the set of query terms among toks.
func (s *scratch) termMask(toks []int32) uint64 {
	var mask uint64
	for _, id := range toks {
		if p := s.qpos[id]; p > 0 {
			mask |= 1 << (p - 1)
		}
	}
	return mask
}

// scoreSentence returns the BM25 score of a sentence for q under the given term weights,
// raised when the words stand close together and when the sentence holds a word of the
// kind of answer q asks for that q does not already say.
func (ix *Index) scoreSentence(q *query, s *scratch, sent sentence, weights *[maxQueryTerms]float64) float64 {
	toks := ix.toks[sent.tokStart:sent.tokEnd]
	flags := ix.flags[sent.tokStart:sent.tokEnd]
	k1, b := sentK1, sentB
	norm := k1 * (1 - b + b*float64(len(toks))/ix.avgSent)
	var tf [maxQueryTerms]uint8
	// typed is how near to a query word the sentence holds a word of the kind asked for:
	// 2 within a few words, 1 anywhere, 0 nowhere.
	typed := 0
	first, last, matched := -1, -1, 0
	lastTyped := -1 << 30
	for i, id := range toks {
		p := s.qpos[id]
		if p == 0 {
			if flags[i]&q.want != 0 {
				typed = max(typed, 1)
				if i-last <= typedNear && last >= 0 {
					typed = 2
				}
				lastTyped = i
			}
			continue
		}
		if i-lastTyped <= typedNear {
			typed = 2
		}
		if tf[p-1] == 0 {
			matched++
		}
		if tf[p-1] < 255 {
			tf[p-1]++
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	var score float64
	for t := range q.terms {
		if f := float64(tf[t]); f > 0 {
			score += weights[t] * f * (k1 + 1) / (f + norm)
		}
	}
	if matched > 1 {
		// Density of the query words over the span they cover: 1 when they stand together.
		score *= 1 + proximityShare*float64(matched)/float64(last-first+1)
	}
	switch {
	case q.want == 0:
	case typed == 2:
		score *= typeBoost
	case typed == 1:
		score *= 1 + farTypeShare*(typeBoost-1)
	}
	return score
}
