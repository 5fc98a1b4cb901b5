package lexicon_test

import (
	"bytes"
	"strings"
	"testing"

	"storybot/lexicon"
)

func TestWriteParse(t *testing.T) {
	in := map[string][]lexicon.Relation{
		"talk":   {{"speak", lexicon.Synonym, 0.271}, {"negoti", lexicon.Synonym, 0.5}, {"chat", lexicon.Narrower, 0.004}},
		"negoti": {{"talk", lexicon.Synonym, 0.5}},
		"empty":  nil,
	}
	var buf bytes.Buffer
	if err := lexicon.Write(&buf, []string{"made by a test"}, in); err != nil {
		t.Fatalf("Write: %v", err)
	}
	want := "# made by a test\nnegoti\ttalk:s50\ntalk\tnegoti:s50 speak:s27 chat:n1\n"
	if got := buf.String(); got != want {
		t.Fatalf("Write = %q; want %q", got, want)
	}
	tab, err := lexicon.Parse(buf.String())
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got := tab.Related("talk")
	wantRels := []lexicon.Relation{{"negoti", lexicon.Synonym, 0.5}, {"speak", lexicon.Synonym, 0.27}, {"chat", lexicon.Narrower, 0.01}}
	if len(got) != len(wantRels) {
		t.Fatalf("Related(talk) = %v; want %v", got, wantRels)
	}
	for i := range got {
		if got[i] != wantRels[i] {
			t.Errorf("Related(talk)[%d] = %v; want %v", i, got[i], wantRels[i])
		}
	}
	if tab.Len() != 2 || tab.Related("empty") != nil {
		t.Errorf("Len = %d, Related(empty) = %v; want 2 terms, none for empty", tab.Len(), tab.Related("empty"))
	}
}

func TestWriteErrors(t *testing.T) {
	for _, rels := range []map[string][]lexicon.Relation{
		{"a b": {{"c", lexicon.Synonym, 1}}},
		{"a": {{"c:d", lexicon.Synonym, 1}}},
		{"a": {{"", lexicon.Synonym, 1}}},
		{"#a": {{"c", lexicon.Synonym, 1}}},
		{"a": {{"c", 0, 1}}},
		{"a": {{"c", lexicon.Narrower + 1, 1}}},
	} {
		if err := lexicon.Write(new(bytes.Buffer), nil, rels); err == nil {
			t.Errorf("Write(%v): no error", rels)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"talk\n", "line 1: want a term, a tab"},
		{"talk\t\n", "line 1: want a term, a tab"},
		{"\tspeak:s50\n", "line 1: want a term, a tab"},
		{"b\tx:s50\na\tx:s50\n", "line 2: term \"a\" is out of order"},
		{"a\tx:s50\na\tx:s50\n", "line 2: term \"a\" is out of order or repeated"},
		{"a\tx\n", "want stem:KNN"},
		{"a\t:s50\n", "want stem:KNN"},
		{"a\tx:q50\n", "unknown kind"},
		{"a\tx:s0\n", "strength must be 1 to 100"},
		{"a\tx:s101\n", "strength must be 1 to 100"},
		{"a\tx:sfifty\n", "strength must be 1 to 100"},
		{"# c\na\tx:s50  y:s40\n", "line 2 (a): relation \"\""},
	} {
		_, err := lexicon.Parse(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v; want an error containing %q", c.data, err, c.want)
		}
	}
}

// FuzzParse: any input parses or fails with an error, and what parses writes back to a
// table that parses to the same relations.
func FuzzParse(f *testing.F) {
	f.Add("# h\nnegoti\ttalk:s50\ntalk\tnegoti:s50 speak:s27 chat:n1\n")
	f.Add("a\tx:i100\n")
	f.Add("a\tx:q50\n")
	f.Fuzz(func(t *testing.T, data string) {
		tab, err := lexicon.Parse(data)
		if err != nil {
			return
		}
		rels := map[string][]lexicon.Relation{}
		for _, line := range strings.Split(data, "\n") {
			if key, _, ok := strings.Cut(line, "\t"); ok && line[0] != '#' {
				rels[key] = tab.Related(key)
			}
		}
		var buf bytes.Buffer
		if err := lexicon.Write(&buf, nil, rels); err != nil {
			return // Parse accepts stems Write refuses ("#x" inside a list)
		}
		again, err := lexicon.Parse(buf.String())
		if err != nil {
			t.Fatalf("Parse(Write(Parse(%q))): %v", data, err)
		}
		for key, want := range rels {
			got := again.Related(key)
			if len(got) != len(want) {
				t.Fatalf("%q: round trip gave %v; want %v", key, got, want)
			}
		}
	})
}
