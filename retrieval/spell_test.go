package retrieval

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"storybot/seeds"
)

// refEditDistance is the textbook optimal string alignment distance, full matrix, no
// limit: the reference editDistance must agree with up to its limit.
func refEditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// refRespell compares w with every word of the index in sorted order, by the plain
// distance and the same tie-break (closest, then most frequent, then first in order).
func refRespell(ix *Index, sorted []string, w string) (int32, bool) {
	n := utf8.RuneCountInString(w)
	if n < minSpelled {
		return -1, false
	}
	for _, c := range w {
		if c >= '0' && c <= '9' {
			return -1, false
		}
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	first, _ := utf8.DecodeRuneInString(w)
	best, bestD := int32(-1), limit+1
	for m := n - limit; m <= n+limit; m++ {
		for _, c := range sorted {
			id := wordIDOf(ix, c)
			r, _ := utf8.DecodeRuneInString(c)
			if id < 0 || r != first || utf8.RuneCountInString(c) != m || m < minSpelled-1 {
				continue
			}
			d := min(refEditDistance(w, c), limit+1)
			if d < bestD || d == bestD && best >= 0 && ix.df[id] > ix.df[best] {
				best, bestD = id, d
			}
		}
	}
	return best, best >= 0
}

// oneEdit makes one random edit to w: a deletion, insertion, substitution or swap.
func oneEdit(rng *rand.Rand, w string) string {
	r := []rune(w)
	letters := []rune("abcdefghijklmnopqrstuvwxyzé")
	i := rng.IntN(len(r))
	switch rng.IntN(4) {
	case 0:
		r = append(r[:i:i], r[i+1:]...)
	case 1:
		r = append(r[:i:i], append([]rune{letters[rng.IntN(len(letters))]}, r[i:]...)...)
	case 2:
		r[i] = letters[rng.IntN(len(letters))]
	default:
		if i+1 < len(r) {
			r[i], r[i+1] = r[i+1], r[i]
		}
	}
	return string(r)
}

func TestRespellMatchesReference(t *testing.T) {
	ix := New(seeds.Embedded(), DefaultOptions())
	var sorted []string
	for w := range allWords(ix.words) {
		sorted = append(sorted, w)
	}
	slices.Sort(sorted)
	rng := rand.New(rand.NewPCG(1, 2))
	checked, found := 0, 0
	for _, w := range sorted {
		for range 3 {
			q := oneEdit(rng, w)
			if q == "" {
				continue
			}
			if _, ok := ix.words.get([]byte(q)); ok {
				continue
			}
			got, gok := ix.respell(q)
			want, wok := refRespell(ix, sorted, q)
			if got != want || gok != wok {
				t.Fatalf("respell(%q) = %d, %v; reference %d, %v", q, got, gok, want, wok)
			}
			checked++
			if wok {
				found++
			}
		}
	}
	if checked < 1000 || found < 500 {
		t.Fatalf("only %d words checked, %d respelt: the test covers too little", checked, found)
	}
}

func TestEditDistanceMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"altman", "nvidia", "openai", "jingtai", "spacecraft", "ça", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"}
	for range 2000 {
		a := words[rng.IntN(len(words))]
		b := a
		for range rng.IntN(4) {
			if b != "" {
				b = oneEdit(rng, b)
			}
		}
		for limit := 1; limit <= 2; limit++ {
			if got, want := editDistance(a, b, limit), min(refEditDistance(a, b), limit+1); got != want {
				t.Fatalf("editDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
			}
		}
	}
}
