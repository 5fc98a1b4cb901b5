package chat

import (
	"strings"
	"unicode/utf8"
)

// Split cuts markdown into pieces of at most limit bytes, at paragraph boundaries where it
// can, then at line and sentence boundaries, then at spaces, and only as a last resort inside
// a word (never inside a UTF-8 sequence). A citation marker such as "[2]" stays with the
// text before it.
func Split(markdown string, limit int) []string {
	markdown = strings.TrimSpace(markdown)
	if limit <= 0 || len(markdown) <= limit {
		if markdown == "" {
			return nil
		}
		return []string{markdown}
	}
	var out []string
	for len(markdown) > limit {
		cut := lastCut(markdown[:limit+1])
		piece := strings.TrimSpace(markdown[:cut])
		if piece != "" {
			out = append(out, piece)
		}
		markdown = strings.TrimSpace(markdown[cut:])
	}
	if markdown != "" {
		out = append(out, markdown)
	}
	return out
}

// lastCut returns where to end the piece taken from the front of s (len(s) = limit+1).
func lastCut(s string) int {
	window := s[:len(s)-1]
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(window, sep); i > 0 {
			return i
		}
	}
	// After the end of a sentence and its citation markers.
	for i := len(window) - 1; i > 0; i-- {
		if window[i] == ' ' && sentenceEnd(window[:i]) {
			return i
		}
	}
	if i := strings.LastIndexByte(window, ' '); i > 0 {
		return i
	}
	cut := len(window)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		cut = len(window)
	}
	return cut
}

// sentenceEnd reports whether s ends a sentence, possibly followed by citation markers.
func sentenceEnd(s string) bool {
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			return false
		}
		s = strings.TrimRight(s[:i], " ")
	}
	s = strings.TrimRight(s, `"'”’)*_`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}
