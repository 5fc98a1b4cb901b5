package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/lexicon"
)

const fixture = "testdata/dict"

// testParams are fixed here, not taken from defaults, so the expected strengths below
// follow from this file alone.
var testParams = params{
	smoothing: 1, posSmoothing: 5, lemmaSmoothing: 50,
	derived: 0.8, derivedSynonym: 0.6, broader: 0.4, narrower: 0.3, fanout: 4,
	ambiguousForm: 0.5, plainForm: 0.9,
	minStrength: 0.03, maxRelated: 16,
}

func readFixture(t *testing.T) *dict {
	t.Helper()
	d, err := readDict(fixture)
	if err != nil {
		t.Fatalf("readDict(%q): %v", fixture, err)
	}
	return d
}

func TestReadDict(t *testing.T) {
	d := readFixture(t)
	if got, want := len(d.synsets), 20; got != want {
		t.Errorf("read %d synsets; want %d", got, want)
	}
	suit := d.synsets[synsetID{'n', 4000}]
	if suit == nil || len(suit.words) != 2 || suit.words[1].lemma != "suit" || suit.words[1].lexID != 0 {
		t.Fatalf("synset n/4000 = %+v; want lawsuit, suit", suit)
	}
	if p := suit.pointers; len(p) != 1 || p[0] != (pointer{"+", synsetID{'v', 11000}, 2, 2}) {
		t.Errorf("synset n/4000 pointers = %+v; want + v/11000 from word 2 to word 2", p)
	}
	if w := d.synsets[synsetID{'a', 21000}].words[1]; w.lemma != "huge" {
		t.Errorf("adjective marker kept: %q; want huge", w.lemma)
	}
	names := d.synsets[synsetID{'n', 8000}].words
	if !names[0].proper || names[1].proper {
		t.Errorf("Smith/CEO proper = %v/%v; want true/false (a name, an acronym)", names[0].proper, names[1].proper)
	}
	if !d.synsets[synsetID{'n', 6000}].instance || d.synsets[synsetID{'n', 7000}].instance {
		t.Error("want Paris's synset an instance and city's not")
	}
	for _, c := range []struct {
		lemma string
		pos   byte
		want  []sense
	}{
		// Counts go to the synset the sense key names, whatever the index's order.
		{"suit", 'n', []sense{{synsetID{'n', 5000}, 7}, {synsetID{'n', 4000}, 1}}},
		{"big", 'a', []sense{{synsetID{'a', 21000}, 3}}}, // a satellite: the key names its head
		{"fund", 'v', []sense{{synsetID{'v', 15000}, 0}, {synsetID{'v', 16000}, 0}}},
	} {
		got := d.senses[lemmaPOS{c.lemma, c.pos}]
		if len(got) != len(c.want) {
			t.Errorf("senses of %s/%c = %v; want %v", c.lemma, c.pos, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("senses of %s/%c = %v; want %v", c.lemma, c.pos, got, c.want)
				break
			}
		}
	}
	if d.stale != 1 {
		t.Errorf("stale counts = %d; want 1 (old%%1:10:00::)", d.stale)
	}
	if got := d.exceptions[lemmaPOS{"left", 'v'}]; len(got) != 1 || got[0] != "leave" {
		t.Errorf("verb exceptions of left = %v; want [leave]", got)
	}
}

func TestRelate(t *testing.T) {
	rels := relate(readFixture(t), testParams, indexTerm)
	find := func(from, to string) (lexicon.Relation, bool) {
		for _, r := range rels[from] {
			if r.Stem == to {
				return r, true
			}
		}
		return lexicon.Relation{}, false
	}
	for _, c := range []struct {
		from, to string
		kind     lexicon.Kind
		strength float64
	}{
		// One synset; "negotiation" shares its index term with "negotiate" (share 54/106).
		{"talk", "negoti", lexicon.Synonym, math.Sqrt(54.0 / 106)},
		{"negoti", "talk", lexicon.Synonym, math.Sqrt(54.0 / 106)},
		// Both senses of "fund" are untagged: each gets half.
		{"bankrol", "fund", lexicon.Synonym, math.Sqrt(0.5)},
		{"sue", "litig", lexicon.Synonym, 1},
		// The derivation pointer joins sue and suit, whose lawsuit sense has 1 of 8 tags.
		{"sue", "suit", lexicon.Derived, 0.8 * math.Sqrt(2.0/10)},
		{"suit", "sue", lexicon.Derived, 0.8 * math.Sqrt(2.0/10)},
		{"suit", "litig", lexicon.Derived, 0.6 * math.Sqrt(2.0/10)},
		{"sue", "lawsuit", lexicon.Derived, 0.6},
		{"lawsuit", "sue", lexicon.Derived, 0.6},
		{"suit", "lawsuit", lexicon.Synonym, math.Sqrt(2.0 / 10)},
		{"quit", "leav", lexicon.Broader, 0.4},
		{"leav", "quit", lexicon.Narrower, 0.3},
		{"negoti", "discuss", lexicon.Broader, 0.4 * math.Sqrt(54.0/106)},
		{"negoti", "haggl", lexicon.Narrower, 0.3 * math.Sqrt(54.0/106)},
		// "left" is also an adjective's index term, so the verb reading counts half.
		{"left", "leav", lexicon.Inflection, 0.5},
		{"leav", "left", lexicon.Inflection, 0.5},
		{"left", "depart", lexicon.Synonym, 0.5},
		{"quit", "left", lexicon.Broader, 0.2},
		// "strode" is no word's own term.
		{"strode", "stride", lexicon.Inflection, 0.9},
		{"stride", "strode", lexicon.Inflection, 0.9},
		{"big", "huge", lexicon.Synonym, 1},
		{"leaf", "foliag", lexicon.Synonym, 1},
	} {
		r, ok := find(c.from, c.to)
		if !ok {
			t.Errorf("%s -> %s missing; got %v", c.from, c.to, rels[c.from])
			continue
		}
		if r.Kind != c.kind || math.Abs(float64(r.Strength)-c.strength) > 1e-6 {
			t.Errorf("%s -> %s = %v %.4f; want %v %.4f", c.from, c.to, r.Kind, r.Strength, c.kind, c.strength)
		}
	}
	for _, c := range []struct{ from, to, why string }{
		{"smith", "ceo", "a name is no word's synonym"},
		{"ceo", "smith", "a name is no word's synonym"},
		{"capit", "citi", "instance synsets name things, not senses"},
		{"discuss", "give", "multi-word lemmas can't be one index term"},
		{"suit", "suit", "a term is not related to itself"},
		{"larg", "bigger", "adjective exceptions are comparatives"},
		{"talk", "leav", "no link"},
	} {
		if r, ok := find(c.from, c.to); ok {
			t.Errorf("%s -> %s = %v; want none: %s", c.from, c.to, r, c.why)
		}
	}
	for term, list := range rels {
		for i := 1; i < len(list); i++ {
			if list[i].Strength > list[i-1].Strength {
				t.Errorf("relations of %s not strongest first: %v", term, list)
			}
		}
	}
}

func TestRelateLimits(t *testing.T) {
	p := testParams
	p.maxRelated, p.minStrength = 1, 0.5
	rels := relate(readFixture(t), p, indexTerm)
	if got := rels["sue"]; len(got) != 1 || got[0].Stem != "litig" {
		t.Errorf("sue with cap 1 = %v; want only litig, the strongest", got)
	}
	if got := rels["quit"]; len(got) != 0 {
		t.Errorf("quit with floor 0.5 = %v; want none (all weaker)", got)
	}
}

func TestRunIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs [2][]byte
	for i := range outs {
		out := filepath.Join(dir, "table.txt")
		var stderr bytes.Buffer
		if err := run([]string{"-dict", fixture, "-o", out}, &stderr); err != nil {
			t.Fatalf("run: %v (%s)", err, stderr.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = b
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs on the same WordNet wrote different tables")
	}
	first, _, _ := strings.Cut(string(outs[0]), "\n")
	if !strings.Contains(first, "go generate ./lexicon/") || !strings.Contains(first, "DO NOT EDIT") {
		t.Errorf("first line %q; want the regenerate command and DO NOT EDIT", first)
	}
	tab, err := lexicon.Parse(string(outs[0]))
	if err != nil {
		t.Fatalf("Parse(generated table): %v", err)
	}
	if got := tab.Related("sue"); len(got) == 0 || got[0].Stem != "litig" || got[0].Kind != lexicon.Synonym {
		t.Errorf("generated table: Related(sue) = %v; want litig first", got)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "dict")
	if err := os.CopyFS(bad, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "data.verb"), []byte("00010000 32 v 01 negotiate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "table.txt")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-dict", filepath.Join(dir, "none"), "-o", out}, "wordnet-base"},
		{[]string{"-dict", bad, "-o", out}, "data.verb:1:"},
		{[]string{"-dict", fixture, "-o", out, "extra"}, "unexpected arguments"},
	} {
		err := run(c.args, new(bytes.Buffer))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run(%q) = %v; want an error containing %q", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s behind (%v)", out, err)
	}
}

func TestParseLineErrors(t *testing.T) {
	d := &dict{synsets: map[synsetID]*synset{}, senses: map[lemmaPOS][]sense{}, exceptions: map[lemmaPOS][]string{}}
	for _, c := range []struct {
		name string
		add  func() error
	}{
		{"short synset", func() error { return d.addSynset('n', "00001000 10 n") }},
		{"bad offset", func() error { return d.addSynset('n', "x 10 n 01 word 0 000 | g") }},
		{"wrong type", func() error { return d.addSynset('n', "00001000 10 v 01 word 0 000 | g") }},
		{"bad word count", func() error { return d.addSynset('n', "00001000 10 n zz word 0 000 | g") }},
		{"fewer words", func() error { return d.addSynset('n', "00001000 10 n 03 word 0 000 | g") }},
		{"bad lex id", func() error { return d.addSynset('n', "00001000 10 n 01 word x 000 | g") }},
		{"fewer pointers", func() error { return d.addSynset('n', "00001000 10 n 01 word 0 002 @ 00002000 n 0000 | g") }},
		{"bad pointer", func() error { return d.addSynset('n', "00001000 10 n 01 word 0 001 @ 00002000 q 0000 | g") }},
		{"bad source/target", func() error { return d.addSynset('n', "00001000 10 n 01 word 0 001 + 00002000 v 01 | g") }},
		{"short index", func() error { return d.addIndex('n', "word n 1") }},
		{"index pos", func() error { return d.addIndex('n', "word v 1 0 1 0 00001000") }},
		{"index count", func() error { return d.addIndex('n', "word n 0 0 1 0 00001000") }},
		{"index offset", func() error { return d.addIndex('n', "word n 1 0 1 0 0000x000") }},
		{"index fields", func() error { return d.addIndex('n', "word n 1 1 1 0 00001000") }},
		{"exception", func() error { return d.addException('v', "left") }},
	} {
		if err := c.add(); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// FuzzParseLine feeds arbitrary lines to the data and index line parsers: they must return
// an error or a value, never panic.
func FuzzParseLine(f *testing.F) {
	f.Add("00001000 10 n 02 negotiation 0 talks 0 001 @ 00002000 n 0000 | g")
	f.Add("00021000 00 s 02 big 0 huge(a) 0 001 & 00020000 a 0000 | g")
	f.Add("00010000 32 v 01 negotiate 0 001 + 00001000 n 0101 01 + 08 00 | g")
	f.Fuzz(func(t *testing.T, line string) {
		d := &dict{synsets: map[synsetID]*synset{}, senses: map[lemmaPOS][]sense{}}
		for _, pos := range []byte(posOrder) {
			_ = d.addSynset(pos, line) // must not panic
			_ = d.addIndex(pos, line)
		}
	})
}

func TestRegularForms(t *testing.T) {
	for _, c := range []struct {
		verb string
		want [3]string
	}{
		{"sue", [3]string{"sues", "sued", "suing"}},
		{"talk", [3]string{"talks", "talked", "talking"}},
		{"stop", [3]string{"stops", "stopped", "stopping"}},
		{"visit", [3]string{"visits", "visited", "visiting"}},
		{"fix", [3]string{"fixes", "fixed", "fixing"}},
		{"stay", [3]string{"stays", "stayed", "staying"}},
		{"fund", [3]string{"funds", "funded", "funding"}},
		{"bankroll", [3]string{"bankrolls", "bankrolled", "bankrolling"}},
		{"carry", [3]string{"carries", "carried", "carrying"}},
		{"die", [3]string{"dies", "died", "dying"}},
		{"agree", [3]string{"agrees", "agreed", "agreeing"}},
		{"push", [3]string{"pushes", "pushed", "pushing"}},
	} {
		got := regularForms(c.verb)
		if len(got) != 3 || [3]string(got) != c.want {
			t.Errorf("regularForms(%q) = %q; want %q", c.verb, got, c.want)
		}
	}
}
