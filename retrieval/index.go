package retrieval

import "sync"

// sentence is a sentence of a chunk: its bytes in the document and its words in ix.toks.
type sentence struct {
	start, end       int32
	tokStart, tokEnd int32
	// words counts the sentence's words, stop words included.
	words int32
	// sig has bit id%64 set for every term id of the sentence, so that a query can skip
	// the sentences that hold none of its terms without reading them.
	sig uint64
	// para says the sentence opens a paragraph.
	para bool
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
	// capital and lower count, per term, its capitalised and lower-case uses inside a
	// sentence, to tell whether a capitalised first word is a name.
	capital, lower []int32
}

func (ix *Index) build() {
	b := &builder{ix: ix, words: make(map[string]int32)}
	ix.terms = make(map[string]int32)
	for d := range ix.docs {
		b.addDoc(d)
	}
	ix.words = newWordTable(b.words)
	ix.buildSpelling(b.words)
	ix.relateTerms()
	b.resolveFirstWords()
	// A term the corpus writes capitalised more often than not, inside sentences, is a name.
	ix.named = make([]bool, len(ix.df))
	for id := range ix.named {
		ix.named[id] = id < len(b.capital) && b.capital[id] > b.lower[id]
	}
	ix.weigh()
	ix.indexSentences()
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
			for _, id := range ix.toks[s.tokStart:s.tokEnd] {
				s.sig |= 1 << uint(id&63)
			}
			s.words = int32(wordCount(text[s.start:s.end]))
			s.para = i == 0 && para
			sents = append(sents, s)
			units = append(units, unit{
				words:   int(s.words),
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
			b.ix.stems = append(b.ix.stems, s)
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
		id := b.termID(t.norm)
		if id < 0 {
			first = false
			continue
		}
		for int(id) >= len(b.capital) {
			b.capital, b.lower = append(b.capital, 0), append(b.lower, 0)
		}
		switch {
		case first && t.cap:
			f |= flagFirstCap
		case t.cap:
			b.capital[id]++
		default:
			b.lower[id]++
		}
		first = false
		b.ix.toks = append(b.ix.toks, id)
		b.ix.flags = append(b.ix.flags, f)
	}
}

// resolveFirstWords decides whether each capitalised sentence-opening word is a name:
// it is when the corpus writes the word capitalised more often than not elsewhere.
func (b *builder) resolveFirstWords() {
	flags := b.ix.flags
	for i, f := range flags {
		if f&flagFirstCap == 0 {
			continue
		}
		f &^= flagFirstCap
		// A word seen nowhere else keeps what wordFlags made of it.
		if id := b.ix.toks[i]; b.capital[id]+b.lower[id] > 0 {
			f &^= flagName
			if b.capital[id] > b.lower[id] {
				f |= flagName
			}
		}
		flags[i] = f
	}
}
