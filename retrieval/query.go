package retrieval

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
	// lower are the query's words, lower-cased, to read its question words.
	lower []string
}

// questionWeight is the weight of words that say what kind of answer is wanted ("year",
// "name", "many") rather than what it is about; articles rarely repeat them.
const questionWeight = 0.4

var questionNouns = boolSet("name", "named", "year", "many", "much", "called", "type", "kind",
	"term", "number", "percentage", "long", "often", "mean", "means", "date", "day",
	"month", "century", "decade", "example", "happen", "happened", "refer", "refers")

// parse reads text into q, reusing q's slices and the scratch tokenizer.
func (ix *Index) parse(text string, s *scratch) *query {
	q := &s.q
	q.terms, q.seq, q.lower, q.mass, q.want = q.terms[:0], q.seq[:0], q.lower[:0], 0, 0
	s.tok.reset(text)
	for {
		t, ok := s.tok.next()
		if !ok {
			break
		}
		w := interned[string(t.norm)] // "" for words that are not question words
		if len(q.lower) < 8 {
			q.lower = append(q.lower, w)
		}
		if _, stop := stopWords[string(t.norm)]; stop {
			continue
		}
		id, ok := ix.words[string(t.norm)]
		if !ok {
			id, ok = ix.terms[stem(string(t.norm))]
			if !ok {
				id = -1
			}
		}
		if id < 0 && ok {
			continue
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
		q.mass += wt
	}
	q.want = expectedAnswer(q.lower)
	return q
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
