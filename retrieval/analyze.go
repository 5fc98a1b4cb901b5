package retrieval

import (
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// token is one word of a text: its bytes [start, end) and its normalised form (lower-cased,
// possessive and inner apostrophes dropped, thousands separators dropped), not yet stemmed.
type token struct {
	start, end int
	norm       []byte
	// cap says the word starts with an upper-case letter in the text.
	cap bool
}

// tokenizer walks the words of a text without allocating once its buffer has grown.
type tokenizer struct {
	text string
	pos  int
	buf  []byte
}

func (t *tokenizer) reset(text string) {
	t.text, t.pos, t.buf = text, 0, t.buf[:0]
}

// isWordRune says whether r can be part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWord says which ASCII bytes are letters or digits: the common case, without a
// table search.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// next returns the next word of the text; ok is false at the end. The token's norm is
// valid until the next call.
func (t *tokenizer) next() (tok token, ok bool) {
	s := t.text
	i := t.pos
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && isWordRune(r) {
			break
		}
		i += w
	}
	if i >= len(s) {
		t.pos = i
		return token{}, false
	}
	t.buf = t.buf[:0]
	start := i
	first := true
	prevDigit := false
	seg := 0 // runes since the last joiner, to tell "U.S." from "end.Next"
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && asciiWord[c] {
			if first {
				tok.cap = 'A' <= c && c <= 'Z'
				first = false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			t.buf = append(t.buf, c)
			prevDigit = c <= '9'
			seg++
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && isWordRune(r) {
			if first {
				tok.cap = unicode.IsUpper(r)
				first = false
			}
			t.buf = appendFolded(t.buf, unicode.ToLower(r))
			prevDigit = unicode.IsDigit(r)
			seg++
			i += w
			continue
		}
		if keep, ok := t.joiner(i, r, w, seg, prevDigit); ok {
			if keep != 0 {
				t.buf = append(t.buf, keep)
			}
			if keep == '.' {
				seg = 0
			}
			i += w
			continue
		}
		break
	}
	t.pos = i
	tok.start, tok.end = start, i
	tok.norm = normalizeApostrophes(t.buf)
	return tok, true
}

// initialAt says whether s[i:] starts with a lone letter, as in the "S" of "U.S.".
func initialAt(s string, i int) bool {
	_, w := utf8.DecodeRuneInString(s[i:])
	if i+w >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i+w:])
	return !isWordRune(r)
}

// joiner decides whether r, a non-word rune at text[i:i+w], joins two parts of one word:
// an apostrophe between letters ("don't"), a decimal point or thousands separator
// between digits ("1.5", "1,000"), or the period of an initial ("U.S."). It returns the
// byte the word keeps for it, 0 for none.
func (t *tokenizer) joiner(i int, r rune, w, seg int, prevDigit bool) (byte, bool) {
	s := t.text
	if i+w >= len(s) {
		return 0, false
	}
	nr, _ := utf8.DecodeRuneInString(s[i+w:])
	switch {
	case isApostrophe(r) && unicode.IsLetter(nr) && !prevDigit:
		return '\'', true
	case r == '.' && prevDigit && unicode.IsDigit(nr):
		return '.', true
	case r == ',' && prevDigit && unicode.IsDigit(nr):
		return 0, true
	case r == '.' && seg == 1 && !prevDigit && unicode.IsLetter(nr) && initialAt(s, i+w):
		return '.', true
	}
	return 0, false
}

// normalizeApostrophes drops a possessive "'s" and any other apostrophe, in place.
func normalizeApostrophes(b []byte) []byte {
	n := len(b)
	if n > 2 && b[n-2] == '\'' && b[n-1] == 's' {
		b = b[:n-2]
	}
	out := b[:0]
	for _, c := range b {
		if c != '\'' {
			out = append(out, c)
		}
	}
	return out
}

// stem returns the Snowball English stem of a normalised word. Words holding digits are
// kept as they are.
func stem(word string) string {
	for i := 0; i < len(word); i++ {
		if word[i] >= '0' && word[i] <= '9' || word[i] == '.' {
			return word
		}
	}
	if base, ok := irregular[word]; ok {
		word = base
	}
	return english.Stem(word, true)
}

// irregular maps the past forms of common irregular English verbs to the verb, which
// stemming alone cannot do: "won" and "win" should meet. Forms that are also other words
// ("found", "left", "rose", "lay") are left alone.
var irregular = map[string]string{
	"began": "begin", "begun": "begin", "became": "become", "bought": "buy",
	"brought": "bring", "built": "build", "broke": "break", "broken": "break",
	"caught": "catch", "chose": "choose", "chosen": "choose", "came": "come",
	"dealt": "deal", "drew": "draw", "drawn": "draw", "drove": "drive", "driven": "drive",
	"ate": "eat", "eaten": "eat", "fell": "fall", "fallen": "fall",
	"felt": "feel", "fought": "fight", "fled": "flee", "flew": "fly", "flown": "fly",
	"forgot": "forget", "forgotten": "forget", "froze": "freeze", "frozen": "freeze",
	"gave": "give", "given": "give", "went": "go", "gone": "go", "grew": "grow",
	"grown": "grow", "heard": "hear", "held": "hold", "hid": "hide", "hidden": "hide",
	"kept": "keep", "knew": "know", "known": "know", "led": "lead", "lost": "lose",
	"made": "make", "meant": "mean", "met": "meet", "paid": "pay", "ran": "run",
	"rode": "ride", "ridden": "ride", "rang": "ring", "rung": "ring", "risen": "rise",
	"said": "say", "saw": "see", "seen": "see", "sought": "seek", "sold": "sell",
	"sent": "send", "shook": "shake", "shaken": "shake", "shot": "shoot", "sang": "sing",
	"sung": "sing", "sank": "sink", "sunk": "sink", "slept": "sleep", "spoke": "speak",
	"spoken": "speak", "spent": "spend", "stood": "stand", "stole": "steal",
	"stolen": "steal", "struck": "strike", "swore": "swear", "sworn": "swear",
	"swam": "swim", "took": "take", "taken": "take", "taught": "teach", "tore": "tear",
	"torn": "tear", "told": "tell", "thought": "think", "threw": "throw",
	"thrown": "throw", "understood": "understand", "woke": "wake", "woken": "wake",
	"wore": "wear", "worn": "wear", "won": "win", "wrote": "write", "written": "write",
	"withdrew": "withdraw", "withdrawn": "withdraw", "overthrew": "overthrow",
	"overthrown": "overthrow", "undertook": "undertake", "undertaken": "undertake",
	"forbade": "forbid", "forbidden": "forbid", "arose": "arise", "arisen": "arise",
	"bore": "bear", "borne": "bear", "bred": "breed", "dug": "dig",
	"hung": "hang", "lit": "light", "slid": "slide", "spun": "spin",
	"stuck": "stick", "stung": "sting", "strove": "strive", "swept": "sweep",
	"wept": "weep", "sped": "speed", "sprang": "spring",
	"sprung": "spring", "shone": "shine", "shrank": "shrink", "sat": "sit", "got": "get",
	"gotten": "get", "had": "have", "did": "do", "done": "do",
}

// Terms returns the index terms of text: lower-cased, stemmed words without stop words.
func Terms(text string) []string {
	var t tokenizer
	t.reset(text)
	var out []string
	for {
		tok, ok := t.next()
		if !ok {
			return out
		}
		w := string(tok.norm)
		if IsStopWord(w) {
			continue
		}
		out = append(out, stem(w))
	}
}

// IsStopWord says whether word, lower-cased, is an English function word that carries no
// meaning for search: articles, pronouns, auxiliaries, conjunctions, the commonest
// prepositions and question words. Prepositions and quantifiers that say something
// ("before", "after", "between", "against", "most") are not stop words.
func IsStopWord(word string) bool {
	_, ok := stopWords[word]
	return ok
}

var stopWords = setOf(
	// Articles, conjunctions and the prepositions every sentence has.
	"a", "an", "the", "and", "or", "but", "nor", "if", "then", "than", "so", "as", "at", "by",
	"about", "for", "from", "in", "into", "of", "on", "to", "with", "such", "no", "not", "too", "very",
	"just", "also",
	// Pronouns and determiners.
	"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
	"yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
	"it", "its", "itself", "they", "them", "their", "theirs", "themselves", "this", "that",
	"these", "those", "there", "here", "everyone", "everybody", "everything", "anyone",
	"anybody", "anything", "someone", "somebody", "something", "nobody", "nothing",
	// Auxiliaries.
	"am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having",
	"do", "does", "did", "doing", "will", "would", "shall", "should", "can", "could", "may",
	"might", "must",
	// Question words.
	"what", "which", "who", "whom", "whose", "when", "where", "why", "how",
	// Pieces of contractions, and contractions with their apostrophe dropped.
	"s", "t", "d", "m", "ll", "re", "ve", "don", "dont", "doesnt", "didnt", "isnt", "arent",
	"wasnt", "werent", "cant", "couldnt", "wont", "wouldnt", "shouldnt", "hasnt", "havent",
	"hadnt", "im", "ive", "id", "youre", "theyre", "weve", "hes", "shes", "thats", "whats",
	"whos", "theres", "lets", "e.g", "i.e", "etc",
)

func setOf(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}

// appendFolded appends r without its diacritics when it is a Latin letter that has them,
// so that "Beyonce" finds "Beyoncé" and "Gospic" finds "Gospić".
func appendFolded(b []byte, r rune) []byte {
	if r < 0xC0 || r > 0x17F {
		return utf8.AppendRune(b, r)
	}
	if f, ok := folds[r]; ok {
		return append(b, f...)
	}
	return utf8.AppendRune(b, r)
}

// folds maps the lower-case letters of Latin-1 and Latin Extended-A to ASCII.
var folds = func() map[rune]string {
	m := make(map[rune]string)
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ", "dh": "ð",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
