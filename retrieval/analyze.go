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
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// next returns the next word of the text; ok is false at the end. The token's norm is
// valid until the next call.
func (t *tokenizer) next() (tok token, ok bool) {
	s := t.text
	i := t.pos
	for i < len(s) {
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
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && isWordRune(r) {
			if first {
				tok.cap = unicode.IsUpper(r)
				first = false
			}
			t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
			prevDigit = unicode.IsDigit(r)
			seg++
			i += w
			continue
		}
		// Joiners stay inside a word only between two word runes: "don't", "1.5", "1,000".
		if i+w < len(s) {
			nr, _ := utf8.DecodeRuneInString(s[i+w:])
			if isApostrophe(r) && unicode.IsLetter(nr) && !prevDigit {
				t.buf = append(t.buf, '\'')
				i += w
				continue
			}
			if (r == '.' || r == ',') && prevDigit && unicode.IsDigit(nr) {
				if r == '.' {
					t.buf = append(t.buf, '.')
				}
				seg = 0
				i += w
				continue
			}
			if r == '.' && seg == 1 && !prevDigit && unicode.IsLetter(nr) && initialAt(s, i+w) {
				t.buf = append(t.buf, '.')
				seg = 0
				i += w
				continue
			}
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
	return english.Stem(word, true)
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
// meaning for search: articles, pronouns, auxiliaries, prepositions and question words.
func IsStopWord(word string) bool {
	_, ok := stopWords[word]
	return ok
}

var stopWords = setOf(
	// The Snowball English list.
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
	"are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
	"both", "but", "by", "can", "did", "do", "does", "doing", "don", "down", "during",
	"each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
	"here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
	"is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
	"not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
	"ourselves", "out", "over", "own", "s", "same", "she", "should", "so", "some", "such",
	"t", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
	"these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
	"why", "will", "with", "you", "your", "yours", "yourself", "yourselves",
	// Contractions with their apostrophe dropped, and a few more auxiliaries.
	"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt",
	"wont", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "im", "ive", "id", "youre",
	"theyre", "weve", "hes", "shes", "thats", "whats", "whos", "theres", "lets",
	"would", "could", "shall", "might", "must", "may", "also", "us", "whose", "ll", "re",
	"ve", "d", "m", "e.g", "i.e", "etc", "yet", "via", "upon", "whether", "although", "though", "however",
)

func setOf(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}
