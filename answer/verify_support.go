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

// unsupported returns the facts of sentence that none of the passages refs backs.
func (c *replyChecker) unsupported(sentence string, refs []int) []fact {
	var out []fact
	for _, f := range factsOf(replyMarker.ReplaceAllString(sentence, " "), true, c.common) {
		ok := false
		for _, n := range refs {
			if c.passageSupport(n).backs(f) {
				ok = true
				break
			}
		}
		if !ok {
			out = append(out, f)
		}
	}
	return out
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
