package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/retrieval"
)

// minSpelled is the least length, in letters, of a word that is taken as a misspelling
// of a passage's word: shorter ones are a letter away from too many others.
const minSpelled = 4

// respell returns q with each of the user's terms that the corpus never uses ("Altmann",
// "Nvidea") replaced by the term of the hits' sentences it most likely misspells: one
// with the same first letter, one edit away (two for a word of eight letters or more),
// written like a name when the user wrote a name. Retrieval found the passage on the
// question's other words; without this the misspelt word, weighed as a name the articles
// never mention, would read as a question about something else.
func (st *stats) respell(q wquery, hits []retrieval.Hit) wquery {
	fixed := false
	for i, t := range q.terms {
		if !t.own || st.df[t.term] > 0 || utf8.RuneCountInString(t.term) < minSpelled ||
			strings.IndexFunc(t.term, unicode.IsDigit) >= 0 {
			continue
		}
		to, ok := st.spelledIn(t, hits)
		if !ok {
			continue
		}
		if !fixed {
			// The terms are shared with the caller's copy of q.
			q.terms = append([]qterm(nil), q.terms...)
			fixed = true
		}
		w := st.idf(to)
		q.total += w - t.w
		q.terms[i].term, q.terms[i].w = to, w
	}
	return q
}

// spelledIn returns the term of the hits' sentences that t most likely misspells.
func (st *stats) spelledIn(t qterm, hits []retrieval.Hit) (string, bool) {
	limit := 1
	if utf8.RuneCountInString(t.term) >= 8 {
		limit = 2
	}
	first, _ := utf8.DecodeRuneInString(t.term)
	best, bestD := "", limit+1
	for _, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(st.byChunk) {
			continue
		}
		for _, i := range st.byChunk[h.Chunk] {
			s := &st.sents[i]
			for term := range s.terms {
				if r, _ := utf8.DecodeRuneInString(term); r != first {
					continue
				}
				d := editDistance(t.term, term, limit)
				if d > limit || d > bestD || d == bestD && term >= best {
					continue
				}
				if t.name && !writtenAsName(s.Text, term) {
					continue
				}
				best, bestD = term, d
			}
		}
	}
	return best, best != ""
}

// writtenAsName reports whether text holds a capitalised word whose term is term.
func writtenAsName(text, term string) bool {
	for _, w := range strings.Fields(text) {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "\"'“‘(["))
		if !unicode.IsUpper(r) {
			continue
		}
		for _, t := range retrieval.Terms(w) {
			if t == term {
				return true
			}
		}
	}
	return false
}

// editDistance is the optimal string alignment distance between a and b (insertions,
// deletions, substitutions and swaps of neighbouring letters), or limit+1 when it is
// more than limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	// Three rows: two back for swaps, one back, and the current one.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			low = min(low, d)
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
