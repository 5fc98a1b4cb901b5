package retrieval

import (
	"math/bits"

	"storybot"
)

// minSentenceWords is the least a quotable sentence holds; shorter lines are labels.
const minSentenceWords = 4

// chunkShare is how much a sentence's chunk score, relative to the best hit's, adds to
// its own: a sentence in the passage that answers best is more likely the answer.
const chunkShare = 0.5

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
	top := 0.0
	for _, h := range hits {
		top = max(top, h.Score)
	}
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
			if wordCount(ix.docs[c.doc].Text[sent.start:sent.end]) < minSentenceWords {
				continue
			}
			score, mask := ix.scoreSentence(q, sent)
			if mask == 0 {
				continue
			}
			score += chunkShare * rel * q.mass
			_ = hi
			s.heap = pushTop(s.heap, cand{score: float32(score), i: si, mask: mask}, k)
		}
	}
	sortCands(s.heap)
	out := make([]SentenceHit, len(s.heap))
	for r, c := range s.heap {
		sent := ix.sents[c.i]
		chunk := ix.chunkOf(c.i, hits)
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

// chunkOf returns the chunk, among hits, that holds sentence si.
func (ix *Index) chunkOf(si int32, hits []Hit) int {
	for _, h := range hits {
		if h.Chunk >= 0 && h.Chunk < len(ix.chunks) {
			c := ix.chunks[h.Chunk]
			if si >= c.sentStart && si < c.sentEnd {
				return h.Chunk
			}
		}
	}
	return -1
}

// scoreSentence returns the BM25 score of a sentence for q, with the answer-type
// evidence, and the set of query terms it holds.
func (ix *Index) scoreSentence(q *query, sent sentence) (float64, uint64) {
	toks := ix.toks[sent.tokStart:sent.tokEnd]
	flags := ix.flags[sent.tokStart:sent.tokEnd]
	k1, b := ix.opts.K1, ix.opts.B
	norm := k1 * (1 - b + b*float64(len(toks))/ix.avgSent)
	var score float64
	var mask uint64
	typed := false
	for qi, t := range q.terms {
		tf := 0
		for _, id := range toks {
			if id == t.id {
				tf++
			}
		}
		if tf > 0 {
			mask |= 1 << uint(qi)
			score += float64(t.weight) * float64(tf) * (k1 + 1) / (float64(tf) + norm)
		}
	}
	if q.want != 0 {
		for i, f := range flags {
			if f&q.want != 0 && q.find(toks[i]) < 0 {
				typed = true
				break
			}
		}
		if typed {
			score *= 1.2
		}
	}
	_ = bits.OnesCount64
	return score, mask
}
