package retrieval

import (
	"math"
	"slices"
)

// tfCounter counts the body and headline words of one chunk at a time.
type tfCounter struct {
	body, head []float32
	// touched lists the terms counted since the last clear.
	touched []int32
}

func newTFCounter(terms int) *tfCounter {
	return &tfCounter{body: make([]float32, terms), head: make([]float32, terms)}
}

func (t *tfCounter) add(id int32, head bool) {
	if t.body[id] == 0 && t.head[id] == 0 {
		t.touched = append(t.touched, id)
	}
	if head {
		t.head[id]++
	} else {
		t.body[id]++
	}
}

// count counts chunk c's words.
func (t *tfCounter) count(ix *Index, c chunk) {
	for _, id := range ix.chunkToks(c) {
		t.add(id, false)
	}
	for _, id := range c.head {
		t.add(id, true)
	}
}

func (t *tfCounter) clear() {
	for _, id := range t.touched {
		t.body[id], t.head[id] = 0, 0
	}
	t.touched = t.touched[:0]
}

// chunkToks returns the term ids of chunk c's body words.
func (ix *Index) chunkToks(c chunk) []int32 {
	return ix.toks[ix.sents[c.sentStart].tokStart:ix.sents[c.sentEnd-1].tokEnd]
}

// weigh computes document frequencies, IDF and the postings with their BM25F impacts.
func (ix *Index) weigh() {
	nt := len(ix.df)
	tf := newTFCounter(nt)
	for _, c := range ix.chunks {
		tf.count(ix, c)
		for _, id := range tf.touched {
			ix.df[id]++
		}
		tf.clear()
	}
	ix.offsets = make([]int32, nt+1)
	for id, df := range ix.df {
		ix.offsets[id+1] = ix.offsets[id] + df
	}
	ix.postings = make([]posting, ix.offsets[nt])
	fill := append([]int32(nil), ix.offsets[:nt]...)
	avgBody, avgHead := ix.averageLengths()
	k1, b := ix.opts.K1, ix.opts.B
	for ci, c := range ix.chunks {
		tf.count(ix, c)
		nb := 1 - b + b*float64(len(ix.chunkToks(c)))/avgBody
		nh := 1 - b + b*float64(len(c.head))/avgHead
		for _, id := range tf.touched {
			// BM25F: field frequencies, each normalised by its own length, summed with
			// their weights before one saturation.
			f := float64(tf.body[id])/nb + headWeight*float64(tf.head[id])/nh
			ix.postings[fill[id]] = posting{chunk: int32(ci), impact: float32(f * (k1 + 1) / (f + k1))}
			fill[id]++
		}
		tf.clear()
	}
	n := len(ix.chunks)
	ix.idf = make([]float32, nt)
	for id, df := range ix.df {
		ix.idf[id] = float32(idf(n, int(df)))
	}
	ix.maxIDF = idf(n, 0)
	ix.typicalIDF = ix.medianTokenIDF()
}

// medianTokenIDF is the IDF of the term of the median word of the corpus, taking its
// words as they run: what an everyday word weighs here.
func (ix *Index) medianTokenIDF() float64 {
	if len(ix.toks) == 0 {
		return ix.maxIDF
	}
	idfs := make([]float32, len(ix.toks))
	for i, id := range ix.toks {
		idfs[i] = ix.idf[id]
	}
	slices.Sort(idfs)
	return float64(idfs[len(idfs)/2])
}

// averageLengths returns the average body and headline lengths of the chunks, in index
// words, and sets the average sentence length.
func (ix *Index) averageLengths() (body, head float64) {
	var sumBody, sumHead, sumSent float64
	for _, c := range ix.chunks {
		sumBody += float64(len(ix.chunkToks(c)))
		sumHead += float64(len(c.head))
	}
	for _, s := range ix.sents {
		sumSent += float64(s.tokEnd - s.tokStart)
	}
	body, head, ix.avgSent = 1, 1, 1
	if n := float64(len(ix.chunks)); n > 0 {
		body = math.Max(sumBody/n, 1)
		head = math.Max(sumHead/n, 1)
	}
	if n := float64(len(ix.sents)); n > 0 {
		ix.avgSent = math.Max(sumSent/n, 1)
	}
	return body, head
}

// idf is BM25's inverse document frequency, never negative.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}
