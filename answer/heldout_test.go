package answer

import (
	"context"
	"strings"
	"testing"

	"storybot/answer/answertest"
)

// storyScore runs a question set through the quote path and returns, per kind, how many
// it gets right (answered with the evidence in the first quote, or refused when the
// articles do not answer) and how many there are, logging the misses. Every answer's
// citations and quotes are checked on the way.
func storyScore(t *testing.T, path string) (right, total map[string]int) {
	t.Helper()
	qs, err := answertest.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	e := seedEngineT(t)
	right, total = map[string]int{}, map[string]int{}
	for _, q := range qs {
		a := e.Ask(context.Background(), q.Text, nil, nil)
		total[q.Kind]++
		if a.Found {
			if n := len(quotedLines(a.Text)); n < 1 || n > 3 {
				t.Errorf("Ask(%q) quotes %d sentences; want 1 to 3", q.Text, n)
			}
			checkCitations(t, e.Sources(), a.Text, a.Citations)
			checkQuoted(t, a.Text, a.Citations)
		} else if a.Text != NotFound || len(a.Citations) > 0 {
			t.Errorf("Ask(%q) = not found with %q and %d citations; want NotFound and none", q.Text, a.Text, len(a.Citations))
		}
		ok := !a.Found
		if q.Answered() {
			ok = a.Found && q.Holds(strings.SplitN(a.Text, "\n", 2)[0])
		}
		if ok {
			right[q.Kind]++
		} else {
			t.Logf("miss: %s %q: found=%v %.90q", q.Kind, q.Text, a.Found, a.Text)
		}
	}
	for kind, n := range total {
		t.Logf("%-9s %2d/%2d right (%.0f%%)", kind, right[kind], n, 100*float64(right[kind])/float64(n))
	}
	return right, total
}

// checkFloors fails the test for each kind whose share right is below its floor.
func checkFloors(t *testing.T, right, total map[string]int, floor map[string]float64) {
	t.Helper()
	for kind, n := range total {
		if share := float64(right[kind]) / float64(n); share < floor[kind] {
			t.Errorf("%s: %d of %d right, below the floor of %.0f%%", kind, right[kind], n, 100*floor[kind])
		}
	}
}

// TestDevQuestions holds the quote path to the dev questions it is tuned on.
func TestDevQuestions(t *testing.T) {
	right, total := storyScore(t, "testdata/dev.txt")
	checkFloors(t, right, total, map[string]float64{"covered": 0.75, "uncovered": 0.9})
}

// TestHeldOut measures the quote path on reader questions it was never tuned on. The
// floors guard against regressions; the figures are reported in the issues' closing
// notes (go test -run TestHeldOut -v ./answer).
func TestHeldOut(t *testing.T) {
	right, total := storyScore(t, "testdata/heldout.txt")
	checkFloors(t, right, total, map[string]float64{
		"para": 0.3, "verb": 0.6, "type": 0.4, "yn": 0.3, "neg": 0.5, "off": 0.8,
	})
}
