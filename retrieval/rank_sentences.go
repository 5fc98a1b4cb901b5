package retrieval

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"storybot"
)

// minSentenceWords is the least a quotable sentence holds; shorter lines are labels.
const minSentenceWords = 4

// RankSentences ranks the sentences of the given chunks for query, best first, at most k,
// by the fitted scorer's weighing of their features (see Feature). Each comes with the
// calibrated confidence that quoting it answers the query.
func (ix *Index) RankSentences(query string, hits []Hit, k int) []SentenceHit {
	if k <= 0 {
		return nil
	}
	all := ix.Candidates(query, hits)
	w := ix.weights()
	for i := range all {
		all[i].Score = dot(&w.Sentence, &all[i].Features)
	}
	slices.SortStableFunc(all, func(a, b SentenceHit) int {
		return cmp.Compare(b.Score, a.Score)
	})
	for i := range all {
		// Against the best of the others: for the first, the runner-up; for the rest, the first.
		other := math.Inf(-1)
		if i == 0 && len(all) > 1 {
			other = all[1].Score
		} else if i > 0 {
			other = all[0].Score
		}
		all[i].Confidence = w.confidence(all[i].Score, other, &all[i].Features)
		if i+1 == k {
			break
		}
	}
	return all[:min(k, len(all))]
}

// Candidates returns every quotable sentence of the hits that holds a query term, in
// the hits' order, with its features; their Score is zero. The fitting tool learns the
// scorer's weights from them; RankSentences ranks them.
func (ix *Index) Candidates(query string, hits []Hit) []SentenceHit {
	if len(hits) == 0 {
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
	out := make([]SentenceHit, len(cands))
	for r, c := range cands {
		sent := ix.sents[c.i]
		chunk := hits[c.hit].Chunk
		doc := ix.chunks[chunk].doc
		out[r] = SentenceHit{
			Passage: storybot.Passage{
				Doc: int(doc), Start: int(sent.start), End: int(sent.end),
				Text: ix.docs[doc].Text[sent.start:sent.end],
			},
			Sentence: int(c.i),
			Chunk:    chunk,
			Coverage: q.coverage(q.slotMask(c.mask)),
			Features: ix.sentenceFeatures(q, s, c, &weights, hits),
		}
	}
	return out
}

// sentenceCandidates returns the quotable sentences of the hits that hold a query term,
// with their chunk's score relative to the best hit's, and how many of them hold each
// query term.
func (ix *Index) sentenceCandidates(s *scratch, q *query, hits []Hit) ([]sentCand, [maxQueryTerms]int) {
	var sf [maxQueryTerms]int
	cands := s.sents[:0]
	for hi, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(ix.chunks) {
			continue
		}
		c := ix.chunks[h.Chunk]
		from := len(cands)
		var chunkMask, prev uint64
		if c.sentStart > 0 && ix.chunks[h.Chunk-1].doc == c.doc {
			prev = q.slotMask(s.termMask(ix.sentToks(c.sentStart - 1)))
		}
		for si := c.sentStart; si < c.sentEnd; si++ {
			sent := ix.sents[si]
			var mask uint64
			if sent.sig&q.sig != 0 {
				mask = s.termMask(ix.sentToks(si))
			}
			slots := q.slotMask(mask)
			chunkMask |= slots
			before := prev
			prev = slots
			if sent.words < minSentenceWords || mask == 0 {
				continue
			}
			for m := mask; m != 0; m &= m - 1 {
				sf[bits.TrailingZeros64(m)]++
			}
			cands = append(cands, sentCand{i: si, hit: int32(hi), mask: mask, prev: before})
		}
		for j := from; j < len(cands); j++ {
			cands[j].chunkMask = chunkMask
		}
	}
	s.sents = cands
	return cands, sf
}

// sentCand is a sentence that holds at least one query term.
type sentCand struct {
	i, hit int32
	// mask holds the positions in the query's terms of those the sentence holds; prev
	// and chunkMask the query's slots that the sentence before it and its whole chunk hold.
	mask, prev, chunkMask uint64
}

// sentToks returns the term ids of sentence i.
func (ix *Index) sentToks(i int32) []int32 {
	s := ix.sents[i]
	return ix.toks[s.tokStart:s.tokEnd]
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
