package retrieval

import (
	"strings"
	"unicode/utf8"
)

// Answer-type flags of a word, and the kinds of answer a question asks for.
const (
	// flagName marks a capitalised word: a person, an organisation or a place.
	flagName uint8 = 1 << iota
	// flagNumber marks a number, written in digits or in words.
	flagNumber
	// flagDate marks a date or time word: a month, a weekday, a year.
	flagDate
	// flagMoney marks an amount of money: a price after a currency sign, a currency.
	flagMoney
)

// wordFlags returns the answer-type flags of the word t of text; first says it opens
// its sentence, where a capital letter says nothing.
func wordFlags(text string, t token, first bool) uint8 {
	var f uint8
	w := string(t.norm)
	if t.cap && (!first || !isStarter(w)) {
		f |= flagName
	}
	digits := false
	for _, c := range t.norm {
		if c >= '0' && c <= '9' {
			digits = true
			break
		}
	}
	if digits || numberWords[w] {
		f |= flagNumber
	}
	if isDateWord(w) || isYear(w) {
		f |= flagDate
	}
	if currencyWords[w] || digits && currencyBefore(text, t.start) {
		f |= flagMoney | flagNumber
	}
	return f
}

// isYear says whether w reads as a year or a decade: "1998", "2015", "1990s".
func isYear(w string) bool {
	w = strings.TrimSuffix(w, "s")
	if len(w) != 4 || !isAllDigits(w) {
		return false
	}
	return w >= "1000" && w <= "2199"
}

// currencyBefore says whether a currency sign stands just before text[i].
func currencyBefore(text string, i int) bool {
	for n := 0; n < 4 && i > 0; n++ {
		r, w := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case '$', '€', '£', '¥', '₹', '₩', '₽', '₣':
			return true
		case ' ':
			i -= w
			continue
		}
		if r >= 'A' && r <= 'Z' { // US$, HK$, A$
			i -= w
			continue
		}
		return false
	}
	return false
}

// isDateWord says whether w, lower-cased, names a month, a weekday or another time.
func isDateWord(w string) bool { return dateWords[w] }

var dateWords = boolSet("january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "jan", "feb", "mar", "apr",
	"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
	"tomorrow", "tonight", "morning", "afternoon", "evening", "night", "noon", "midnight",
	"spring", "summer", "autumn", "fall", "winter", "century", "centuries", "decade",
	"decades", "year", "years", "month", "months", "week", "weeks", "bc", "bce", "ad", "ce",
	"earlier", "later", "ago", "recently", "since", "until", "during", "era", "period",
	"annually", "daily", "weekly", "season", "quarter")

var numberWords = boolSet("one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
	"seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
	"seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
	"millions", "billion", "billions", "trillion", "dozen", "dozens", "half", "percent",
	"first", "second", "third", "fourth", "fifth", "twice", "single", "double", "triple")

var currencyWords = boolSet("dollar", "dollars", "euro", "euros", "pound", "pounds", "yen",
	"yuan", "renminbi", "rupee", "rupees", "cent", "cents", "usd", "eur", "gbp", "francs",
	"franc", "marks", "pesos", "peso", "won", "rubles", "shillings", "guineas")

func boolSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// expectedAnswer returns the flags an answer to the question q (lower-cased words) would
// carry: who → a name, how much → a number or money, when → a date, where → a place.
func expectedAnswer(words []string) uint8 {
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch w {
		case "who", "whom", "whose":
			return flagName
		case "when":
			return flagDate
		case "where":
			return flagName
		case "how":
			switch next {
			case "much":
				return flagNumber | flagMoney
			case "many", "long", "old", "far", "large", "big", "tall", "high", "often",
				"fast", "heavy", "deep", "wide", "expensive":
				return flagNumber
			}
		case "what", "which":
			switch next {
			case "year", "years", "date", "day", "month", "century", "decade", "time", "era", "season":
				return flagDate
			case "percentage", "percent", "number", "amount", "price", "cost", "age", "size", "population":
				return flagNumber
			case "country", "city", "state", "town", "place", "region", "company", "team",
				"person", "organization", "organisation", "group", "university", "county",
				"river", "island", "continent", "nation", "firm", "club", "party", "name":
				return flagName
			}
		}
	}
	return 0
}

// answerWords are the words expectedAnswer reads after a question word.
var answerWords = []string{"much", "many", "long", "old", "far", "large", "big", "tall",
	"high", "often", "fast", "heavy", "deep", "wide", "expensive", "year", "years", "date",
	"day", "month", "century", "decade", "time", "era", "season", "percentage", "percent",
	"number", "amount", "price", "cost", "age", "size", "population", "country", "city",
	"state", "town", "place", "region", "company", "team", "person", "organization",
	"organisation", "group", "university", "county", "river", "island", "continent",
	"nation", "firm", "club", "party", "name"}
