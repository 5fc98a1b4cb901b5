package answer

import (
	"math"
	"sort"
	"strings"
	"sync/atomic"

	"storybot"
	"storybot/retrieval"
)

// sentence is one sentence of the index with what the quote and summary paths need to
// know about it: where its bytes are, its weighted terms, and where it sits in its article.
// Its position in stats.sents is its number in the index.
type sentence struct {
	storybot.Passage
	// chunk is the chunk it belongs to.
	chunk int
	// pos is its position among its document's sentences, from 0 (first) to 1 (last).
	pos float64
	// terms counts its index terms.
	terms counts
	// vec is its unit TF-IDF vector, for similarity between sentences.
	vec map[int32]float64
	// mass is the sum of its distinct terms' idf.
	mass float64
	// prose and asks are prose(Text) and asks(Text).
	prose, asks bool
	// rare holds its rareTerms rarest terms, by which restatements of it are found.
	rare []int32
}

// stats are the answer paths' view of the index's sentences: their vectors, where each
// sits in its article, and what the corpus as a whole is about. They are derived from the
// index's own terms and sentence frequencies, once per Engine, on first use.
type stats struct {
	ix    *retrieval.Index
	sents []sentence
	// byChunk lists, for each chunk, the sentences of it.
	byChunk [][]int
	// echoN caches, for each sentence, len(echoes) plus one; zero until first asked.
	echoN []atomic.Int32
	// centroid is the unit sum of all sentence vectors: what the corpus is about.
	centroid map[int32]float64
}

// corpusStats returns the Engine's corpus figures, building them on first use.
func (e *Engine) corpusStats() *stats {
	e.once.Do(func() { e.st = buildStats(e.ix) })
	return e.st
}

func buildStats(ix *retrieval.Index) *stats {
	st := &stats{ix: ix, sents: make([]sentence, ix.NumSentences())}
	st.byChunk = make([][]int, ix.NumChunks())
	perDoc := map[int][]int{}
	for i := range st.sents {
		p, c := ix.Sentence(i)
		p = trimPassage(p)
		st.sents[i] = sentence{Passage: p, chunk: c, terms: termCounts(ix.SentenceTerms(i)),
			prose: prose(p.Text), asks: asks(p.Text)}
		st.byChunk[c] = append(st.byChunk[c], i)
		perDoc[p.Doc] = append(perDoc[p.Doc], i)
	}
	for _, idx := range perDoc {
		for k, i := range idx {
			if len(idx) > 1 {
				st.sents[i].pos = float64(k) / float64(len(idx)-1)
			}
		}
	}
	st.echoN = make([]atomic.Int32, len(st.sents))
	centroid := map[int32]float64{}
	for i := range st.sents {
		s := &st.sents[i]
		s.vec = st.vector(s.terms)
		s.mass = st.mass(s.terms)
		s.rare = st.rarest(s.terms)
		for t, w := range s.vec {
			centroid[t] += w
		}
	}
	st.centroid = normalize(centroid)
	return st
}

// rarest returns the rareTerms rarest of terms, rarest first.
func (st *stats) rarest(terms counts) []int32 {
	rare := make([]int32, 0, len(terms))
	for t := range terms {
		rare = append(rare, t)
	}
	sort.Slice(rare, func(a, b int) bool {
		if da, db := st.idf(rare[a]), st.idf(rare[b]); da != db {
			return da > db
		}
		return rare[a] < rare[b]
	})
	if len(rare) > rareTerms {
		rare = rare[:rareTerms]
	}
	return rare
}

// idf is the inverse sentence frequency of term t: rare terms say more.
func (st *stats) idf(t int32) float64 { return st.ix.SentenceIDF(t) }

// vector returns the unit TF-IDF vector of term counts, with sublinear term frequency.
func (st *stats) vector(counts counts) map[int32]float64 {
	v := make(map[int32]float64, len(counts))
	for t, n := range counts {
		v[t] = (1 + math.Log(n)) * st.idf(t)
	}
	return normalize(v)
}

// mass is the sum of the idf of the distinct terms counted.
func (st *stats) mass(counts counts) float64 {
	var m float64
	for t := range counts {
		m += st.idf(t)
	}
	return m
}

// counts is a sentence's term counts, by term id.
type counts map[int32]float64

// termCounts counts term ids.
func termCounts(ids []int32) counts {
	m := counts{}
	for _, t := range ids {
		m[t]++
	}
	return m
}

func normalize(v map[int32]float64) map[int32]float64 {
	var n float64
	for _, w := range v {
		n += w * w
	}
	if n == 0 {
		return v
	}
	n = math.Sqrt(n)
	for t := range v {
		v[t] /= n
	}
	return v
}

// cosine is the similarity of two unit vectors.
func cosine(a, b map[int32]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for t, w := range a {
		s += w * b[t]
	}
	return s
}

// trimPassage narrows p to its text without surrounding white space, so that what the
// reader sees is exactly the cited bytes.
func trimPassage(p storybot.Passage) storybot.Passage {
	lead := len(p.Text) - len(strings.TrimLeft(p.Text, " \t\r\n\u00a0"))
	text := strings.TrimRight(p.Text[lead:], " \t\r\n\u00a0")
	p.Start += lead
	p.End = p.Start + len(text)
	p.Text = text
	return p
}

// parse returns text as a sentence of no document, weighed by the corpus' figures, to
// compare it with the corpus' own.
func (st *stats) parse(text string) sentence {
	s := sentence{Passage: storybot.Passage{Doc: -1, Text: text}, terms: termCounts(st.ix.TermIDs(text))}
	s.vec = st.vector(s.terms)
	s.mass = st.mass(s.terms)
	return s
}
