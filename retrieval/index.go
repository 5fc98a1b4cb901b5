package retrieval

import (
	"math"
	"sync"
)

// sentence is a sentence of a chunk: its bytes in the document and its words in ix.toks.
type sentence struct {
	start, end       int32
	tokStart, tokEnd int32
}

// chunk is a run of sentences of one document.
type chunk struct {
	doc                int32
	start, end         int32
	sentStart, sentEnd int32
	// head are the term ids of the document's title and the chunk's section headline,
	// the second field of BM25F.
	head []int32
}

// posting is one chunk a term occurs in, with the term's BM25 weight there before IDF.
type posting struct {
	chunk  int32
	impact float32
}

// builder holds what indexing needs only while it runs.
type builder struct {
	ix  *Index
	tok tokenizer
	// words maps a normalised word to its term id, so each word is stemmed once.
	words map[string]int32
}

// headWeight is how much a headline word counts against a body word in BM25F: the
// headline describes the whole section, so it weighs less than the sentence itself.
const headWeight = 0.3

func (ix *Index) build() {
	b := &builder{ix: ix, words: make(map[string]int32)}
	ix.terms = make(map[string]int32)
	for d := range ix.docs {
		b.addDoc(d)
	}
	ix.words = b.words
	ix.weigh()
	ix.pool = sync.Pool{New: func() any { return ix.newScratch() }}
}

// addDoc cleans, splits and chunks document d.
func (b *builder) addDoc(d int) {
	ix := b.ix
	text := ix.docs[d].Text
	var title []int32
	if t := ix.docs[d].Title; t != "" {
		title = b.termIDs(t, nil)
	}
	var units []unit
	var sents []sentence
	var heads [][]int32 // per unit: the headline terms in force
	section := title
	pendingSection, para := false, true
	for n, blk := range Clean(text) {
		if blk.Headline {
			h := b.termIDs(text[blk.Start:blk.End], nil)
			if n == 0 && ix.docs[d].Title == "" {
				title = h
				section = h
			} else if !sameTerms(h, title) {
				section = append(append([]int32(nil), title...), h...)
				pendingSection = true
			}
			para = true
			continue
		}
		for i, sp := range Split(text[blk.Start:blk.End]) {
			s := sentence{start: int32(blk.Start + sp.Start), end: int32(blk.Start + sp.End)}
			s.tokStart = int32(len(ix.toks))
			b.addTokens(text, int(s.start), int(s.end))
			s.tokEnd = int32(len(ix.toks))
			sents = append(sents, s)
			units = append(units, unit{
				words:   wordCount(text[s.start:s.end]),
				para:    i == 0 && para,
				section: i == 0 && pendingSection,
				cut:     i == 0 && blk.Cut,
			})
			heads = append(heads, section)
			pendingSection, para = false, false
		}
		para = true
	}
	for _, r := range group(units) {
		first, last := sents[r[0]], sents[r[1]-1]
		c := chunk{
			doc: int32(d), start: first.start, end: last.end,
			sentStart: int32(len(ix.sents)), sentEnd: int32(len(ix.sents) + r[1] - r[0]),
			head: heads[r[0]],
		}
		ix.sents = append(ix.sents, sents[r[0]:r[1]]...)
		ix.chunks = append(ix.chunks, c)
	}
}

func sameTerms(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// termID returns the id of a normalised word, adding it to the vocabulary; -1 for a
// stop word.
func (b *builder) termID(norm []byte) int32 {
	if id, ok := b.words[string(norm)]; ok {
		return id
	}
	w := string(norm)
	id := int32(-1)
	if !IsStopWord(w) {
		s := stem(w)
		var ok bool
		if id, ok = b.ix.terms[s]; !ok {
			id = int32(len(b.ix.df))
			b.ix.terms[s] = id
			b.ix.df = append(b.ix.df, 0)
		}
	}
	b.words[w] = id
	return id
}

// termIDs appends the term ids of text's words to dst.
func (b *builder) termIDs(text string, dst []int32) []int32 {
	b.tok.reset(text)
	for {
		t, ok := b.tok.next()
		if !ok {
			return dst
		}
		if id := b.termID(t.norm); id >= 0 {
			dst = append(dst, id)
		}
	}
}

// addTokens indexes the words of the sentence text[s:e] with their answer-type flags.
func (b *builder) addTokens(text string, s, e int) {
	b.tok.reset(text[:e])
	b.tok.pos = s
	first := true
	for {
		t, ok := b.tok.next()
		if !ok {
			return
		}
		f := wordFlags(text, t, first)
		first = false
		id := b.termID(t.norm)
		if id < 0 {
			continue
		}
		b.ix.toks = append(b.ix.toks, id)
		b.ix.flags = append(b.ix.flags, f)
	}
}

// weigh computes IDF and the postings with their BM25F impacts.
func (ix *Index) weigh() {
	nt := len(ix.df)
	n := len(ix.chunks)
	var sumBody, sumHead float64
	for _, c := range ix.chunks {
		sumBody += float64(ix.sents[c.sentEnd-1].tokEnd - ix.sents[c.sentStart].tokStart)
		sumHead += float64(len(c.head))
	}
	avgBody, avgHead := 1.0, 1.0
	if n > 0 {
		avgBody = math.Max(sumBody/float64(n), 1)
		avgHead = math.Max(sumHead/float64(n), 1)
	}
	var sumSent float64
	for _, s := range ix.sents {
		sumSent += float64(s.tokEnd - s.tokStart)
	}
	ix.avgSent = 1
	if len(ix.sents) > 0 {
		ix.avgSent = math.Max(sumSent/float64(len(ix.sents)), 1)
	}
	k1, bb := ix.opts.K1, ix.opts.B

	// tf counts body and headline words of one chunk; touched lists its terms.
	tfBody := make([]float32, nt)
	tfHead := make([]float32, nt)
	var touched []int32
	count := func(c chunk) {
		touched = touched[:0]
		for _, id := range ix.toks[ix.sents[c.sentStart].tokStart:ix.sents[c.sentEnd-1].tokEnd] {
			if tfBody[id] == 0 && tfHead[id] == 0 {
				touched = append(touched, id)
			}
			tfBody[id]++
		}
		for _, id := range c.head {
			if tfBody[id] == 0 && tfHead[id] == 0 {
				touched = append(touched, id)
			}
			tfHead[id]++
		}
	}
	for _, c := range ix.chunks {
		count(c)
		for _, id := range touched {
			ix.df[id]++
			tfBody[id], tfHead[id] = 0, 0
		}
	}
	ix.offsets = make([]int32, nt+1)
	for id, df := range ix.df {
		ix.offsets[id+1] = ix.offsets[id] + df
	}
	ix.postings = make([]posting, ix.offsets[nt])
	fill := append([]int32(nil), ix.offsets[:nt]...)
	for ci, c := range ix.chunks {
		count(c)
		lb := float64(ix.sents[c.sentEnd-1].tokEnd - ix.sents[c.sentStart].tokStart)
		nb := 1 - bb + bb*lb/avgBody
		nh := 1 - bb + bb*float64(len(c.head))/avgHead
		for _, id := range touched {
			tf := float64(tfBody[id])/nb + headWeight*float64(tfHead[id])/nh
			ix.postings[fill[id]] = posting{chunk: int32(ci), impact: float32(tf * (k1 + 1) / (tf + k1))}
			fill[id]++
			tfBody[id], tfHead[id] = 0, 0
		}
	}
	ix.idf = make([]float32, nt)
	for id, df := range ix.df {
		ix.idf[id] = float32(idf(n, int(df)))
	}
	ix.maxIDF = idf(n, 0)
}

// idf is BM25's inverse document frequency, never negative.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
