package answer

import (
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
	// contextFactor weighs the terms a follow-up borrows from earlier turns.
	contextFactor = 0.5
)

// qterm is one term of a weighted query.
type qterm struct {
	term string
	w    float64
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
		words := strings.Fields(text)
		titled := titleCase(words)
		for i, word := range words {
			name := !titled && i > 0 && looksLikeName(word)
			for _, t := range retrieval.Terms(word) {
				if seen[t] {
					continue
				}
				seen[t] = true
				w := st.idf(t) * factor
				if st.df[t] == 0 {
					if name {
						w *= unseenNameFactor
					} else {
						w *= unseenWordFactor
					}
				}
				q.terms = append(q.terms, qterm{t, w})
				q.total += w
			}
		}
	}
	add(question, 1)
	if query != question {
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
