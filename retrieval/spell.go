package retrieval

import (
	"math/bits"
	"slices"
	"strings"
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

// spelt is a bucketed corpus word with its term id and letter mask, so that respell
// rules most candidates out without a map lookup or the edit distance.
type spelt struct {
	word string
	mask uint64
	id   int32
}

// letterMask has bit r%64 set for every letter r of w. One edit changes at most two
// bits of it (a substitution drops one letter and brings another), so words whose
// masks differ in more than 2*limit bits are more than limit edits apart.
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		m |= 1 << (uint32(r) % 64)
	}
	return m
}

// buildSpelling buckets words, the words the index knows with their term ids (stop words
// aside), in a fixed order.
func (ix *Index) buildSpelling(words map[string]int32) {
	ix.spelling = make(map[spellKey][]spelt)
	for w, id := range words {
		if id < 0 {
			continue
		}
		n := utf8.RuneCountInString(w)
		if n < minSpelled-1 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		k := spellKey{r, n}
		ix.spelling[k] = append(ix.spelling[k], spelt{w, letterMask(w), id})
	}
	for _, ws := range ix.spelling {
		slices.SortFunc(ws, func(a, b spelt) int { return strings.Compare(a.word, b.word) })
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
	mask := letterMask(w)
	best, bestD := int32(-1), limit+1
	for m := n - limit; m <= n+limit; m++ {
		for _, c := range ix.spelling[spellKey{first, m}] {
			// A word more than limit edits away never changes best: skipping it
			// before the distance keeps the result exactly.
			if bits.OnesCount64(mask^c.mask) > 2*limit {
				continue
			}
			d := editDistance(w, c.word, limit)
			id := c.id
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
	// Words up to maxStack letters, nearly all, are worked on in arrays on the stack.
	const maxStack = 32
	var bufA, bufB [maxStack]rune
	var rows [3][maxStack + 1]int
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows: two back for swaps, one back, and the current one.
	var prev2, prev, cur []int
	if len(rb) <= maxStack {
		prev2, prev, cur = rows[0][:len(rb)+1], rows[1][:len(rb)+1], rows[2][:len(rb)+1]
	} else {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
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

// appendRunes appends the letters of s to buf, growing it only past its capacity.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
