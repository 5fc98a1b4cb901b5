package chat

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes text a tidy single line: invalid UTF-8 becomes U+FFFD, control and
// invisible formatting characters go, and every run of white space (line breaks included)
// becomes one space, trimmed at both ends. Adapters may call it on text they log or echo;
// the Bot cleans every message itself.
func Clean(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case dropped(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropped reports whether r is invisible and carries no meaning in a question: control
// characters, and format characters (bidirectional overrides that make text display in
// another order, zero-width spaces, byte order marks) except the two joiners that some
// scripts and emoji need.
func dropped(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d':
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// hasWords reports whether s holds a letter or a digit: text without any is not a question.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}) >= 0
}

// truncate cuts s to at most n bytes on a character boundary, marking the cut with "…"
// (which the n bytes include).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := max(n-len(ellipsis), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
