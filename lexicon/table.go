package lexicon

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Table maps index terms to their related words.
//
// Its file format is text, one line per term in byte order: the term, a tab, then its
// relations strongest first, separated by spaces, each written stem:KNN with K the kind's
// letter (s, i, d, b, n) and NN the strength in hundredths (1 to 100). Lines starting with
// '#' are comments.
type Table struct {
	index map[string]span
	rels  []Relation
}

// span is a term's relations, rels[lo:hi].
type span struct{ lo, hi uint32 }

// Related returns the words related to the index term stem, strongest first; nil when there
// are none. The slice is shared: callers must not modify it.
func (t *Table) Related(stem string) []Relation {
	s, ok := t.index[stem]
	if !ok {
		return nil
	}
	return t.rels[s.lo:s.hi:s.hi]
}

// Len returns the number of terms that have related words.
func (t *Table) Len() int { return len(t.index) }

// Parse reads a table in its file format. The relations' stems share data's memory.
func Parse(data string) (*Table, error) {
	t := &Table{index: make(map[string]span, strings.Count(data, "\n"))}
	t.rels = make([]Relation, 0, strings.Count(data, ":"))
	prev := ""
	for n := 1; data != ""; n++ {
		line, rest, _ := strings.Cut(data, "\n")
		data = rest
		if line == "" || line[0] == '#' {
			continue
		}
		key, list, ok := strings.Cut(line, "\t")
		if !ok || key == "" || list == "" {
			return nil, fmt.Errorf("line %d: want a term, a tab and its relations", n)
		}
		if key <= prev {
			return nil, fmt.Errorf("line %d: term %q is out of order or repeated", n, key)
		}
		prev = key
		lo := len(t.rels)
		for list != "" {
			var field string
			field, list, _ = strings.Cut(list, " ")
			r, err := parseRelation(field)
			if err != nil {
				return nil, fmt.Errorf("line %d (%s): %w", n, key, err)
			}
			t.rels = append(t.rels, r)
		}
		t.index[key] = span{uint32(lo), uint32(len(t.rels))}
	}
	return t, nil
}

// parseRelation reads one stem:KNN field.
func parseRelation(field string) (Relation, error) {
	stem, code, ok := strings.Cut(field, ":")
	if !ok || stem == "" || len(code) < 2 {
		return Relation{}, fmt.Errorf("relation %q: want stem:KNN", field)
	}
	k := strings.IndexByte(kindCodes, code[0])
	if k < 1 {
		return Relation{}, fmt.Errorf("relation %q: unknown kind %q", field, code[0])
	}
	pct, err := strconv.Atoi(code[1:])
	if err != nil || pct < 1 || pct > 100 {
		return Relation{}, fmt.Errorf("relation %q: strength must be 1 to 100", field)
	}
	return Relation{Stem: stem, Kind: Kind(k), Strength: float32(pct) / 100}, nil
}

// Write writes rels as a table file: the header lines as comments, then the terms in byte
// order, each term's relations strongest first (then by kind and stem), strengths rounded to
// hundredths. The same input always gives the same bytes.
func Write(w io.Writer, header []string, rels map[string][]Relation) error {
	bw := bufio.NewWriter(w)
	for _, h := range header {
		fmt.Fprintf(bw, "# %s\n", h)
	}
	keys := make([]string, 0, len(rels))
	for k, rs := range rels {
		if len(rs) > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	type coded struct {
		stem string
		kind Kind
		pct  int
	}
	var list []coded
	for _, k := range keys {
		if err := checkWord(k); err != nil {
			return fmt.Errorf("term %q: %w", k, err)
		}
		list = list[:0]
		for _, r := range rels[k] {
			if err := checkWord(r.Stem); err != nil {
				return fmt.Errorf("term %q: related %q: %w", k, r.Stem, err)
			}
			if r.Kind < Synonym || r.Kind > Narrower {
				return fmt.Errorf("term %q: related %q: unknown kind %d", k, r.Stem, r.Kind)
			}
			pct := int(math.Round(float64(r.Strength) * 100))
			list = append(list, coded{r.Stem, r.Kind, min(max(pct, 1), 100)})
		}
		slices.SortFunc(list, func(a, b coded) int {
			return cmp.Or(cmp.Compare(b.pct, a.pct), cmp.Compare(a.kind, b.kind), strings.Compare(a.stem, b.stem))
		})
		bw.WriteString(k)
		for i, c := range list {
			sep := byte(' ')
			if i == 0 {
				sep = '\t'
			}
			fmt.Fprintf(bw, "%c%s:%c%d", sep, c.stem, kindCodes[c.kind], c.pct)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// checkWord says whether s can stand in the file as a term or stem.
func checkWord(s string) error {
	if s == "" || strings.ContainsAny(s, " \t\n:#") {
		return fmt.Errorf("empty or holds a space, tab, newline, ':' or '#'")
	}
	return nil
}
