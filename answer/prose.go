package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// prose reports whether text reads as a whole sentence of an article's body, rather than
// a headline, a caption, a list item, or a fragment cut out of a quotation: it starts like
// a sentence, ends with a full stop (or ! or ?), has a few words, is not shouted, and
// opens every quotation it closes.
func prose(text string) bool {
	text = strings.TrimSpace(text)
	if len(strings.Fields(text)) < 6 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(text)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first) || first == '"' || first == '“' || first == '$') {
		return false
	}
	end := strings.TrimRight(text, "\"'”’)]")
	last, _ := utf8.DecodeLastRuneInString(end)
	if last != '.' && last != '!' && last != '?' {
		return false
	}
	if shouted(text) {
		return false
	}
	return balancedQuotes(text)
}

// asks reports whether text is itself a question.
func asks(text string) bool {
	end := strings.TrimRight(strings.TrimSpace(text), "\"'”’)]")
	return strings.HasSuffix(end, "?")
}

// shouted reports whether most letters of text are capitals, as in a promo line.
func shouted(text string) bool {
	var up, low int
	for _, r := range text {
		switch {
		case unicode.IsUpper(r):
			up++
		case unicode.IsLower(r):
			low++
		}
	}
	return up > low
}

// balancedQuotes reports whether every closing double quotation mark in text has its
// opening one, and the other way round.
func balancedQuotes(text string) bool {
	depth := 0
	straight := 0
	for _, r := range text {
		switch r {
		case '“':
			depth++
		case '”':
			depth--
			if depth < 0 {
				return false
			}
		case '"':
			straight++
		}
	}
	return depth == 0 && straight%2 == 0
}

// display is how a sentence shows in a reply: on one line, with runs of white space
// collapsed. The citation keeps the file's exact bytes.
func display(text string) string {
	return strings.Join(strings.Fields(text), " ")
}
