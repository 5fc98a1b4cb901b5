package lexicon_test

import (
	"testing"

	"storybot/lexicon"
	"storybot/retrieval"
)

// term returns a word's index term as retrieval makes it.
func term(t testing.TB, word string) string {
	t.Helper()
	terms := retrieval.Terms(word)
	if len(terms) != 1 {
		t.Fatalf("retrieval.Terms(%q) = %q; want one term", word, terms)
	}
	return terms[0]
}

// relation returns how the embedded table relates word's term to other's.
func relation(t testing.TB, word, other string) (lexicon.Relation, bool) {
	t.Helper()
	want := term(t, other)
	for _, r := range lexicon.Related(term(t, word)) {
		if r.Stem == want {
			return r, true
		}
	}
	return lexicon.Relation{}, false
}

func TestRelatedPairs(t *testing.T) {
	for _, c := range []struct {
		word, other string
		kind        lexicon.Kind
	}{
		// Words as a question and an article put them.
		{"talks", "negotiations", lexicon.Synonym},
		{"negotiations", "talks", lexicon.Synonym},
		{"sue", "lawsuit", lexicon.Derived},
		{"lawsuit", "sue", lexicon.Derived},
		{"lawsuit", "sued", lexicon.Derived}, // "sued" stems to "su", not "sue"
		{"sued", "sue", lexicon.Inflection},
		{"bankroll", "funded", lexicon.Broader},
		{"funding", "bankrolled", lexicon.Narrower},
		{"founder", "founded", lexicon.Derived},
		{"founded", "founder", lexicon.Derived},
		{"left", "leaving", lexicon.Inflection}, // "left" from the verb exception list
		{"left", "departed", lexicon.Derived},
		{"quit", "stopped", lexicon.Synonym},
		{"resigned", "quit", lexicon.Broader},
		{"employees", "workers", lexicon.Broader},
		{"purchase", "bought", lexicon.Synonym},
		{"rival", "competitor", lexicon.Synonym},
		{"said", "stated", lexicon.Synonym},
		{"build", "construct", lexicon.Synonym},
		{"acquire", "acquisition", lexicon.Derived},
	} {
		r, ok := relation(t, c.word, c.other)
		if !ok {
			t.Errorf("%s -> %s: not related; want %v", c.word, c.other, c.kind)
			continue
		}
		if r.Kind != c.kind {
			t.Errorf("%s -> %s = %v %.2f; want %v", c.word, c.other, r.Kind, r.Strength, c.kind)
		}
	}
}

func TestRelatedNotPairs(t *testing.T) {
	for _, c := range [][2]string{
		// Opposites, look-alikes and neighbours in a news story: none means the other.
		{"left", "right"}, {"buy", "sell"}, {"win", "lose"}, {"hired", "fired"},
		{"fund", "fun"}, {"talks", "walks"}, {"sue", "sew"}, {"founder", "flounder"},
		{"ceo", "employee"}, {"rocket", "salad"}, {"space", "time"}, {"bank", "river"},
		{"startup", "rocket"}, {"quit", "talks"}, {"lawsuit", "suitcase"},
	} {
		if r, ok := relation(t, c[0], c[1]); ok {
			t.Errorf("%s -> %s = %v %.2f; want unrelated", c[0], c[1], r.Kind, r.Strength)
		}
		if r, ok := relation(t, c[1], c[0]); ok {
			t.Errorf("%s -> %s = %v %.2f; want unrelated", c[1], c[0], r.Kind, r.Strength)
		}
	}
}

func TestRelatedRanksCommonSensesFirst(t *testing.T) {
	for _, c := range []struct{ word, common, rare string }{
		// "founder" the person before "founder" the verb of ships (sink).
		{"founder", "founded", "sink"},
		// "suit" in court before "suit" the agreeing.
		{"sue", "lawsuit", "petition"},
		// "stake" the bet before the post.
		{"stake", "wager", "post"},
	} {
		common, ok := relation(t, c.word, c.common)
		if !ok {
			t.Errorf("%s -> %s: not related", c.word, c.common)
			continue
		}
		if rare, ok := relation(t, c.word, c.rare); ok && rare.Strength >= common.Strength {
			t.Errorf("%s: %s %.2f ranks with %s %.2f; want the common sense stronger", c.word, c.rare, rare.Strength, c.common, common.Strength)
		}
	}
}

func TestRelatedTable(t *testing.T) {
	tab := lexicon.Default()
	if n := tab.Len(); n < 30000 {
		t.Errorf("embedded table has %d terms; want WordNet's tens of thousands", n)
	}
	if got := lexicon.Related("zzqx"); got != nil {
		t.Errorf("Related(unknown) = %v; want nil", got)
	}
	if got := lexicon.Related(""); got != nil {
		t.Errorf("Related(\"\") = %v; want nil", got)
	}
	for _, w := range []string{"talk", "sue", "found", "leav"} {
		rels := lexicon.Related(w)
		if len(rels) == 0 || len(rels) > 24 {
			t.Errorf("Related(%q) has %d relations; want 1 to 24", w, len(rels))
		}
		for i, r := range rels {
			if r.Stem == w || r.Stem == "" || r.Strength <= 0 || r.Strength > 1 {
				t.Errorf("Related(%q)[%d] = %+v; want another stem, strength in (0, 1]", w, i, r)
			}
			if i > 0 && r.Strength > rels[i-1].Strength {
				t.Errorf("Related(%q) not strongest first at %d: %v", w, i, rels)
			}
		}
		// A caller's append must copy, not overwrite the next term's relations.
		if cap(rels) != len(rels) {
			t.Errorf("Related(%q) has room to append in place (len %d, cap %d)", w, len(rels), cap(rels))
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[lexicon.Kind]string{
		lexicon.Synonym: "synonym", lexicon.Inflection: "inflection", lexicon.Derived: "derived",
		lexicon.Broader: "broader", lexicon.Narrower: "narrower", 0: "Kind(0)", 9: "Kind(9)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q; want %q", k, got, want)
		}
	}
}
