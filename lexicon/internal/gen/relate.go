package main

import (
	"math"
	"slices"
	"strings"

	"storybot/lexicon"
)

// params are the knobs of relate; defaults holds the ones the committed table uses.
type params struct {
	// smoothing is added to every sense's tag count, so untagged senses keep a share.
	smoothing float64
	// posSmoothing is added to every part of speech's tag count, so a lemma's untagged
	// parts of speech keep a share.
	posSmoothing float64
	// lemmaSmoothing is added to every lemma's tag count when sharing out an index term
	// among the lemmas it stands for.
	lemmaSmoothing float64
	// derived, derivedSynonym, broader and narrower scale a relation's strength by how
	// directly it links the words: a derivation pointer between the two words, or between
	// their synsets; one step up or down the hypernym tree.
	derived, derivedSynonym, broader, narrower float64
	// fanout is how many hyponyms a synset may have before the step down to each is
	// weakened further (by fanout/hyponyms): a general sense says little about each of
	// many specific ones.
	fanout int
	// ambiguousForm scales relations reached through an irregular form whose index term
	// is also a word's own ("left" is the past of "leave" and a direction; "leaves" the
	// plural of "leaf" and a form of "leave"); plainForm those through other forms ("went").
	ambiguousForm, plainForm float64
	// minStrength drops weaker relations; maxRelated keeps a term's strongest ones.
	minStrength float64
	maxRelated  int
}

var defaults = params{
	smoothing:      1,
	posSmoothing:   5,
	lemmaSmoothing: 50,
	derived:        0.8,
	derivedSynonym: 0.6,
	broader:        0.4,
	narrower:       0.3,
	fanout:         4,
	ambiguousForm:  0.5,
	plainForm:      0.9,
	minStrength:    0.03,
	maxRelated:     24,
}

// termFunc returns the index term of a word, false for a stop word.
type termFunc func(word string) (string, bool)

// form is an index term a word appears as, and how surely an occurrence of it is that word.
type form struct {
	term   string
	weight float64
}

// best is the strongest relation found so far between two terms.
type best struct {
	kind     lexicon.Kind
	strength float64
}

// relater builds the table from a dict.
type relater struct {
	d    *dict
	p    params
	term termFunc
	// inflections maps a base form to its irregular inflected forms.
	inflections map[lemmaPOS][]string
	// lemmaTerm holds the index term of every lemma.
	lemmaTerm map[string]bool
	// hyponyms maps a synset to the synsets whose hypernym it is.
	hyponyms map[synsetID][]synsetID
	// formCache holds forms' answers.
	formCache map[lemmaPOS][]form
	// share is how likely an occurrence of a lemma's index term is that lemma.
	share map[string]float64
	rel   map[string]map[string]best
}

// relate returns, for each index term, its related terms: strongest first, at most
// p.maxRelated, none weaker than p.minStrength.
func relate(d *dict, p params, term termFunc) map[string][]lexicon.Relation {
	r := &relater{
		d: d, p: p, term: term,
		inflections: make(map[lemmaPOS][]string),
		lemmaTerm:   make(map[string]bool),
		formCache:   make(map[lemmaPOS][]form),
		hyponyms:    make(map[synsetID][]synsetID),
		rel:         make(map[string]map[string]best),
	}
	for k, bases := range d.exceptions {
		for _, b := range bases {
			bk := lemmaPOS{b, k.pos}
			r.inflections[bk] = append(r.inflections[bk], k.lemma)
		}
	}
	for k := range d.senses {
		if t, ok := term(k.lemma); ok && acceptable(k.lemma) {
			r.lemmaTerm[t] = true
		}
	}
	r.share = lemmaShares(d, p.lemmaSmoothing, term)
	for id, s := range d.synsets {
		for _, ptr := range s.pointers {
			if ptr.symbol == "@" {
				r.hyponyms[ptr.target] = append(r.hyponyms[ptr.target], id)
			}
		}
	}
	// Map iteration order is random; relations only ever keep a maximum, so the result
	// does not depend on it, but sorting keeps runs comparable when debugging.
	keys := make([]lemmaPOS, 0, len(d.senses))
	for k := range d.senses {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b lemmaPOS) int {
		if a.lemma != b.lemma {
			if a.lemma < b.lemma {
				return -1
			}
			return 1
		}
		return int(a.pos) - int(b.pos)
	})
	for _, k := range keys {
		r.relateLemma(k)
	}
	return r.result()
}

// lemmaShares shares each index term out among the lemmas it stands for, by their tag
// counts, smoothed.
func lemmaShares(d *dict, smoothing float64, term termFunc) map[string]float64 {
	counts := make(map[string]int)
	for k, senses := range d.senses {
		if !acceptable(k.lemma) {
			continue
		}
		c := counts[k.lemma]
		for _, s := range senses {
			c += s.count
		}
		counts[k.lemma] = c
	}
	type sum struct {
		total float64
		n     int
	}
	terms := make(map[string]string, len(counts))
	sums := make(map[string]sum)
	for lemma, c := range counts {
		t, ok := term(lemma)
		if !ok {
			continue
		}
		terms[lemma] = t
		s := sums[t]
		sums[t] = sum{s.total + float64(c) + smoothing, s.n + 1}
	}
	share := make(map[string]float64, len(terms))
	for lemma, t := range terms {
		share[lemma] = (float64(counts[lemma]) + smoothing) / sums[t].total
	}
	return share
}

// acceptable says whether a lemma is one plain word: letters only, two or more.
func acceptable(lemma string) bool {
	if len(lemma) < 2 {
		return false
	}
	for i := 0; i < len(lemma); i++ {
		if c := lemma[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// forms returns the index terms a lemma appears as: its own and those of its inflections
// that stemming does not bring back to it ("left" for "leave" and "criteria" for
// "criterion" from the exception lists, "sued" for "sue" by the regular rules), for nouns
// and verbs only: adjective exceptions are comparatives, "best" for "good", which say more
// than the base.
func (r *relater) forms(k lemmaPOS) []form {
	if f, ok := r.formCache[k]; ok {
		return f
	}
	f := r.findForms(k)
	r.formCache[k] = f
	return f
}

func (r *relater) findForms(k lemmaPOS) []form {
	if !acceptable(k.lemma) {
		return nil
	}
	own, ok := r.term(k.lemma)
	if !ok {
		return nil
	}
	out := []form{{own, 1}}
	if k.pos != 'n' && k.pos != 'v' {
		return out
	}
	inflected := r.inflections[k]
	if len(inflected) == 0 && k.pos == 'v' {
		inflected = regularForms(k.lemma)
	}
	for _, f := range inflected {
		if !acceptable(f) {
			continue
		}
		t, ok := r.term(f)
		if !ok || slices.ContainsFunc(out, func(x form) bool { return x.term == t }) {
			continue
		}
		w := r.p.plainForm
		if r.lemmaTerm[t] {
			w = r.p.ambiguousForm
		}
		out = append(out, form{t, w})
	}
	return out
}

// regularForms returns the regular inflections of a verb (third person, past, present
// participle) by the rules WordNet's morphy undoes. Stemming brings nearly all of them
// back to the verb's own term; the few it doesn't ("sued" gives "su") are the ones kept.
// Nouns get none: plural lemmas ("talks") would give nonsense ("talkses").
func regularForms(w string) []string {
	n := len(w)
	consonantY := n > 1 && w[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[n-2]))
	var s, ed, ing string
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		s = w + "es"
	case consonantY:
		s = w[:n-1] + "ies"
	default:
		s = w + "s"
	}
	stem := w
	if doublesFinal(w) {
		stem = w + w[n-1:]
	}
	switch {
	case strings.HasSuffix(w, "e"):
		ed = w + "d"
	case consonantY:
		ed = w[:n-1] + "ied"
	default:
		ed = stem + "ed"
	}
	switch {
	case strings.HasSuffix(w, "ie"):
		ing = w[:n-2] + "ying"
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee"):
		ing = w[:n-1] + "ing"
	default:
		ing = stem + "ing"
	}
	return []string{s, ed, ing}
}

// doublesFinal says whether a verb doubles its last letter before -ed and -ing: one
// syllable ending in a consonant after a single vowel ("stop", "gut"; not "visit",
// which English doubles only when the stress falls last, nor "fix" or "stay").
func doublesFinal(w string) bool {
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	n := len(w)
	if n < 3 || vowel(w[n-1]) || strings.IndexByte("wxy", w[n-1]) >= 0 || !vowel(w[n-2]) || vowel(w[n-3]) {
		return false
	}
	groups := 0
	for i := 0; i < n; i++ {
		if vowel(w[i]) && (i == 0 || !vowel(w[i-1])) {
			groups++
		}
	}
	return groups == 1
}

// prob returns how likely an occurrence of the lemma's index term is the lemma in the
// sense id: how likely the term is this lemma (several share one: "control" and
// "controller"), this part of speech, and this sense of it, all from the sense-tagged
// corpora's counts, smoothed; 0 when id is not one of its senses.
func (r *relater) prob(k lemmaPOS, id synsetID) float64 {
	senses := r.d.senses[k]
	total, found := 0, -1
	for i, s := range senses {
		total += s.count
		if s.synset == id {
			found = i
		}
	}
	if found < 0 {
		return 0
	}
	all, parts := 0, 0
	for i := 0; i < len(posOrder); i++ {
		if ss, ok := r.d.senses[lemmaPOS{k.lemma, posOrder[i]}]; ok {
			parts++
			for _, s := range ss {
				all += s.count
			}
		}
	}
	a, b := r.p.smoothing, r.p.posSmoothing
	pos := (float64(total) + b) / (float64(all) + b*float64(parts))
	return r.share[k.lemma] * pos * (float64(senses[found].count) + a) / (float64(total) + a*float64(len(senses)))
}

// relateLemma adds the relations of one lemma in one part of speech, sense by sense.
func (r *relater) relateLemma(k lemmaPOS) {
	from := r.forms(k)
	if len(from) == 0 {
		return
	}
	for _, f := range from[1:] {
		r.add(from[0].term, f.term, lexicon.Inflection, f.weight)
		r.add(f.term, from[0].term, lexicon.Inflection, f.weight)
	}
	for _, s := range r.d.senses[k] {
		syn := r.d.synsets[s.synset]
		if syn == nil || syn.instance {
			continue
		}
		self := slices.IndexFunc(syn.words, func(m member) bool { return m.lemma == k.lemma })
		if self < 0 || syn.words[self].proper {
			continue
		}
		p := r.prob(k, s.synset)
		r.relateMembers(from, p, s.synset, self, lexicon.Synonym, 1)
		for _, ptr := range syn.pointers {
			switch ptr.symbol {
			case "+":
				if ptr.source == self+1 {
					r.relateMembers(from, p, ptr.target, ptr.tgtNum-1, lexicon.Derived, r.p.derived)
				} else {
					r.relateMembers(from, p, ptr.target, -1, lexicon.Derived, r.p.derivedSynonym)
				}
			case "@":
				r.relateMembers(from, p, ptr.target, -1, lexicon.Broader, r.p.broader)
			}
		}
		if hypo := r.hyponyms[s.synset]; len(hypo) > 0 {
			w := r.p.narrower * math.Min(1, float64(r.p.fanout)/float64(len(hypo)))
			for _, h := range hypo {
				r.relateMembers(from, p, h, -1, lexicon.Narrower, w)
			}
		}
	}
}

// relateMembers relates the forms of a word that has sense p of its own to the words of
// synset id: strength weight times the geometric mean of the two words' probabilities of
// that sense. The word numbered direct (0-based) gets weight as given and the kind; for a
// synonym relation the rest get it too, while for the others they get the derivedSynonym
// share of it.
func (r *relater) relateMembers(from []form, p float64, id synsetID, direct int, kind lexicon.Kind, weight float64) {
	syn := r.d.synsets[id]
	if syn == nil || syn.instance {
		return
	}
	for i, m := range syn.words {
		if m.proper {
			continue
		}
		mk := lemmaPOS{m.lemma, id.pos}
		if kind == lexicon.Synonym && i == direct {
			continue // the word itself
		}
		w := weight
		if kind == lexicon.Derived && direct >= 0 && i != direct {
			w = r.p.derivedSynonym
		}
		q := r.prob(mk, id)
		if q == 0 {
			continue
		}
		s := w * math.Sqrt(p*q)
		for _, t := range r.forms(mk) {
			for _, f := range from {
				r.add(f.term, t.term, kind, s*t.weight*f.weight)
			}
		}
	}
}

// add keeps the stronger of the relation from term to related and the one already found.
func (r *relater) add(term, related string, kind lexicon.Kind, strength float64) {
	if term == related {
		return
	}
	m := r.rel[term]
	if m == nil {
		m = make(map[string]best)
		r.rel[term] = m
	}
	if b, ok := m[related]; ok && (b.strength > strength || b.strength == strength && b.kind <= kind) {
		return
	}
	m[related] = best{kind, strength}
}

// result applies the threshold and the cap.
func (r *relater) result() map[string][]lexicon.Relation {
	out := make(map[string][]lexicon.Relation, len(r.rel))
	for term, m := range r.rel {
		var list []lexicon.Relation
		for stem, b := range m {
			if b.strength >= r.p.minStrength {
				list = append(list, lexicon.Relation{Stem: stem, Kind: b.kind, Strength: float32(b.strength)})
			}
		}
		if len(list) == 0 {
			continue
		}
		slices.SortFunc(list, func(a, b lexicon.Relation) int {
			switch {
			case a.Strength != b.Strength:
				if a.Strength > b.Strength {
					return -1
				}
				return 1
			case a.Kind != b.Kind:
				return int(a.Kind) - int(b.Kind)
			case a.Stem < b.Stem:
				return -1
			case a.Stem > b.Stem:
				return 1
			}
			return 0
		})
		if len(list) > r.p.maxRelated {
			list = list[:r.p.maxRelated]
		}
		out[term] = list
	}
	return out
}
