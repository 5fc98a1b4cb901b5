package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"storybot/retrieval"
	"storybot/seeds"
)

// The support check measured on the story: every sentence of every chunk, cited to its
// own chunk, must pass (a true claim is never dropped); the same sentence with one of
// its figures changed, or an invented name added, must fail. TestSupportRates logs the
// figures and fails below 100%.
func TestSupportRates(t *testing.T) {
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	var hits []retrieval.Hit
	for i := 0; i < ix.NumChunks(); i++ {
		p, _ := ix.Chunk(i)
		hits = append(hits, retrieval.Hit{Passage: p, Chunk: i})
	}
	c := newReplyChecker(ix, hits)
	digits := regexp.MustCompile(`\b\d+(?:\.\d+)?\b`)
	var trueN, truePass, changedN, changedCaught, namedN, namedCaught, crossN, crossCaught int
	for n := 1; n <= len(hits); n++ {
		_, sents := ix.Chunk(hits[n-1].Chunk)
		for _, s := range sents {
			trueN++
			if len(c.unsupported(s.Text, []int{n})) == 0 {
				truePass++
			} else {
				t.Errorf("true sentence %q of passage %d: unsupported %v", s.Text, n, c.unsupported(s.Text, []int{n}))
			}
			if loc := digits.FindStringIndex(s.Text); loc != nil {
				v, _ := strconv.ParseFloat(s.Text[loc[0]:loc[1]], 64)
				changed := s.Text[:loc[0]] + strconv.FormatFloat(v+7, 'f', -1, 64) + s.Text[loc[1]:]
				changedN++
				if len(c.unsupported(changed, []int{n})) > 0 {
					changedCaught++
				} else {
					t.Errorf("changed figure passes: %q", changed)
				}
			}
			namedN++
			if len(c.unsupported("According to Napoleon Bonaparte, "+s.Text, []int{n})) > 0 {
				namedCaught++
			}
			// The sentence cited to another passage: caught when it states a figure or
			// name that passage lacks (not always: the passages share many names).
			other := n%len(hits) + 1
			if len(factsOf(s.Text, true, c.common)) > 0 {
				crossN++
				if len(c.unsupported(s.Text, []int{other})) > 0 {
					crossCaught++
				}
			}
		}
	}
	t.Logf("true sentences cited to their passage pass: %d of %d", truePass, trueN)
	t.Logf("sentences with one figure changed are dropped: %d of %d", changedCaught, changedN)
	t.Logf("sentences with an invented name are dropped: %d of %d", namedCaught, namedN)
	t.Logf("sentences with facts, cited to the next passage instead, are dropped: %d of %d (%s)", crossCaught, crossN, fmt.Sprintf("%.0f%%", 100*float64(crossCaught)/float64(crossN)))
	if namedCaught != namedN {
		t.Errorf("an invented name passed in %d of %d sentences", namedN-namedCaught, namedN)
	}
}
