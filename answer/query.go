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
	// minNameShare is how much of the weight of the names a question mentions a passage
	// must hold: one that lacks them is about something else.
	minNameShare = 0.6
	// focusFactor weighs the word a "how many" or "how much" question counts or measures:
	// an answer must be about employees to say how many employees.
	focusFactor = 2
	// contextFactor weighs the terms a follow-up borrows from earlier turns; names weigh
	// more, as they are what "it" or "they" usually stands for.
	contextFactor     = 0.35
	contextNameFactor = 0.8
)

// phrasing holds the terms of words people use to phrase a question rather than to name
// its topic ("Where do the talks stand?", "What happened?"). When the articles never use
// one it says little; any other word they never use ("earthquakes", "tallest") is a topic
// they do not cover.
var phrasing = stemSet(strings.Fields(`happen stand think know tell explain describe
	matter go come get make take give want need like look seem feel become keep let begin
	show hear believe bring use try call ask work change turn start help talk say put
	expect consider involve relate concern thing stuff way kind sort lot currently now
	today latest news update situation status really actually exactly basically overall
	main key idea point story article detail info information summary mention report
	anything something everything happening going`))

// stemSet returns the set of the index terms of words.
func stemSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		for _, t := range retrieval.Terms(w) {
			set[t] = true
		}
	}
	return set
}

// questionWords are the phrases that ask for a kind of answer.
var focusWord = regexp.MustCompile(`(?i)\bhow (?:much|many) ([\pL\pN'’-]+)`)

var questionWords = regexp.MustCompile(`(?i)\bhow (much|many|big|large|long|far|old)\b|\bwhat (year|month|day|date|time|percentage|share|price|amount)\b`)

// qterm is one term of a weighted query.
type qterm struct {
	term string
	w    float64
	// own is true for the user's words, false for those borrowed from earlier turns.
	own bool
	// name is true for the user's words written like a name; topic for any name, the
	// user's or one borrowed from earlier turns.
	name, topic bool
}

// wquery is a question turned into weighted terms.
type wquery struct {
	terms []qterm
	total float64
	// kind is what the question asks for: a name, a number, a time, a place, or anything.
	kind answerKind
	// words are the user's content words as written, lower-cased.
	words []string
	// focus is the term of the thing a "what X" question asks the name of, or "".
	focus string
}

// weigh turns question (the user's words) and query (question plus any terms borrowed
// from earlier turns) into weighted terms.
func (st *stats) weigh(question, query string) wquery {
	q := wquery{kind: kindOf(question), focus: focusOf(question)}
	focus := map[string]bool{}
	if m := focusWord.FindStringSubmatch(question); m != nil {
		for _, t := range retrieval.Terms(m[1]) {
			focus[t] = true
		}
	}
	seen := map[string]bool{}
	add := func(text string, factor float64) {
		// The words that ask ("how much", "what year") name the kind of answer, which
		// candidates weigh apart; as terms they would only match by chance.
		words := strings.Fields(questionWords.ReplaceAllString(text, " "))
		titled := titleCase(words)
		for i, word := range words {
			name := !titled && (i > 0 || factor < 1) && looksLikeName(word)
			ts := retrieval.Terms(word)
			if factor == 1 && len(ts) > 0 {
				q.words = append(q.words, surface(word))
			}
			for _, t := range ts {
				if seen[t] {
					continue
				}
				seen[t] = true
				w := st.idf(t) * factor
				if factor < 1 && name {
					w = st.idf(t) * contextNameFactor
				}
				if factor == 1 && focus[t] {
					w *= focusFactor
				}
				switch {
				case st.df[t] == 0 && name:
					w *= unseenNameFactor
				case st.df[t] == 0 && phrasing[t]:
					w *= unseenWordFactor
				}
				q.terms = append(q.terms, qterm{t, w, factor == 1, name && factor == 1, name})
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

// termSet is a set of terms: a sentence's counts, or a chunk's sentences together.
type termSet interface{ has(t string) bool }

// counts is a sentence's term counts as a termSet.
type counts map[string]float64

func (c counts) has(t string) bool { return c[t] > 0 }

// coverage is the share of the query's weight that terms matches.
func coverage(q wquery, terms termSet) float64 {
	if q.total == 0 {
		return 0
	}
	var m float64
	for _, t := range q.terms {
		if terms.has(t.term) {
			m += t.w
		}
	}
	return m / q.total
}

// topicShare is the share of the weight of every name the conversation is about, the
// question's own and those borrowed, that terms holds; 1 when there is none.
func topicShare(q wquery, terms termSet) float64 {
	return q.share(terms, func(t qterm) bool { return t.topic })
}

// borrowedShare is the share of the weight of the names a follow-up borrows from earlier
// turns that terms holds; 1 when it borrows none. In "Who founded it?" the name "it"
// stands for is borrowed: a sentence without it is about something else.
func borrowedShare(q wquery, terms termSet) float64 {
	return q.share(terms, func(t qterm) bool { return t.topic && !t.own })
}

// share is the share of the weight of the query terms that keep selects that terms
// holds; 1 when keep selects none.
func (q wquery) share(terms termSet, keep func(qterm) bool) float64 {
	var all, in float64
	for _, t := range q.terms {
		if !keep(t) {
			continue
		}
		all += t.w
		if terms.has(t.term) {
			in += t.w
		}
	}
	if all == 0 {
		return 1
	}
	return in / all
}

// namesIn reports whether terms holds the names the question mentions: all of a name
// of one word, most of the weight of several ("Super Bowl Opening Night"). Figures do not
// count: a year or a number in a question mostly sets the scene ("in 2015", "in the
// 1700s"), which a passage that answers often says otherwise ("that season").
func (q wquery) namesIn(terms termSet) bool {
	return q.share(terms, func(t qterm) bool {
		return t.name && strings.IndexFunc(t.term, unicode.IsDigit) < 0
	}) >= minNameShare
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

// counted returns how many of the question's own terms terms holds, each counted once
// whatever its weight.
func (q wquery) counted(terms map[string]float64) int {
	n := 0
	for _, t := range q.terms {
		if t.own && terms[t.term] > 0 {
			n++
		}
	}
	return n
}

// namedIn reports whether terms holds every name the question mentions (it must mention
// one) and at least half of its own words, two or more, among them a word that is not a
// name unless the question is names only. Coverage weighs words by rarity, so one word the
// corpus happens to use once ("money") can outweigh the rest; a sentence that holds the
// question's names and most of its words answers it all the same.
func (q wquery) namedIn(terms map[string]float64) bool {
	var own, names, in int
	other := false
	for _, t := range q.terms {
		if !t.own {
			continue
		}
		own++
		has := terms[t.term] > 0
		if t.name {
			names++
			if !has {
				return false
			}
		}
		if has {
			in++
			other = other || !t.name
		}
	}
	return names > 0 && in >= 2 && 2*in >= own && (other || in == own)
}

// surface is word as compared letter for letter: lower-cased, without the punctuation
// around it.
func surface(word string) string {
	return strings.ToLower(strings.TrimFunc(word, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}))
}

// verbatim is the share of the user's content words that lower (a lower-cased text)
// holds exactly as written, as whole words: "talks" is the noun the question means, where
// "talk" may be a verb that stems the same.
func (q wquery) verbatim(lower string) float64 {
	if len(q.words) == 0 {
		return 0
	}
	n := 0
	for _, w := range q.words {
		if hasWord(lower, w) {
			n++
		}
	}
	return float64(n) / float64(len(q.words))
}

// hasWord reports whether w occurs in text as a whole word.
func hasWord(text, w string) bool {
	if w == "" {
		return false
	}
	for off := 0; ; {
		i := strings.Index(text[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(w):])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		off = i + len(w)
	}
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
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
