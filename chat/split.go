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

// marker matches a citation marker at the start of a text.
var marker = regexp.MustCompile(`^\[\d+(?:, ?\d+)*\]`)

// bestCut returns where to end the piece taken from the front of s, len(s) > limit: an
// index 0 < cut <= limit.
func bestCut(s string, limit int) int {
	// Look a little past the limit so that a link or marker straddling it is seen whole.
	spans := protected.FindAllStringIndex(s[:min(len(s), limit+512)], -1)
	free := func(i int) bool {
		for _, sp := range spans {
			if sp[0] < i && i < sp[1] {
				return false
			}
		}
		return !marker.MatchString(strings.TrimLeft(s[i:], " "))
	}
	half := limit / 2
	// Each pass returns the last cut of its kind; the earlier passes make better pieces.
	passes := []func(i int) bool{
		func(i int) bool { return i >= half && strings.HasPrefix(s[i:], "\n\n") },
		func(i int) bool { return i >= half && s[i] == '\n' },
		func(i int) bool { return s[i] == ' ' && sentenceEnd(s[:i]) && free(i) },
		func(i int) bool { return s[i] == '\n' },
		func(i int) bool { return unicode.IsSpace(rune(s[i])) && s[i] < utf8.RuneSelf && free(i) },
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
		loc := lastMarker.FindStringIndex(s)
		if loc == nil {
			break
		}
		s = s[:loc[0]]
	}
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") ||
		strings.HasSuffix(s, "…")
}

// lastMarker matches a citation marker at the end of a text.
var lastMarker = regexp.MustCompile(`\[\d+(?:, ?\d+)*\]$`)
