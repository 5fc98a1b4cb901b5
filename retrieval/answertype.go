package retrieval

import "unicode/utf8"

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
	// flagStatus marks a word that says where something stands: going on, stalled, over.
	flagStatus
	// flagFirstCap marks, while indexing, a capitalised word that opens its sentence.
	flagFirstCap uint8 = 1 << 7
)

// wordFlags returns the answer-type flags of the word t of text; first says it opens
// its sentence, where a capital letter says nothing.
func wordFlags(text string, t token, first bool) uint8 {
	var f uint8
	// Map lookups keyed by string(t.norm) do not allocate.
	if t.cap && (!first || !starters[string(t.norm)]) {
		f |= flagName
	}
	digits := false
	for _, c := range t.norm {
		if c >= '0' && c <= '9' {
			digits = true
			break
		}
	}
	if digits || numberWords[string(t.norm)] {
		f |= flagNumber
	}
	if dateWords[string(t.norm)] || digits && isYear(t.norm) {
		f |= flagDate
	}
	if currencyWords[string(t.norm)] || digits && currencyBefore(text, t.start) {
		f |= flagMoney | flagNumber
	}
	if statusWords[string(t.norm)] {
		f |= flagStatus
	}
	return f
}

// isYear says whether w reads as a year or a decade: "1998", "2015", "1990s".
func isYear(w []byte) bool {
	if n := len(w); n > 0 && w[n-1] == 's' {
		w = w[:n-1]
	}
	if len(w) != 4 || !isAllDigits(string(w)) {
		return false
	}
	return w[0] == '1' || w[0] == '2' && w[1] <= '1'
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

// expectedAnswer returns the flags an answer to the question (its first words as parse
// knows them; of a word that is no question word it knows nothing) would carry: who → a
// name, how much → a number or money, when → a date, where → a place, "what year" → a
// date, "which team" → a name.
func expectedAnswer(words []parseWord) uint8 {
	for _, w := range words {
		if w.status {
			// "Where do the talks stand?", "Are they still on?": where things stand.
			return flagStatus
		}
	}
	for i, w := range words {
		switch w.word {
		case "who", "whom", "whose", "where":
			return flagName
		case "when":
			return flagDate
		case "how":
			if i+1 < len(words) {
				return words[i+1].how
			}
		case "what", "which":
			// The kind is the first noun after the question word: "what is the name of…".
			for _, n := range words[i+1:] {
				if n.filler {
					continue
				}
				if n.isKind {
					return n.kind
				}
				if w.word == "which" {
					// "Which X" mostly asks for a named thing.
					return flagName
				}
				break
			}
		}
	}
	return 0
}

// statusWords say where a plan or a deal stands.
var statusWords = boolSet("longer", "stalled", "stall", "stalls", "suspended", "paused",
	"halted", "ended", "collapsed", "resumed", "ongoing", "underway", "active", "inactive",
	"cooled", "quieted", "quiet", "finalized", "finalised", "completed", "agreed",
	"abandoned", "postponed", "delayed", "continue", "continues", "continued", "continuing",
	"progress", "progressing", "stopped", "dropped", "shelved", "scrapped", "closed",
	"pending", "hold", "dormant", "dead", "alive")

// statusAsks are the question words that ask where something stands.
var statusAsks = boolSet("stand", "stands", "status", "still", "progress")

var filler = boolSet("is", "was", "are", "were", "the", "a", "an", "did", "does", "do", "of",
	"kind", "type", "sort", "exact", "specific", "main", "first", "last")

// howKinds are the answers "how X" asks for.
var howKinds = map[string]uint8{
	"much": flagNumber | flagMoney, "many": flagNumber, "long": flagNumber | flagDate,
	"old": flagNumber, "far": flagNumber, "large": flagNumber, "big": flagNumber,
	"tall": flagNumber, "high": flagNumber, "often": flagNumber, "fast": flagNumber,
	"heavy": flagNumber, "deep": flagNumber, "wide": flagNumber, "expensive": flagNumber,
}

// nounKinds are the answers "what X" or "which X" asks for.
var nounKinds = map[string]uint8{
	"year": flagDate, "years": flagDate, "date": flagDate, "day": flagDate, "month": flagDate,
	"century": flagDate, "decade": flagDate, "time": flagDate, "era": flagDate,
	"season": flagDate, "percentage": flagNumber, "percent": flagNumber, "number": flagNumber,
	"amount": flagNumber | flagMoney, "price": flagNumber | flagMoney,
	"cost": flagNumber | flagMoney, "age": flagNumber, "size": flagNumber,
	"population": flagNumber, "country": flagName, "city": flagName, "state": flagName,
	"town": flagName, "place": flagName, "region": flagName, "company": flagName,
	"team": flagName, "person": flagName, "organization": flagName, "organisation": flagName,
	"group": flagName, "university": flagName, "county": flagName, "river": flagName,
	"island": flagName, "continent": flagName, "nation": flagName, "firm": flagName,
	"club": flagName, "party": flagName, "name": flagName, "names": flagName,
	"author": flagName, "president": flagName, "king": flagName, "leader": flagName,
	"player": flagName, "artist": flagName, "writer": flagName, "scientist": flagName,
}

// answerWords are the words expectedAnswer reads.
var answerWords = func() []string {
	var ws []string
	for w := range filler {
		ws = append(ws, w)
	}
	for w := range howKinds {
		ws = append(ws, w)
	}
	for w := range statusAsks {
		ws = append(ws, w)
	}
	for w := range nounKinds {
		ws = append(ws, w)
	}
	return ws
}()
