package answer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A sentence's checkable facts are its numbers, amounts, percentages, dates and proper
// names. Each is reduced to a key that every way of writing it shares, so that a claim's
// key can be looked up among its passage's keys:
//   - a number is its value, scaled by a following "thousand", "million", "billion",
//     "trillion" (or "k", "m", "bn", "b" glued to the digits), with "%" when "%",
//     "percent" or "per cent" follows: "$18 billion", "18 billion dollars" and "18bn" are
//     all 18e9, "3.5%" and "3.5 percent" both 3.5%. Words count as numbers too ("three",
//     "twenty-five", "third"). Currency signs and words are not compared.
//   - a month is its number, whether written "December", "Dec." or in "2025-12-03"; the
//     day and the year are numbers of their own, so "Dec. 3" and "3 December" agree.
//   - a name is a capitalised word, lower-cased, without its possessive "'s".
//
// The claim side is stricter than the passage side: "one", "first" and "second" are too
// often not numbers in a model's own prose to be held against it, but a passage's "one"
// still backs a claim's "1".

// factKind says what a fact is.
type factKind uint8

const (
	factNumber factKind = iota
	factMonth
	factName
)

// fact is one checkable fact, reduced to its key.
type fact struct {
	kind factKind
	key  string
	// phrase is, for a name, the run of names it belongs to ("sam altman"), lower-cased.
	phrase string
}

// String names a fact for the logs' debug level.
func (f fact) String() string {
	return [...]string{"number", "month", "name"}[f.kind] + " " + f.key
}

// factWord is one word of a text, as the fact extractor sees it.
type factWord struct {
	text string // as written, without trailing punctuation
	// initial says the word opens a sentence or a clause, where capitals prove nothing.
	initial bool
}

// factWords splits text into words: runs of letters, digits and the marks inside numbers
// and names (".", ",", "'", "’", "-" between two such runs), and the signs "%" and "$".
func factWords(text string) []factWord {
	var out []factWord
	initial := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '%' || r == '$' || r == '€' || r == '£':
			out = append(out, factWord{text: string(r)})
			i += size
			continue
		case !isFactRune(r):
			if strings.ContainsRune(".!?:;\"“”(", r) {
				initial = true
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isFactRune(r) {
				j += size
				continue
			}
			// A joining mark stays inside the word only between two word runes.
			if strings.ContainsRune(".,'’-", r) && j+size < len(text) {
				if next, _ := utf8.DecodeRuneInString(text[j+size:]); isFactRune(next) && joins(r, text[i:j], next) {
					j += size
					continue
				}
			}
			break
		}
		out = append(out, factWord{text: text[i:j], initial: initial})
		initial = false
		i = j
	}
	return out
}

func isFactRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// joins reports whether mark r between the run before and the rune next belongs to one
// word: "3.5", "18,000", "Musk's", "twenty-five", "2025-12-03"; not "Stoke.Then".
func joins(r rune, before string, next rune) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	switch r {
	case '.', ',':
		return unicode.IsDigit(last) && unicode.IsDigit(next)
	default:
		return true
	}
}

// factsOf returns the facts of text. claim selects the claim side's stricter reading;
// common reports whether a capitalised word that opens a sentence is an ordinary word
// rather than a name.
func factsOf(text string, claim bool, common func(lower string) bool) []fact {
	words := factWords(text)
	var (
		out []fact
		// run holds the positions in out of the names of the current run of names, and
		// last the word that ended it.
		run  []int
		last = -2
	)
	endRun := func() {
		var ks []string
		for _, j := range run {
			ks = append(ks, out[j].key)
		}
		for _, j := range run {
			out[j].phrase = strings.Join(ks, " ")
		}
		run = run[:0]
	}
	for i := 0; i < len(words); i++ {
		if last != i-1 && len(run) > 0 {
			endRun()
		}
		w := words[i]
		if w.text == "$" || w.text == "€" || w.text == "£" || w.text == "%" {
			continue
		}
		if v, n, ok := numberAt(words, i, claim); ok {
			if claim && i+n < len(words) && sourceNouns[strings.ToLower(words[i+n].text)] {
				// "Two articles report…" counts the sources, not the story.
				i += n - 1
				continue
			}
			out = append(out, fact{kind: factNumber, key: v})
			if !claim {
				// A passage's "18 billion" also backs a claim's bare "18".
				if m, _, ok := numberAt(words[i:i+1], 0, false); ok && m != v {
					out = append(out, fact{kind: factNumber, key: m})
				}
			}
			i += n - 1
			continue
		}
		if d, _ := utf8.DecodeRuneInString(w.text); unicode.IsDigit(d) && strings.Contains(w.text, "-") && isoDate(w.text) == nil {
			// A range or a compound, "10-15", "2-for-1": each figure on its own.
			for _, part := range strings.Split(w.text, "-") {
				if v, ok := digitsValue(strings.ToLower(part)); ok {
					out = append(out, fact{kind: factNumber, key: strconv.FormatFloat(v, 'f', -1, 64)})
				}
			}
			continue
		}
		if parts := isoDate(w.text); parts != nil {
			for _, p := range parts {
				out = append(out, fact{kind: factNumber, key: p})
			}
			out = append(out, fact{kind: factMonth, key: strings.TrimLeft(parts[1], "0")})
			continue
		}
		if m, ok := monthOf(w, words, i); ok {
			out = append(out, fact{kind: factMonth, key: m})
			continue
		}
		for _, part := range strings.FieldsFunc(w.text, func(r rune) bool { return r == '-' }) {
			first, _ := utf8.DecodeRuneInString(part)
			if !unicode.IsUpper(first) || part == "I" {
				continue
			}
			name := nameKey(part)
			if name == "" || (w.initial && part == strings.SplitN(w.text, "-", 2)[0] && common(name)) {
				continue
			}
			if _, isNum := wordNumbers[name]; isNum {
				continue
			}
			run = append(run, len(out))
			last = i
			out = append(out, fact{kind: factName, key: name})
		}
	}
	endRun()
	return out
}

// nameKey lower-cases a name and drops its possessive.
func nameKey(w string) string {
	w = strings.ToLower(w)
	for _, s := range []string{"'s", "’s", "'", "’"} {
		w = strings.TrimSuffix(w, s)
	}
	return w
}

// scales are the words that multiply the number before them.
var scales = map[string]float64{
	"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"thousands": 0, "millions": 0, "billions": 0, "trillions": 0, // vague: no number
}

// suffixScales are the scales glued to digits: "18bn", "$1.5B", "500k", "3m".
var suffixScales = map[string]float64{"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12}

// wordNumbers are number words with their values; ordinals are marked by ordinalWords.
var wordNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
	"thirtieth": 30, "hundredth": 100,
}

// sourceNouns name the articles themselves: a number before one counts them.
var sourceNouns = map[string]bool{
	"article": true, "articles": true, "source": true, "sources": true, "passage": true,
	"passages": true, "report": true, "reports": true, "outlet": true, "outlets": true,
}

// vagueClaimWords are number words a model's own prose uses without stating a figure.
var vagueClaimWords = map[string]bool{"one": true, "first": true, "second": true, "hundred": true}

// numberAt reads the number that starts at words[i]: digits or number words, an
// optional scale and an optional percent. It returns the number's key and how many words
// it spans.
func numberAt(words []factWord, i int, claim bool) (key string, n int, ok bool) {
	w := strings.ToLower(words[i].text)
	var v float64
	switch {
	case w != "" && w[0] >= '0' && w[0] <= '9':
		if v, ok = digitsValue(w); !ok {
			return "", 0, false
		}
		n = 1
	default:
		v, n, ok = wordsValue(words, i)
		if !ok || (claim && n == 1 && vagueClaimWords[w]) {
			return "", 0, false
		}
	}
	if i+n < len(words) {
		if s, ok := scales[strings.ToLower(words[i+n].text)]; ok && s > 0 {
			v *= s
			n++
		}
	}
	unit := ""
	if i+n < len(words) {
		switch next := strings.ToLower(words[i+n].text); {
		case next == "%" || next == "percent":
			unit, n = "%", n+1
		case next == "per" && i+n+1 < len(words) && strings.EqualFold(words[i+n+1].text, "cent"):
			unit, n = "%", n+2
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + unit, n, true
}

// digitsValue parses "18", "18,000", "3.5", "3rd", "1990s", "18bn", "1.5m".
func digitsValue(w string) (float64, bool) {
	end := 0
	for end < len(w) && (w[end] >= '0' && w[end] <= '9' || w[end] == '.' || w[end] == ',') {
		end++
	}
	num, rest := strings.ReplaceAll(w[:end], ",", ""), w[end:]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, false
	}
	switch rest {
	case "", "st", "nd", "rd", "th", "s":
		return v, true
	}
	if s, ok := suffixScales[rest]; ok {
		return v * s, true
	}
	return 0, false
}

// wordsValue reads number words from words[i]: "three", "twenty-five", "twenty five",
// "three hundred", "third".
func wordsValue(words []factWord, i int) (float64, int, bool) {
	total, n := 0.0, 0
	for i+n < len(words) {
		w := strings.ToLower(words[i+n].text)
		var v float64
		ok := true
		for _, part := range strings.Split(w, "-") {
			pv, found := wordNumbers[part]
			if !found {
				ok = false
				break
			}
			v += pv
		}
		if !ok {
			break
		}
		switch {
		case w == "hundred" && n > 0:
			total *= 100
		case n > 0 && total >= 20 && int(total)%10 == 0 && v < 10:
			total += v // "twenty five"
		case n > 0:
			return total, n, true
		default:
			total = v
		}
		n++
	}
	return total, n, n > 0
}

// months maps month names and their abbreviations to the month's number.
var months = map[string]string{
	"january": "1", "jan": "1", "february": "2", "feb": "2", "march": "3", "mar": "3",
	"april": "4", "apr": "4", "may": "5", "june": "6", "jun": "6", "july": "7", "jul": "7",
	"august": "8", "aug": "8", "september": "9", "sep": "9", "sept": "9", "october": "10",
	"oct": "10", "november": "11", "nov": "11", "december": "12", "dec": "12",
}

// monthOf reports the month words[i] names. A month is capitalised; "May" and "March",
// which are also verbs, count only beside a number.
func monthOf(w factWord, words []factWord, i int) (string, bool) {
	first, _ := utf8.DecodeRuneInString(w.text)
	m, ok := months[strings.ToLower(w.text)]
	if !ok || !unicode.IsUpper(first) {
		return "", false
	}
	if l := strings.ToLower(w.text); l == "may" || l == "march" {
		near := func(j int) bool {
			return j >= 0 && j < len(words) && words[j].text != "" && words[j].text[0] >= '0' && words[j].text[0] <= '9'
		}
		if !near(i-1) && !near(i+1) {
			return "", false
		}
	}
	return m, true
}

// isoDate returns the year, month and day of "2025-12-03" (month and day without leading
// zeros), or nil.
func isoDate(w string) []string {
	parts := strings.Split(w, "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return nil
	}
	var out []string
	for _, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, strconv.Itoa(v))
	}
	return out
}
