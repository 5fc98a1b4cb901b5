package console

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// link is a Markdown link [text](url).
	link = regexp.MustCompile(`\[([^\[\]\n]*)\]\(([^()\s]+)\)`)
	// bold is **text** or __text__.
	bold = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	// italic is _text_ or *text* standing as words, so snake_case and 2*3*4 stay.
	italic = regexp.MustCompile(`(^|[\s(])[_*]([^_*\s](?:[^_*\n]*[^_*\s])?)[_*]($|[\s).,;:!?])`)
	// code is `text`.
	code = regexp.MustCompile("`([^`\n]+)`")
)

// Plain renders the bot's Markdown for a terminal: emphasis and code marks go, a link
// becomes "text (url)", and quotes, bullets and citation markers stay as they read well as
// they are. Control characters other than line breaks and tabs are dropped, so that text
// quoted from an article cannot move the cursor or recolour the terminal.
func Plain(markdown string) string {
	s := strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return -1
		}
		return r
	}, strings.ToValidUTF8(markdown, "\uFFFD"))
	s = code.ReplaceAllString(s, "$1")
	s = link.ReplaceAllStringFunc(s, func(m string) string {
		sub := link.FindStringSubmatch(m)
		if sub[1] == "" || sub[1] == sub[2] {
			return sub[2]
		}
		return sub[1] + " (" + sub[2] + ")"
	})
	s = bold.ReplaceAllString(s, "$1$2")
	// Matches share the white space between them, so a second pass catches every other one.
	for range 2 {
		s = italic.ReplaceAllString(s, "$1$2$3")
	}
	return s
}
