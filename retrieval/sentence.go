package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split returns the sentences of text as spans, in order, trimmed of white space and of a
// leading bullet mark. It knows abbreviations (Mr., U.S., Inc., Jan., e.g.), initials
// (J. R. R. Tolkien), decimals and prices ($1.5 billion), quotes inside a sentence
// ("…," he said.), ellipses, a blank line or a bullet starting a new sentence, and a
// sentence that follows a closing quote or a line break without a space. Invalid UTF-8
// is carried through, never a reason to panic.
func Split(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			if lineBreakEnds(text, start, i) {
				out = appendSentence(out, text, start, i)
				start = i + 1
			}
		case isTerminal(r):
			j := i
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if !isTerminal(r2) {
					break
				}
				j += w2
			}
			term := text[i:j]
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if !isCloser(r2) {
					break
				}
				j += w2
			}
			if endsHere(text, start, i, term, j) {
				out = appendSentence(out, text, start, j)
				start = j
			}
			i = j
			continue
		}
		i += w
	}
	return appendSentence(out, text, start, len(text))
}

func isTerminal(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…' || r == '。' || r == '！' || r == '？'
}

// appendSentence appends text[s:e], trimmed, when it holds a letter or a digit.
func appendSentence(out []Span, text string, s, e int) []Span {
	s, e = trimSpan(text, s, e)
	if s < e {
		if ns, mark := stripMarks(text, s, e); mark == markBullet {
			s = ns
		}
	}
	for _, r := range text[s:e] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return append(out, Span{s, e})
		}
	}
	return out
}

// lineBreakEnds says whether the line break at text[i] ends the sentence begun at start:
// before a blank line or a bullet, or after a line that reads as a headline.
func lineBreakEnds(text string, start, i int) bool {
	rest := text[i+1:]
	nl := strings.IndexByte(rest, '\n')
	next := rest
	if nl >= 0 {
		next = rest[:nl]
	}
	if strings.TrimSpace(next) == "" {
		return true
	}
	ns, ne := trimSpan(text, i+1, i+1+len(next))
	if _, mark := stripMarks(text, ns, ne); mark != markNone {
		return true
	}
	ls := strings.LastIndexByte(text[start:i], '\n') + 1 + start
	line := strings.TrimSpace(text[ls:i])
	if line == "" || endsSentence(line) || startsLower(text[ns:ne]) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return isHeadline(line) && last != ',' && last != '-'
}

// endsHere decides whether the terminal punctuation term, at text[p:] and followed by
// closing quotes up to j, ends the sentence begun at start.
func endsHere(text string, start, p int, term string, j int) bool {
	if j >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[j:])
	closed := j > p+len(term)
	if !unicode.IsSpace(next) {
		return glued(text, p, term, j, next, closed)
	}
	k := j
	for k < len(text) {
		r, w := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += w
	}
	if k >= len(text) {
		return true
	}
	if strings.Count(text[j:k], "\n") >= 2 {
		return true
	}
	nr, _ := utf8.DecodeRuneInString(text[k:])
	if unicode.IsLower(nr) || strings.ContainsRune(",;:)]}", nr) {
		// “Really?” he asked. / e.g. the / approx. five
		return false
	}
	if term != "." {
		return true
	}
	return !isAbbreviation(text, start, p, text[k:])
}

// glued decides the case where the next sentence starts right after the punctuation,
// with no space: a sentence glued to a closing quote or a period ("sense.'”This",
// "growth.The"), but not a decimal, a domain name or an acronym.
func glued(text string, p int, term string, j int, next rune, closed bool) bool {
	if !unicode.IsUpper(next) && !isOpener(next) {
		return false
	}
	if closed {
		return true
	}
	// The next word must look like a word: upper case then lower case.
	_, w := utf8.DecodeRuneInString(text[j:])
	second, _ := utf8.DecodeRuneInString(text[j+w:])
	if !unicode.IsLower(second) {
		return false
	}
	if term != "." {
		return true
	}
	word := wordBefore(text, p)
	if len(word) < 2 || strings.ContainsRune(word, '.') {
		return false
	}
	for _, r := range word {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// maxWordBytes bounds how far back wordBefore looks, so that text without spaces
// cannot make splitting quadratic.
const maxWordBytes = 64

// wordBefore returns the letters, digits and inner periods just before text[p].
func wordBefore(text string, p int) string {
	i := p
	for i > 0 && p-i < maxWordBytes {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			break
		}
		i -= w
	}
	return strings.TrimLeft(text[i:p], ".")
}

// nextWord returns the first word of s, lower-cased, without leading quotes.
func nextWord(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return isOpener(r) })
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return strings.ToLower(s[:end])
}

// isAbbreviation says whether the period at text[p] closes an abbreviation or initial
// rather than the sentence begun at start; rest is the text after the following spaces.
func isAbbreviation(text string, start, p int, rest string) bool {
	word := wordBefore(text, p)
	if word == "" {
		return false
	}
	low := strings.ToLower(word)
	if _, ok := titles[low]; ok {
		return true
	}
	if _, ok := beforeNumber[low]; ok && isDigitStart(rest) {
		return true
	}
	starter := isStarter(nextWord(rest))
	if _, ok := ambiguous[low]; ok {
		return !starter
	}
	r, w := utf8.DecodeRuneInString(word)
	single := w == len(word) && unicode.IsUpper(r)
	dotted := strings.Contains(word, ".") && !isAllDigits(strings.ReplaceAll(word, ".", ""))
	if single || dotted {
		// Initials and acronyms: J. R. R. Tolkien, U.S. President. The next word decides.
		return !starter
	}
	return false
}

func isDigitStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

func isStarter(w string) bool { return starters[w] }

// titles never end a sentence: they stand before a name.
var titles = setOf("mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "gen", "gov", "sen",
	"rep", "reps", "lt", "col", "capt", "cpt", "sgt", "cmdr", "adm", "maj", "rev", "hon",
	"pres", "supt", "insp", "det", "fr", "sr", "st", "mt", "ft", "e.g", "i.e", "cf", "vs",
	"viz", "approx", "ca", "esp", "incl", "dept", "fig", "figs", "eq", "ref", "refs", "ed",
	"eds", "vol", "vols", "op", "ch", "sec", "art", "para", "cit", "al")

// beforeNumber are abbreviations that stand before a number: "No. 5", "p. 12".
var beforeNumber = setOf("no", "nos", "p", "pp", "nr", "tel", "ext", "n")

// ambiguous abbreviations often end a sentence too: they do when the next word is a
// common sentence opener ("…Apple Inc. The deal…").
var ambiguous = setOf("inc", "ltd", "co", "corp", "llc", "plc", "bros", "etc", "jr",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "est", "ave",
	"blvd", "rd", "univ", "assn", "govt", "intl", "natl", "dist", "cal", "calif", "mass",
	"wash", "penn", "ariz", "colo", "conn", "fla", "ill", "mich", "minn", "tenn", "tex",
	"va", "wis", "no", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "d.c")

// starters are words that commonly open a sentence in news writing.
var starters = boolSet("the", "a", "an", "this", "that", "these", "those", "it", "its", "he",
	"she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "there", "here",
	"in", "on", "at", "for", "but", "and", "or", "so", "yet", "however", "meanwhile",
	"after", "before", "when", "while", "if", "as", "according", "since", "although",
	"though", "despite", "with", "by", "from", "to", "one", "some", "many", "most", "all",
	"both", "each", "what", "who", "why", "how", "where", "also", "still", "then", "now",
	"today", "yesterday", "last", "earlier", "later", "analysts", "investors", "sources",
	"officials", "experts", "other", "another", "such", "no", "not", "even", "only",
	"because", "during", "under", "over", "among", "more", "several", "shares", "mr", "ms",
	"mrs", "dr", "is", "was", "are", "were", "do", "does", "did", "can", "will", "would")
