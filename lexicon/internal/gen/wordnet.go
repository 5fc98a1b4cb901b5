package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The parts of speech, as WordNet's file names and synset types spell them; adjective
// satellites ("s") are filed with the adjectives.
var posNames = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

// posOrder lists the parts of speech in the order the files are read.
const posOrder = "nvar"

// synsetID names a synset: its part of speech and its offset in that part's data file.
type synsetID struct {
	pos byte
	off uint32
}

// member is one word of a synset: its lemma as the index files spell it (lower case,
// underscores for spaces) and whether the data file wrote it as a name ("Apple"; an
// acronym such as "CEO" is not one).
type member struct {
	lemma  string
	proper bool
	// lexID tells apart the senses of one lemma in one lexicographer file.
	lexID int
}

// pointer is one relation of a synset. Lexical pointers relate one word of each synset:
// source and target are 1-based word numbers; semantic ones relate the whole synsets and
// have both 0.
type pointer struct {
	symbol         string
	target         synsetID
	source, tgtNum int
}

// synset is one sense shared by its words.
type synset struct {
	// instance says the synset is one named thing ("Paris"), not a sense of a word.
	instance bool
	// file is the lexicographer file number, typ the synset type (n, v, a, s, r).
	file     string
	typ      byte
	words    []member
	pointers []pointer
}

// sense is one meaning of a lemma in one part of speech: its synset and how many times
// the sense-tagged corpora used it.
type sense struct {
	synset synsetID
	count  int
}

// lemmaPOS names a lemma in one part of speech.
type lemmaPOS struct {
	lemma string
	pos   byte
}

// dict is the part of a WordNet database the lexicon is built from.
type dict struct {
	synsets map[synsetID]*synset
	// senses lists each lemma's senses in WordNet's order, commonest first.
	senses map[lemmaPOS][]sense
	// exceptions maps an irregular inflected form to its base forms, per part of speech
	// ("left" -> "leave" for verbs).
	exceptions map[lemmaPOS][]string
	// stale counts the tag counts of senses WordNet 3.0 no longer has.
	stale int
}

// readDict reads the data, index, exception and tag-count files of the WordNet database in dir.
func readDict(dir string) (*dict, error) {
	d := &dict{
		synsets:    make(map[synsetID]*synset),
		senses:     make(map[lemmaPOS][]sense),
		exceptions: make(map[lemmaPOS][]string),
	}
	for i := 0; i < len(posOrder); i++ {
		pos := posOrder[i]
		name := posNames[pos]
		if err := readFile(filepath.Join(dir, "data."+name), func(line string) error {
			return d.addSynset(pos, line)
		}); err != nil {
			return nil, err
		}
		if err := readFile(filepath.Join(dir, "index."+name), func(line string) error {
			return d.addIndex(pos, line)
		}); err != nil {
			return nil, err
		}
		if err := readFile(filepath.Join(dir, name+".exc"), func(line string) error {
			return d.addException(pos, line)
		}); err != nil {
			return nil, err
		}
	}
	if err := d.readCounts(filepath.Join(dir, "cntlist.rev")); err != nil {
		return nil, err
	}
	return d, nil
}

// readFile calls add with each line of the file that is not part of the licence header
// (those lines start with a space) nor blank, and names the file and line in any error.
func readFile(path string, add func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return readLines(path, f, add)
}

func readLines(name string, r io.Reader, add func(line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if err := add(line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// filePOS maps a synset type to the part of speech whose files hold it.
func filePOS(t string) (byte, error) {
	switch t {
	case "n", "v", "a", "r":
		return t[0], nil
	case "s":
		return 'a', nil
	}
	return 0, fmt.Errorf("unknown synset type %q", t)
}

// addSynset reads a data file line:
// offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt (symbol offset pos src/tgt)... [frames] | gloss
func (d *dict) addSynset(pos byte, line string) error {
	line, _, _ = strings.Cut(line, " | ")
	f := strings.Fields(line)
	if len(f) < 4 {
		return fmt.Errorf("synset line too short")
	}
	off, err := strconv.ParseUint(f[0], 10, 32)
	if err != nil {
		return fmt.Errorf("synset offset %q: %w", f[0], err)
	}
	if p, err := filePOS(f[2]); err != nil || p != pos {
		return fmt.Errorf("synset type %q in the %s file", f[2], posNames[pos])
	}
	wcnt, err := strconv.ParseUint(f[3], 16, 8)
	if err != nil || wcnt == 0 {
		return fmt.Errorf("word count %q", f[3])
	}
	i := 4
	s := &synset{file: f[1], typ: f[2][0]}
	for range wcnt {
		if i+1 >= len(f) {
			return fmt.Errorf("synset has fewer words than its count %d", wcnt)
		}
		w := f[i]
		if j := strings.IndexByte(w, '('); j > 0 { // adjective markers: "long(a)"
			w = w[:j]
		}
		lower := strings.ToLower(w)
		id, err := strconv.ParseUint(f[i+1], 16, 8)
		if err != nil {
			return fmt.Errorf("lex_id %q: %w", f[i+1], err)
		}
		s.words = append(s.words, member{lemma: lower, proper: lower != w && strings.ToUpper(w) != w, lexID: int(id)})
		i += 2
	}
	if i >= len(f) {
		return fmt.Errorf("synset has no pointer count")
	}
	pcnt, err := strconv.Atoi(f[i])
	if err != nil {
		return fmt.Errorf("pointer count %q: %w", f[i], err)
	}
	i++
	for range pcnt {
		if i+3 >= len(f) {
			return fmt.Errorf("synset has fewer pointers than its count %d", pcnt)
		}
		p, err := parsePointer(f[i : i+4])
		if err != nil {
			return err
		}
		s.pointers = append(s.pointers, p)
		s.instance = s.instance || p.symbol == "@i"
		i += 4
	}
	d.synsets[synsetID{pos, uint32(off)}] = s
	return nil
}

// parsePointer reads "symbol offset pos source/target".
func parsePointer(f []string) (pointer, error) {
	off, err := strconv.ParseUint(f[1], 10, 32)
	if err != nil {
		return pointer{}, fmt.Errorf("pointer offset %q: %w", f[1], err)
	}
	pos, err := filePOS(f[2])
	if err != nil {
		return pointer{}, fmt.Errorf("pointer: %w", err)
	}
	st, err := strconv.ParseUint(f[3], 16, 16)
	if err != nil || len(f[3]) != 4 {
		return pointer{}, fmt.Errorf("pointer source/target %q", f[3])
	}
	return pointer{symbol: f[0], target: synsetID{pos, uint32(off)}, source: int(st >> 8), tgtNum: int(st & 0xff)}, nil
}

// addIndex reads an index file line:
// lemma pos synset_cnt p_cnt [symbol...] sense_cnt tagsense_cnt synset_offset...
func (d *dict) addIndex(pos byte, line string) error {
	f := strings.Fields(line)
	if len(f) < 4 {
		return fmt.Errorf("index line too short")
	}
	if p, err := filePOS(f[1]); err != nil || p != pos {
		return fmt.Errorf("part of speech %q in the %s index", f[1], posNames[pos])
	}
	n, err := strconv.Atoi(f[2])
	if err != nil || n < 1 {
		return fmt.Errorf("synset count %q", f[2])
	}
	pcnt, err := strconv.Atoi(f[3])
	if err != nil || pcnt < 0 {
		return fmt.Errorf("pointer count %q", f[3])
	}
	if len(f) != 4+pcnt+2+n {
		return fmt.Errorf("index line has %d fields; want %d for %d pointer types and %d synsets", len(f), 4+pcnt+2+n, pcnt, n)
	}
	offs := f[len(f)-n:]
	senses := make([]sense, n)
	for i, o := range offs {
		off, err := strconv.ParseUint(o, 10, 32)
		if err != nil {
			return fmt.Errorf("synset offset %q: %w", o, err)
		}
		senses[i].synset = synsetID{pos, uint32(off)}
	}
	d.senses[lemmaPOS{f[0], pos}] = senses
	return nil
}

// addException reads an exception list line: inflected_form base_form...
func (d *dict) addException(pos byte, line string) error {
	f := strings.Fields(line)
	if len(f) < 2 {
		return fmt.Errorf("exception line wants a form and its base")
	}
	k := lemmaPOS{f[0], pos}
	d.exceptions[k] = append(d.exceptions[k], f[1:]...)
	return nil
}

// senseKeys maps each sense key (lemma%ss_type:lex_filenum:lex_id:head_word:head_id) to
// its synset, as WordNet's senseidx(5WN) defines them.
func (d *dict) senseKeys() map[string]synsetID {
	types := map[byte]int{'n': 1, 'v': 2, 'a': 3, 'r': 4, 's': 5}
	keys := make(map[string]synsetID)
	for id, s := range d.synsets {
		head := ":"
		if s.typ == 's' {
			for _, p := range s.pointers {
				if h := d.synsets[p.target]; p.symbol == "&" && h != nil {
					head = fmt.Sprintf("%s:%02d", h.words[0].lemma, h.words[0].lexID)
					break
				}
			}
		}
		for _, w := range s.words {
			keys[fmt.Sprintf("%s%%%d:%s:%02d:%s", w.lemma, types[s.typ], s.file, w.lexID, head)] = id
		}
	}
	return keys
}

// readCounts reads cntlist.rev, lines of sense_key sense_number tag_cnt, into the senses'
// counts. Sense keys WordNet 3.0 no longer has are skipped and counted in d.stale.
func (d *dict) readCounts(path string) error {
	keys := d.senseKeys()
	return readFile(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) != 3 {
			return fmt.Errorf("count line wants a sense key, a sense number and a count")
		}
		cnt, err := strconv.Atoi(f[2])
		if err != nil || cnt < 0 {
			return fmt.Errorf("tag count %q", f[2])
		}
		lemma, _, ok := strings.Cut(f[0], "%")
		id, known := keys[f[0]]
		if !ok || !known {
			d.stale++
			return nil
		}
		senses := d.senses[lemmaPOS{lemma, id.pos}]
		i := slices.IndexFunc(senses, func(s sense) bool { return s.synset == id })
		if i < 0 {
			d.stale++
			return nil
		}
		senses[i].count += cnt
		return nil
	})
}
