package answer

import (
	"math"
	"sort"
	"strings"
	"sync/atomic"

	"storybot"
	"storybot/retrieval"
)

// sentence is one indexed sentence with what the quote and summary paths need to know
// about it: where its bytes are, its weighted terms, and where it sits in its article.
type sentence struct {
	storybot.Passage
	// chunk is the chunk it belongs to.
	chunk int
	// pos is its position among its document's sentences, from 0 (first) to 1 (last).
	pos float64
	// terms counts its index terms.
	terms counts
	// vec is its unit TF-IDF vector, for similarity between sentences.
	vec map[string]float64
	// mass is the sum of its distinct terms' idf.
	mass float64
	// lower is Text lower-cased, to compare words as written.
	lower string
	// prose and asks are prose(Text) and asks(Text).
	prose, asks bool
	// rare holds its rareTerms rarest terms, by which restatements of it are found.
	rare []string
}

// stats are the corpus-wide figures the answer paths weigh terms and sentences with. They
// are built once per Engine, on first use, because retrieval does not expose them.
type stats struct {
	sents []sentence
	// byChunk lists, for each chunk, the positions in sents of its sentences.
	byChunk [][]int
	// df counts the sentences a term occurs in.
	df map[string]int
	// echoN caches, for each sentence, len(echoes) plus one; zero until first asked.
	echoN []atomic.Int32
	// postings lists, for each term, the sentences it occurs in, in corpus order.
	postings map[string][]int
	// idfs caches idf by term; unseenIDF is the weight of a term the corpus never uses.
	idfs      map[string]float64
	unseenIDF float64
	// centroid is the unit sum of all sentence vectors: what the corpus is about.
	centroid map[string]float64
}

// corpusStats returns the Engine's corpus figures, building them on first use.
func (e *Engine) corpusStats() *stats {
	e.once.Do(func() { e.st = buildStats(e.ix) })
	return e.st
}

func buildStats(ix *retrieval.Index) *stats {
	st := &stats{df: map[string]int{}, postings: map[string][]int{}}
	st.byChunk = make([][]int, ix.NumChunks())
	perDoc := map[int][]int{}
	for c := 0; c < ix.NumChunks(); c++ {
		_, ss := ix.Chunk(c)
		for _, p := range ss {
			p = trimPassage(p)
			if p.End <= p.Start {
				continue
			}
			s := sentence{Passage: p, chunk: c, terms: termCounts(p.Text),
				prose: prose(p.Text), asks: asks(p.Text), lower: strings.ToLower(p.Text)}
			for t := range s.terms {
				st.df[t]++
				st.postings[t] = append(st.postings[t], len(st.sents))
			}
			st.byChunk[c] = append(st.byChunk[c], len(st.sents))
			perDoc[p.Doc] = append(perDoc[p.Doc], len(st.sents))
			st.sents = append(st.sents, s)
		}
	}
	for _, idx := range perDoc {
		for k, i := range idx {
			if len(idx) > 1 {
				st.sents[i].pos = float64(k) / float64(len(idx)-1)
			}
		}
	}
	st.echoN = make([]atomic.Int32, len(st.sents))
	st.unseenIDF = math.Log(float64(len(st.sents)+1) / 0.5)
	st.idfs = make(map[string]float64, len(st.df))
	for t, df := range st.df {
		st.idfs[t] = math.Log(float64(len(st.sents)+1) / (float64(df) + 0.5))
	}
	centroid := map[string]float64{}
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
func (st *stats) rarest(terms map[string]float64) []string {
	rare := make([]string, 0, len(terms))
	for t := range terms {
		rare = append(rare, t)
	}
	sort.Slice(rare, func(a, b int) bool {
		if da, db := st.df[rare[a]], st.df[rare[b]]; da != db {
			return da < db
		}
		return rare[a] < rare[b]
	})
	if len(rare) > rareTerms {
		rare = rare[:rareTerms]
	}
	return rare
}

// idf is the inverse sentence frequency of term t: rare terms say more.
func (st *stats) idf(t string) float64 {
	if w, ok := st.idfs[t]; ok {
		return w
	}
	return st.unseenIDF
}

// vector returns the unit TF-IDF vector of term counts, with sublinear term frequency.
func (st *stats) vector(counts map[string]float64) map[string]float64 {
	v := make(map[string]float64, len(counts))
	for t, n := range counts {
		v[t] = (1 + math.Log(n)) * st.idf(t)
	}
	return normalize(v)
}

// mass is the sum of the idf of the distinct terms counted.
func (st *stats) mass(counts map[string]float64) float64 {
	var m float64
	for t := range counts {
		m += st.idf(t)
	}
	return m
}

// counts is a sentence's term counts.
type counts map[string]float64

// termCounts counts the index terms of text.
func termCounts(text string) counts {
	m := counts{}
	for _, t := range retrieval.Terms(text) {
		m[t]++
	}
	return m
}

func normalize(v map[string]float64) map[string]float64 {
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
func cosine(a, b map[string]float64) float64 {
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
	s := sentence{Passage: storybot.Passage{Doc: -1, Text: text}, terms: termCounts(text)}
	s.vec = st.vector(s.terms)
	s.mass = st.mass(s.terms)
	return s
}

// chunkTerms is the terms of one chunk's sentences together, looked up without building
// a set.
type chunkTerms struct {
	st *stats
	c  int
}

// has reports whether a sentence of the chunk holds term t.
func (ct chunkTerms) has(t string) bool {
	for _, i := range ct.st.byChunk[ct.c] {
		if ct.st.sents[i].terms[t] > 0 {
			return true
		}
	}
	return false
}

// find returns the position in sents of the sentence of chunk c at p's bytes.
func (st *stats) find(c int, p storybot.Passage) (int, bool) {
	if c < 0 || c >= len(st.byChunk) {
		return 0, false
	}
	for _, i := range st.byChunk[c] {
		if s := st.sents[i]; s.Doc == p.Doc && s.Start == p.Start && s.End == p.End {
			return i, true
		}
	}
	return 0, false
}
