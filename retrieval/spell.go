package retrieval

import (
	"slices"
	"unicode/utf8"
)

// minSpelled is the least length, in letters, of a query word that is read as a
// misspelling of a corpus word: shorter ones are a letter away from too many others.
const minSpelled = 5

// spellKey buckets the corpus' words by first letter and length in letters, so that a
// misspelt query word is compared with few of them.
type spellKey struct {
	first rune
	n     int
}

// buildSpelling buckets the words the index knows (stop words aside), in a fixed order.
func (ix *Index) buildSpelling() {
	ix.spelling = make(map[spellKey][]string)
	for w, id := range ix.words {
		if id < 0 {
			continue
		}
		n := utf8.RuneCountInString(w)
		if n < minSpelled-1 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		k := spellKey{r, n}
		ix.spelling[k] = append(ix.spelling[k], w)
	}
	for _, ws := range ix.spelling {
		slices.Sort(ws)
	}
}

// respell returns the term id of the corpus word that w (a normalised word the corpus
// never uses) most likely misspells: one with the same first letter, one edit away (two
// for a word of eight letters or more), the most frequent of the closest; false when
// there is none. "Altmann" reads as "Altman", "Nvidea" as "Nvidia".
func (ix *Index) respell(w string) (int32, bool) {
	n := utf8.RuneCountInString(w)
	if n < minSpelled {
		return -1, false
	}
	for _, c := range w {
		if c >= '0' && c <= '9' {
			return -1, false // a figure is what it is
		}
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	best, bestD := int32(-1), limit+1
	for m := n - limit; m <= n+limit; m++ {
		for _, c := range ix.spelling[spellKey{first, m}] {
			d := editDistance(w, c, limit)
			id := ix.words[c]
			if d < bestD || d == bestD && best >= 0 && ix.df[id] > ix.df[best] {
				best, bestD = id, d
			}
		}
	}
	return best, best >= 0
}

// editDistance is the optimal string alignment distance between a and b (insertions,
// deletions, substitutions and swaps of neighbouring letters), or limit+1 when it is
// more than limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
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
