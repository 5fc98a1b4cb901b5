package answer

import (
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"altman", "altman", 1, 0},
		{"altmann", "altman", 1, 1},
		{"nvidea", "nvidia", 1, 1},
		{"spcae", "space", 1, 1}, // neighbouring letters swapped
		{"hollwood", "hollywood", 2, 1},
		{"sigimund", "sigismund", 2, 1},
		{"mnafeld", "mansfeld", 2, 2},
		{"amazon", "altman", 1, 2}, // more than the limit: limit+1
		{"", "abc", 2, 3},
		{"abc", "", 5, 3},
		{"rocket", "rockets", 0, 1},
		{"Zürich", "Zurich", 1, 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d; want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// A name the articles never use is read as the passage's name it misspells, only when
// that is written as a name there and is one letter off with the same first letter.
func TestRespell(t *testing.T) {
	e := seedEngineT(t)
	st := e.corpusStats()
	tests := []struct {
		question, term, want string
	}{
		{"When did Altmann contact Stoke?", "altmann", "altman"},
		{"What did Nvidea's CFO say about the deal?", "nvidea", "nvidia"},
		// Not a misspelling of anything the passages say: left as asked.
		{"Did Amazon buy a rocket company?", "amazon", "amazon"},
		{"What did Apple say about Stoke Space?", "appl", "appl"},
	}
	for _, tt := range tests {
		q := st.weigh(tt.question, tt.question)
		hits := e.ix.Search(tt.question, 5)
		before := q.terms[termIndex(q, tt.term)].w
		got := st.respell(q, hits)
		i := termIndex(got, tt.want)
		if i < 0 {
			t.Errorf("respell(%q): terms %v; want %q for %q", tt.question, got.terms, tt.want, tt.term)
			continue
		}
		if tt.want != tt.term && termIndex(q, tt.term) < 0 {
			t.Errorf("respell(%q) changed the caller's terms", tt.question)
		}
		if tt.want != tt.term && got.terms[i].w >= before {
			t.Errorf("respell(%q): %q weighs %v; want less than the unseen name's %v", tt.question, tt.want, got.terms[i].w, before)
		}
	}
}

func termIndex(q wquery, term string) int {
	for i, t := range q.terms {
		if t.term == term {
			return i
		}
	}
	return -1
}

// editDistance takes any two words a user and an article may write: it is symmetric, never
// more than limit+1, zero only for equal words, and never more than the longer word.
func FuzzEditDistance(f *testing.F) {
	f.Add("altmann", "altman", 1)
	f.Add("spcae", "space", 2)
	f.Add("", "\xff", 0)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		limit = min(max(limit, 0), 3)
		d := editDistance(a, b, limit)
		if back := editDistance(b, a, limit); back != d {
			t.Errorf("editDistance(%q, %q, %d) = %d but %d the other way", a, b, limit, d, back)
		}
		if d < 0 || d > limit+1 {
			t.Errorf("editDistance(%q, %q, %d) = %d; want 0 to %d", a, b, limit, d, limit+1)
		}
		if (d == 0) != (string([]rune(a)) == string([]rune(b))) {
			t.Errorf("editDistance(%q, %q, %d) = %d", a, b, limit, d)
		}
		if n := max(len([]rune(a)), len([]rune(b))); d > n {
			t.Errorf("editDistance(%q, %q, %d) = %d; more than %d letters", a, b, limit, d, n)
		}
	})
}
