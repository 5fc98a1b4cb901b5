package retrieval

import (
	"math"

	"storybot"
)

// The index's sentences, for the answer layer: which say the same thing, and which tell
// the story. They are weighed with the index's own analysis (its terms, and how many
// sentences use each), so that no layer keeps a second copy of the corpus' figures.

// NumSentences returns how many sentences the index holds, headlines aside, numbered from 0
// in corpus order: chunk by chunk, as Chunk lists them.
func (ix *Index) NumSentences() int { return len(ix.sents) }

// Sentence returns sentence i's bytes and its chunk.
func (ix *Index) Sentence(i int) (storybot.Passage, int) {
	s := ix.sents[i]
	c := ix.sentChunk[i]
	d := int(ix.chunks[c].doc)
	return storybot.Passage{Doc: d, Start: int(s.start), End: int(s.end), Text: ix.docs[d].Text[s.start:s.end]}, int(c)
}

// SentenceTerms returns the term ids of sentence i's words, stop words aside, in order.
// The slice is shared: callers must not modify it.
func (ix *Index) SentenceTerms(i int) []int32 {
	s := ix.sents[i]
	return ix.toks[s.tokStart:s.tokEnd:s.tokEnd]
}

// SentencesWith returns the sentences that use term id, in corpus order. The slice is
// shared: callers must not modify it.
func (ix *Index) SentencesWith(id int32) []int32 {
	if id < 0 || int(id) >= len(ix.sentOffsets)-1 {
		return nil
	}
	return ix.sentPostings[ix.sentOffsets[id]:ix.sentOffsets[id+1]:ix.sentOffsets[id+1]]
}

// SentenceIDF is the inverse sentence frequency of term id: rare terms say more. A term
// the corpus does not use (id -1) weighs as one used nowhere.
func (ix *Index) SentenceIDF(id int32) float64 {
	df := 0
	if id >= 0 && int(id) < len(ix.sentOffsets)-1 {
		df = int(ix.sentOffsets[id+1] - ix.sentOffsets[id])
	}
	return math.Log(float64(len(ix.sents)+1) / (float64(df) + 0.5))
}

// TermIDs returns the term ids of text's words as the index reads them, stop words and
// words it does not know aside.
func (ix *Index) TermIDs(text string) []int32 {
	var ids []int32
	for _, t := range Terms(text) {
		if id, ok := ix.terms[t]; ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// indexSentences records each sentence's chunk and, for each term, the sentences that use
// it.
func (ix *Index) indexSentences() {
	ix.sentChunk = make([]int32, len(ix.sents))
	for c, ch := range ix.chunks {
		for i := ch.sentStart; i < ch.sentEnd; i++ {
			ix.sentChunk[i] = int32(c)
		}
	}
	// Count, then fill: each sentence once per distinct term.
	count := make([]int32, len(ix.df)+1)
	ix.forDistinctTerms(func(_, id int32) { count[id+1]++ })
	for id := range ix.df {
		count[id+1] += count[id]
	}
	ix.sentOffsets = count
	ix.sentPostings = make([]int32, count[len(ix.df)])
	fill := append([]int32(nil), count[:len(ix.df)]...)
	ix.forDistinctTerms(func(sent, id int32) {
		ix.sentPostings[fill[id]] = sent
		fill[id]++
	})
}

// forDistinctTerms calls f for each sentence, in order, and each distinct term of it.
func (ix *Index) forDistinctTerms(f func(sent, id int32)) {
	last := make([]int32, len(ix.df))
	for id := range last {
		last[id] = -1
	}
	for i := range ix.sents {
		for _, id := range ix.SentenceTerms(i) {
			if last[id] != int32(i) {
				last[id] = int32(i)
				f(int32(i), id)
			}
		}
	}
}
