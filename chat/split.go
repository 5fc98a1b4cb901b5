package chat

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split cuts markdown into pieces of at most limit bytes, for platforms that bound a
// message's length. It cuts at a paragraph break where one falls in the second half of a
// piece, else at a line break there, else after the end of a sentence, else at any break
// or space, and only as a last resort inside a word (never inside a UTF-8 sequence). A
// citation marker such as "[2]" or "[1, 3]" stays with the text before it, a link
// "[title](url)" stays whole when it can, and a "> " quote cut in two is a quote in both
// pieces. Pieces are trimmed of surrounding white space; limit <= 0 means no limit, and a
// limit below 4 is taken as 4, the longest UTF-8 sequence.
func Split(markdown string, limit int) []string {
	markdown = strings.TrimSpace(markdown)
	if markdown == "" {
		return nil
	}
	if limit <= 0 || len(markdown) <= limit {
		return []string{markdown}
	}
	limit = max(limit, utf8.UTFMax)
	var out []string
	for len(markdown) > limit {
		cut := bestCut(markdown, limit)
		out = append(out, strings.TrimSpace(markdown[:cut]))
		rest := strings.TrimSpace(markdown[cut:])
		if q := "> " + rest; continuesQuote(markdown, cut) && len(q) < len(markdown) {
			rest = q
		}
		markdown = rest
	}
	if markdown != "" {
		out = append(out, markdown)
	}
	return out
}

// protected matches what a cut should not go through: citation markers and links.
var protected = regexp.MustCompile(`\[\d+(?:, ?\d+)*\]|\[[^\[\]\n]*\]\([^()\s]*\)`)

// bestCut returns where to end the piece taken from the front of s, len(s) > limit: an
// index 0 < cut <= limit.
func bestCut(s string, limit int) int {
	// inside[i] is true when a cut at i would go through a marker or a link. Look a little
	// past the limit so that one straddling it is seen whole.
	inside := make([]bool, limit+1)
	for _, sp := range protected.FindAllStringIndex(s[:min(len(s), limit+512)], -1) {
		for i := sp[0] + 1; i < sp[1] && i <= limit; i++ {
			inside[i] = true
		}
	}
	free := func(i int) bool {
		return !inside[i] && markerLen(strings.TrimLeft(s[i:], " ")) == 0
	}
	half := limit / 2
	// Each pass returns the last cut of its kind; the earlier passes make better pieces.
	passes := []func(i int) bool{
		func(i int) bool { return i >= half && strings.HasPrefix(s[i:], "\n\n") },
		func(i int) bool { return i >= half && s[i] == '\n' },
		func(i int) bool { return s[i] == ' ' && free(i) && sentenceEnd(s[:i]) },
		func(i int) bool { return s[i] == '\n' },
		func(i int) bool { return s[i] < utf8.RuneSelf && unicode.IsSpace(rune(s[i])) && free(i) },
	}
	for _, ok := range passes {
		for i := limit; i > 0; i-- {
			if ok(i) {
				return i
			}
		}
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		// Not valid UTF-8 here: there is no sequence to keep whole.
		cut = limit
	}
	return cut
}

// continuesQuote reports whether a cut at s[cut] falls inside a "> " quote line, after
// some of its text, so the rest of the line must be quoted too.
func continuesQuote(s string, cut int) bool {
	start := strings.LastIndexByte(s[:cut], '\n') + 1
	return strings.HasPrefix(s[start:], "> ") && cut-start > 2 &&
		!strings.HasPrefix(strings.TrimLeft(s[cut:], " \t"), "\n")
}

// sentenceEnd reports whether s ends a sentence, possibly followed by closing quotes,
// emphasis and citation markers.
func sentenceEnd(s string) bool {
	for {
		s = strings.TrimRight(s, ` "'”’)*_`)
		if !strings.HasSuffix(s, "]") {
			break
		}
		open := strings.LastIndexByte(s[max(0, len(s)-maxMarker):], '[')
		if open < 0 {
			return false
		}
		open += max(0, len(s)-maxMarker)
		if markerLen(s[open:]) != len(s)-open {
			return false
		}
		s = s[:open]
	}
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") ||
		strings.HasSuffix(s, "…")
}

// maxMarker bounds the length of a citation marker such as "[1, 12, 13]".
const maxMarker = 64

// markerLen returns the length of the citation marker s starts with ("[2]", "[1, 3]",
// "[1,3]"), or 0 when it starts with none.
func markerLen(s string) int {
	if !strings.HasPrefix(s, "[") {
		return 0
	}
	digits := false
	for i := 1; i < len(s) && i < maxMarker; i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits = true
		case c == ',' && digits:
			digits = false
			if i+1 < len(s) && s[i+1] == ' ' {
				i++
			}
		case c == ']' && digits:
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
