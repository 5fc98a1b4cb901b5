package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/retrieval"
)

// answerKind is what a question asks for, read from its question words.
type answerKind int

const (
	kindAny answerKind = iota
	kindName
	kindNumber
	kindTime
	kindPlace
	// kindReason asks why.
	kindReason
	// kindStatus asks where something stands: going on, stalled, over.
	kindStatus
)

var (
	numberQ = regexp.MustCompile(`(?i)\bhow (much|many|big|large|long|far|old)\b|\bwhat (percentage|share|price|amount|sum)\b`)
	timeQ   = regexp.MustCompile(`(?i)\bwhen\b|\bwhat (year|month|day|date|time)\b|\bhow long ago\b`)
	nameQ   = regexp.MustCompile(`(?i)\bwho(m|se)?\b|^\W*(what|which) \w+ (is|are|was|were|does|do|did|has|have|will|would|could)\b`)
	statusQ = regexp.MustCompile(`(?i)\bwhere (do|does|did|is|are) .*\bstand\b|\bstatus\b|\bstate of (the )?(talks|negotiations|deal|discussions|plan)\b|\bstill (on|going|active|happening|alive)\b|\bwhat happened (to|with)\b`)
	reasonQ = regexp.MustCompile(`(?i)\bwhy\b|\bwhat (is|was|are|were) the (reason|reasons|motive|motivation|goal|aim|purpose)\b|\bfor what reason\b`)
	placeQ  = regexp.MustCompile(`(?i)\bwhere (is|are|was|were|does|do|did)\b.*\b(based|located|headquartered|from)\b|\bwhich (city|state|country)\b`)

	numberA = regexp.MustCompile(`\d|(?i)\b(hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent)\b`)
	timeA   = regexp.MustCompile(`\b(1[89]|20)\d\d\b|(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|summer|fall|autumn|winter|spring|yesterday|today|ago|last (week|month|year)|this (week|month|year)|earlier this)\b`)
	statusA = regexp.MustCompile(`(?i)\b(no longer|stall(ed|s)?|on hold|suspended|paused|cooled|quiet(ed)?|resumed|halted|ended|collapsed|finali[sz]ed|completed|agreed|underway|under way|stopped|abandoned|postponed|delayed|continu(e|es|ed|ing)|active|progress(ed|ing)?)\b`)
	reasonA = regexp.MustCompile(`(?i)\b(because|due to|since|as a result|so that|in order to|believ(es|ing|ed)|reasons?|driven by|stems? from|aim(s|ed)? (at|to)|goal|after|amid|given|thanks to|so)\b`)
	placeA  = regexp.MustCompile(`\b(in|at|from|near) [A-Z]|[A-Z][a-z]+-based\b`)
)

// kindOf reads what question asks for.
func kindOf(question string) answerKind {
	switch {
	case statusQ.MatchString(question):
		return kindStatus
	case placeQ.MatchString(question):
		return kindPlace
	case numberQ.MatchString(question):
		return kindNumber
	case timeQ.MatchString(question):
		return kindTime
	case nameQ.MatchString(question):
		return kindName
	case reasonQ.MatchString(question):
		return kindReason
	}
	return kindAny
}

// fits reports whether text holds the kind of thing the question asks for; for a name,
// one that the question does not already give.
func (k answerKind) fits(text, question string) bool {
	switch k {
	case kindNumber:
		return numberA.MatchString(text)
	case kindTime:
		return timeA.MatchString(text)
	case kindPlace:
		return placeA.MatchString(text)
	case kindStatus:
		return statusA.MatchString(text)
	case kindReason:
		return reasonA.MatchString(text)
	case kindName:
		return newName(text, question)
	}
	return false
}

// entityFocus finds the noun of a "what X" or "which X" question: the kind of thing whose
// name it asks for ("What rocket is Stoke building?" asks for a rocket's name).
var entityFocus = regexp.MustCompile(`(?i)^\W*(?:what|which) ([\pL-]+) (?:is|are|was|were|does|do|did|has|have|will|would|could)\b`)

// focusOf returns the term of the thing a "what X" question asks the name of, or "".
func focusOf(question string) string {
	m := entityFocus.FindStringSubmatch(question)
	if m == nil {
		return ""
	}
	ts := retrieval.Terms(m[1])
	if len(ts) != 1 {
		return ""
	}
	return ts[0]
}

// named reports whether text puts a new name next to the focus term ("a rocket called
// Nova", "the Nova rocket"): a run of capitalised words, not at the sentence's start,
// within three words of the focus, none of them in the question. The focus must be a
// plain word there, not part of a name itself ("Rocket Lab").
func named(text, focus, question string) bool {
	words := strings.Fields(text)
	q := strings.ToLower(question)
	capital := make([]bool, len(words))
	for j, w := range words {
		r, _ := utf8.DecodeRuneInString(strings.Trim(w, "\"'“”‘’([—-"))
		capital[j] = j > 0 && unicode.IsUpper(r)
	}
	for i, w := range words {
		if capital[i] {
			continue
		}
		if ts := retrieval.Terms(w); len(ts) != 1 || ts[0] != focus {
			continue
		}
		for j := max(i-3, 1); j <= min(i+3, len(words)-1); j++ {
			if !capital[j] {
				continue
			}
			// The whole run of capitalised words around j must be new to the question.
			a, b := j, j
			for a > 1 && capital[a-1] {
				a--
			}
			for b < len(words)-1 && capital[b+1] {
				b++
			}
			fresh := true
			for k := a; k <= b; k++ {
				n := strings.ToLower(strings.Trim(words[k], ".,;:!?\"'“”‘’()[]"))
				n = strings.TrimSuffix(strings.TrimSuffix(n, "'s"), "’s")
				fresh = fresh && !strings.Contains(q, n)
			}
			if fresh {
				return true
			}
		}
	}
	return false
}

// kindsOf returns the kinds of answer, names aside, that text holds, as bits.
func kindsOf(text string) uint8 {
	var m uint8
	for _, k := range []answerKind{kindNumber, kindTime, kindPlace, kindReason, kindStatus} {
		if k.fits(text, "") {
			m |= 1 << k
		}
	}
	return m
}

// fitsSentence is fits for a sentence of the corpus, whose kinds are known.
func (k answerKind) fitsSentence(s *sentence, question string) bool {
	if k == kindName {
		return newName(s.Text, question)
	}
	return k != kindAny && s.kinds&(1<<k) != 0
}

// newName reports whether text has a capitalised word, not at its start, that question lacks.
func newName(text, question string) bool {
	q := strings.ToLower(question)
	words := strings.Fields(text)
	for i, w := range words {
		if i == 0 {
			continue
		}
		w = strings.Trim(w, ".,;:!?\"'“”‘’()[]")
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || len(w) < 2 {
			continue
		}
		if !strings.Contains(q, strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))) {
			return true
		}
	}
	return false
}
