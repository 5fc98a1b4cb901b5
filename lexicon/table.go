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
//
// A Table keeps the text and where each term's line starts, and reads a term's relations
// when asked: a process that looks up a few thousand words does not pay for decoding
// three hundred thousand relations at start-up.
type Table struct {
	data string
	// lines are the offsets in data of the terms' lines, in the terms' order.
	lines []uint32
}

// Related returns the words related to the index term stem, strongest first; nil when there
// are none.
func (t *Table) Related(stem string) []Relation {
	i, ok := slices.BinarySearchFunc(t.lines, stem, func(off uint32, key string) int {
		return strings.Compare(t.key(off), key)
	})
	if !ok {
		return nil
	}
	_, list, _ := strings.Cut(t.line(t.lines[i]), "\t")
	rels := make([]Relation, 0, strings.Count(list, " ")+1)
	for list != "" {
		var field string
		field, list, _ = strings.Cut(list, " ")
		if r, err := parseRelation(field); err == nil {
			rels = append(rels, r)
		}
	}
	return rels
}

// line returns the line starting at off, without its newline.
func (t *Table) line(off uint32) string {
	line, _, _ := strings.Cut(t.data[off:], "\n")
	return line
}

// key returns the term of the line starting at off.
func (t *Table) key(off uint32) string {
	key, _, _ := strings.Cut(t.line(off), "\t")
	return key
}

// Len returns the number of terms that have related words.
func (t *Table) Len() int { return len(t.lines) }

// Parse reads a table in its file format, checking every line. The relations' stems share
// data's memory.
func Parse(data string) (*Table, error) {
	if len(data) > math.MaxUint32 {
		return nil, fmt.Errorf("table of %d bytes is too large", len(data))
	}
	t := &Table{data: data, lines: make([]uint32, 0, strings.Count(data, "\n"))}
	prev := ""
	for off, n := 0, 1; off < len(data); n++ {
		line, _, _ := strings.Cut(data[off:], "\n")
		start := off
		off += len(line) + 1
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
		for list != "" {
			var field string
			field, list, _ = strings.Cut(list, " ")
			if _, err := parseRelation(field); err != nil {
				return nil, fmt.Errorf("line %d (%s): %w", n, key, err)
			}
		}
		t.lines = append(t.lines, uint32(start))
	}
	return t, nil
}

// index reads a table that Parse has checked (the generated one, which the tests parse)
// finding only where its lines start.
func index(data string) *Table {
	t := &Table{data: data, lines: make([]uint32, 0, strings.Count(data, "\n"))}
	for off := 0; off < len(data); {
		end := strings.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		if end > 0 && data[off] != '#' {
			t.lines = append(t.lines, uint32(off))
		}
		off += end + 1
	}
	return t
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
