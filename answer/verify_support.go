package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/retrieval"
)

// The support check: every number, amount, percentage, date and proper name of a
// sentence (verify_facts.go) must be in a passage the sentence cites, or in what the
// prompt showed of that passage's article (its title, outlet and date). Words around
// them may differ: a true paraphrase passes, an invented or changed figure or name does
// not. A sentence that fails is dropped from the answer, not the whole answer.

// supportSet is what one passage of a prompt backs.
type supportSet struct {
	facts map[fact]bool
	// words are the passage's words, lower-cased, possessives dropped; initials the
	// initials of its runs of two to five words ("wsj" for "Wall Street Journal").
	words    map[string]bool
	initials map[string]bool
}

// passageSupport returns what passage n of the prompt backs, remembered.
func (c *replyChecker) passageSupport(n int) *supportSet {
	if s, ok := c.support[n]; ok {
		return s
	}
	h := c.passage(n)
	d := c.docs[h.Doc]
	text := h.Text + "\n" + d.Title + "\n" + d.Outlet + "\n" + d.Date
	s := &supportSet{facts: map[fact]bool{}, words: map[string]bool{}, initials: map[string]bool{}}
	for _, f := range factsOf(text, false, func(string) bool { return false }) {
		if f.kind != factName {
			s.facts[f] = true
		}
	}
	ws := factWords(text)
	for i, w := range ws {
		for _, part := range strings.Split(w.text, "-") {
			s.words[nameKey(part)] = true
		}
		var ini strings.Builder
		for j := i; j < len(ws) && j < i+5; j++ {
			r, _ := utf8.DecodeRuneInString(ws[j].text)
			ini.WriteRune(unicode.ToLower(r))
			if j > i {
				s.initials[ini.String()] = true
			}
		}
	}
	c.support[n] = s
	return s
}

// backs reports whether passage support s backs fact f.
func (s *supportSet) backs(f fact) bool {
	if f.kind == factName {
		return s.words[f.key] || s.initials[f.key]
	}
	return s.facts[f]
}

// unsupported returns the facts of sentence that none of the passages refs backs. A
// name the cited passages lack still passes as part of a longer name that some passage
// of the prompt writes in full and the cited ones name in part: "Sam Altman" where the
// cited passage says "Altman".
func (c *replyChecker) unsupported(sentence string, refs []int) []fact {
	var out []fact
	for _, f := range factsOf(replyMarker.ReplaceAllString(sentence, " "), true, c.common) {
		if !c.backedByAny(f, refs) && !c.fullNameOf(f, refs) {
			out = append(out, f)
		}
	}
	return out
}

// backedByAny reports whether one of the passages refs backs f.
func (c *replyChecker) backedByAny(f fact, refs []int) bool {
	for _, n := range refs {
		if c.passageSupport(n).backs(f) {
			return true
		}
	}
	return false
}

// fullNameOf reports whether name f belongs to a longer name, another word of which the
// passages refs back, written in full in a passage of the prompt.
func (c *replyChecker) fullNameOf(f fact, refs []int) bool {
	words := strings.Fields(f.phrase)
	if f.kind != factName || len(words) < 2 {
		return false
	}
	other := false
	for _, w := range words {
		if w != f.key && c.backedByAny(fact{kind: factName, key: w}, refs) {
			other = true
		}
	}
	if !other {
		return false
	}
	if c.names == "" {
		var b strings.Builder
		b.WriteString("|")
		for n := range c.hits {
			last := ""
			for _, pf := range factsOf(c.passage(n+1).Text, false, c.common) {
				if pf.kind == factName && pf.phrase != last {
					last = pf.phrase
					b.WriteString(" " + pf.phrase + " |")
				}
			}
		}
		c.names = b.String()
	}
	// Inside a longer run of names: "Sam Altman" in "Sam Altman's OpenAI".
	return strings.Contains(c.names, " "+f.phrase+" ")
}

// sentenceOpeners are words that often open a model's sentence and are no names.
var sentenceOpeners = map[string]bool{
	"according": true, "also": true, "although": true, "meanwhile": true, "earlier": true,
	"later": true, "recently": true, "previously": true, "currently": true, "reportedly": true,
	"however": true, "still": true, "yet": true, "today": true, "separately": true,
	"additionally": true, "moreover": true, "notably": true, "overall": true, "instead": true,
	"ultimately": true, "finally": true, "sources": true, "both": true, "several": true,
	"despite": true, "since": true, "though": true, "while": true, "after": true,
	"before": true, "last": true, "next": true, "neither": true, "some": true, "many": true,
}

// common reports whether a capitalised word that opens a sentence is an ordinary word:
// a stop word, a usual opener, or a word the corpus writes in lower case (the prompt's
// passages, when the checker was not given the corpus').
func (c *replyChecker) common(lower string) bool {
	if retrieval.IsStopWord(lower) || sentenceOpeners[lower] {
		return true
	}
	if c.lowerWords == nil {
		var texts []string
		for _, h := range c.hits {
			texts = append(texts, h.Text)
		}
		c.lowerWords = lowerCaseWords(texts)
	}
	return c.lowerWords[lower]
}

// lowerCaseWords returns the words that texts write in lower case somewhere.
func lowerCaseWords(texts []string) map[string]bool {
	set := map[string]bool{}
	for _, t := range texts {
		for _, w := range factWords(t) {
			if r, _ := utf8.DecodeRuneInString(w.text); unicode.IsLower(r) {
				for _, part := range strings.Split(w.text, "-") {
					set[nameKey(part)] = true
				}
			}
		}
	}
	return set
}
