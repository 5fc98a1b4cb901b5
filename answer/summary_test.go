package answer

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"storybot"
)

func TestSummaryShape(t *testing.T) {
	e := seedEngineT(t)
	s := e.Summary(context.Background(), nil)
	if n := len(s.Bullets); n < minBullets || n > maxBullets {
		t.Fatalf("Summary has %d bullets; want %d to %d:\n%s", n, minBullets, maxBullets, s.Text)
	}
	lines := strings.Split(s.Text, "\n")
	if len(lines) != len(s.Bullets) {
		t.Fatalf("Summary.Text has %d lines for %d bullets", len(lines), len(s.Bullets))
	}
	// The summary-wide numbering: the citations of all bullets, in order of first use.
	var all []storybot.Citation
	seen := map[storybot.Citation]bool{}
	for i, b := range s.Bullets {
		if lines[i] != "- "+b.Text {
			t.Errorf("line %d = %q; want the bullet %q", i, lines[i], "- "+b.Text)
		}
		if len(b.Citations) == 0 {
			t.Errorf("bullet %q has no citation", b.Text)
		}
		for _, c := range b.Citations {
			if !strings.Contains(b.Text, "["+strconv.Itoa(c.N)+"]") {
				t.Errorf("bullet %q lacks the marker of its citation %d", b.Text, c.N)
			}
			if !seen[c] {
				seen[c] = true
				all = append(all, c)
			}
		}
		if !bulletFit(b.Citations[0].Quote) {
			t.Errorf("bullet %q is not a whole sentence of prose", b.Text)
		}
	}
	checkCitations(t, e.Sources(), s.Text, all)
	checkQuoted(t, s.Text, all)
}

// No two bullets may say the same thing.
func TestSummaryNoRepeats(t *testing.T) {
	e := seedEngineT(t)
	st := e.corpusStats()
	s := e.Summary(context.Background(), nil)
	for i, a := range s.Bullets {
		for _, b := range s.Bullets[i+1:] {
			x, y := st.parse(a.Citations[0].Quote), st.parse(b.Citations[0].Quote)
			if sim := st.similarity(&x, &y); sim >= bulletRepeat {
				t.Errorf("bullets say the same (similarity %.2f):\n%s\n%s", sim, a.Text, b.Text)
			}
		}
	}
}
