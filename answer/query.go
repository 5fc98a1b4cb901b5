package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/retrieval"
)

// How much a query term weighs beyond its rarity. Terms the corpus never uses tell the most
// about coverage: a name it never mentions ("France", "2018") says the question is about
// something else, while an everyday word it never uses ("stand", "happen") is usually just
// the question's phrasing.
const (
	unseenNameFactor = 1.5
	unseenWordFactor = 0.35
	// contextFactor weighs the terms a follow-up borrows from earlier turns; names weigh
	// more, as they are what "it" or "they" usually stands for.
	contextFactor     = 0.35
	contextNameFactor = 0.8
)

// questionWords are the phrases that ask for a kind of answer.
var questionWords = regexp.MustCompile(`(?i)\bhow (much|many|big|large|long|far|old)\b|\bwhat (year|month|day|date|time|percentage|share|price|amount)\b`)

// qterm is one term of a weighted query.
type qterm struct {
	term string
	w    float64
	// own is true for the user's words, false for those borrowed from earlier turns.
	own bool
}

// wquery is a question turned into weighted terms.
type wquery struct {
	terms []qterm
	total float64
	// kind is what the question asks for: a name, a number, a time, a place, or anything.
	kind answerKind
}

// weigh turns question (the user's words) and query (question plus any terms borrowed
// from earlier turns) into weighted terms.
func (st *stats) weigh(question, query string) wquery {
	q := wquery{kind: kindOf(question)}
	seen := map[string]bool{}
	add := func(text string, factor float64) {
		// The words that ask ("how much", "what year") name the kind of answer, which
		// candidates weigh apart; as terms they would only match by chance.
		words := strings.Fields(questionWords.ReplaceAllString(text, " "))
		titled := titleCase(words)
		for i, word := range words {
			name := !titled && (i > 0 || factor < 1) && looksLikeName(word)
			for _, t := range retrieval.Terms(word) {
				if seen[t] {
					continue
				}
				seen[t] = true
				w := st.idf(t) * factor
				if factor < 1 && name {
					w = st.idf(t) * contextNameFactor
				}
				if st.df[t] == 0 {
					if name {
						w *= unseenNameFactor
					} else {
						w *= unseenWordFactor
					}
				}
				q.terms = append(q.terms, qterm{t, w, factor == 1})
				q.total += w
			}
		}
	}
	add(question, 1)
	if extra, ok := strings.CutPrefix(query, question); ok && extra != "" {
		add(extra, contextFactor)
	} else if query != question {
		add(query, contextFactor)
	}
	return q
}

// coverage is the share of the query's weight that terms matches.
func (q wquery) coverage(terms map[string]float64) float64 {
	if q.total == 0 {
		return 0
	}
	var m float64
	for _, t := range q.terms {
		if terms[t.term] > 0 {
			m += t.w
		}
	}
	return m / q.total
}

// matched is the share of the question's own terms that terms holds, each counted once
// whatever its weight: rarity alone should not let one odd word outweigh the rest.
func (q wquery) matched(terms map[string]float64) float64 {
	var n, own int
	for _, t := range q.terms {
		if !t.own {
			continue
		}
		own++
		if terms[t.term] > 0 {
			n++
		}
	}
	if own == 0 {
		return 0
	}
	return float64(n) / float64(own)
}

// looksLikeName reports whether word is written like a name or a figure: capitalised,
// or holding a digit.
func looksLikeName(word string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(word, "\"'“‘(["))
	if unicode.IsUpper(r) {
		return true
	}
	return strings.IndexFunc(word, unicode.IsDigit) >= 0
}

// titleCase reports whether most words are capitalised, in which case capitals say nothing.
func titleCase(words []string) bool {
	if len(words) < 3 {
		return false
	}
	n := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n*4 >= len(words)*3
}
