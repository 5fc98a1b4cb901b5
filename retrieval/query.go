package retrieval

// pairGrid is how many of a query's first terms have their pairs in a grid.
const pairGrid = 16

// maxQueryTerms bounds the distinct terms of a query: a chunk's matched terms are a bit set.
const maxQueryTerms = 64

// qterm is a distinct term of a query.
type qterm struct {
	id int32
	// weight is the term's IDF times its query weight.
	weight float32
}

// query is a parsed question: its terms known to the index, the weight of all its terms,
// and the kind of answer it asks for.
type query struct {
	terms []qterm
	// seq are the query's term ids in order, -1 for words the index does not know, for
	// phrase matching.
	seq []int32
	// mass is the summed weight of every query term, known to the index or not.
	mass float64
	want uint8
	// sig has bit id%64 set for every term id, to match sentence.sig.
	sig uint64
	// pairOf[a*pairGrid+b] is 1 + pair(a, b) for the first pairGrid terms, 0 for none.
	pairOf [pairGrid * pairGrid]int8
	// pairs are the positions in terms of the query's neighbouring words, at most 64.
	pairs [][2]int8
	// lower are the query's words, lower-cased, to read its question words.
	lower []string
}

// questionNouns are words that say what kind of answer a question wants more than what
// it is about; they weigh questionWeight.
var questionNouns = boolSet("name", "named", "year", "many", "much", "called", "type", "kind",
	"term", "number", "percentage", "long", "often", "mean", "means", "date", "day",
	"month", "century", "decade", "example", "happen", "happened", "refer", "refers")

// parse reads text into q, reusing q's slices and the scratch tokenizer.
func (ix *Index) parse(text string, s *scratch) *query {
	q := &s.q
	q.terms, q.seq, q.lower, q.pairs, q.mass, q.want = q.terms[:0], q.seq[:0], q.lower[:0], q.pairs[:0], 0, 0
	q.sig = 0
	s.tok.reset(text)
	w := ""
	for {
		t, ok := s.tok.next()
		if !ok {
			break
		}
		prev := w
		w = ""
		if len(q.lower) < 8 {
			// Question words sit at the start; reading them allocates nothing.
			w = interned[string(t.norm)]
			q.lower = append(q.lower, w)
		}
		if prev == "how" && howKinds[w] != 0 {
			// "How much", "how many": the form of the question, never its subject.
			continue
		}
		id, ok := ix.words[string(t.norm)]
		if !ok {
			if _, stop := stopWords[string(t.norm)]; stop {
				continue
			}
			id, ok = ix.lookupUnknown(t.norm)
		}
		if id < 0 && ok {
			continue // a stop word
		}
		qw := 1.0
		if questionNouns[w] {
			qw = questionWeight
		}
		q.seq = append(q.seq, id)
		if id < 0 {
			q.mass += qw * ix.maxIDF
			continue
		}
		if seen := q.find(id); seen >= 0 || len(q.terms) == maxQueryTerms {
			continue
		}
		wt := qw * float64(ix.idf[id])
		q.terms = append(q.terms, qterm{id: id, weight: float32(wt)})
		q.sig |= 1 << uint(id&63)
		s.qpos[id] = uint8(len(q.terms))
		q.mass += wt
	}
	q.want = expectedAnswer(q.lower)
	q.pairOf = [pairGrid * pairGrid]int8{}
	for i := 1; i < len(q.seq) && len(q.pairs) < 64; i++ {
		a, b := q.seq[i-1], q.seq[i]
		if a >= 0 && b >= 0 && a != b {
			p := [2]int8{int8(q.find(a)), int8(q.find(b))}
			if p[0] >= 0 && p[1] >= 0 && p[0] < pairGrid && p[1] < pairGrid && q.pairOf[int(p[0])*pairGrid+int(p[1])] == 0 {
				n := int8(len(q.pairs) + 1)
				q.pairOf[int(p[0])*pairGrid+int(p[1])], q.pairOf[int(p[1])*pairGrid+int(p[0])] = n, n
			}
			q.pairs = append(q.pairs, p)
		}
	}
	return q
}

// pair returns the number of the query's word pair made of terms a and b, side by side
// in either order, or -1 when they are not a pair.
func (q *query) pair(a, b int) int {
	if a < pairGrid && b < pairGrid {
		return int(q.pairOf[a*pairGrid+b]) - 1
	}
	for n, p := range q.pairs {
		if p[0] == int8(a) && p[1] == int8(b) || p[0] == int8(b) && p[1] == int8(a) {
			return n
		}
	}
	return -1
}

// find returns the position of term id in q.terms, or -1.
func (q *query) find(id int32) int {
	for i, t := range q.terms {
		if t.id == id {
			return i
		}
	}
	return -1
}

// interned maps the words that parse reads as question words to themselves, so that
// reading them allocates nothing.
var interned = func() map[string]string {
	m := make(map[string]string)
	for w := range stopWords {
		m[w] = w
	}
	for w := range questionNouns {
		m[w] = w
	}
	for _, w := range answerWords {
		m[w] = w
	}
	return m
}()

// maxUnknownWords bounds the cache of query words the corpus does not hold as written.
const maxUnknownWords = 1 << 16

// lookupUnknown returns the term id of a normalised query word that the corpus does not
// hold as written, and whether the index knows its stem; -1 and false when it does not.
// The answer is cached, so a query allocates nothing for the word the next time.
func (ix *Index) lookupUnknown(norm []byte) (id int32, ok bool) {
	ix.unknownMu.RLock()
	id, ok = ix.unknown[string(norm)]
	ix.unknownMu.RUnlock()
	if ok {
		return id, id >= 0
	}
	w := string(norm)
	id, ok = ix.terms[stem(w)]
	if !ok {
		id = -1
	}
	ix.unknownMu.Lock()
	if len(ix.unknown) < maxUnknownWords {
		ix.unknown[w] = id
	}
	ix.unknownMu.Unlock()
	return id, ok
}
