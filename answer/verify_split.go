package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// replyMarker matches a citation marker of a model's reply: [3], or [1, 3] which the models
// sometimes write for [1][3].
var replyMarker = regexp.MustCompile(`\[(\d+(?:\s*[,;]\s*\d+)*)\]`)

// replyLeadingMarkers matches the markers (and spaces) at the start of a text.
var replyLeadingMarkers = regexp.MustCompile(`^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+`)

// replyAbbrevs end with a full stop that does not end a sentence.
var replyAbbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true,
	"sr": true, "inc": true, "corp": true, "co": true, "ltd": true, "vs": true, "etc": true,
	"e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true, "no": true, "gen": true,
	"gov": true, "sen": true, "rep": true, "approx": true, "est": true, "jan": true,
	"feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// replySentences splits a model's reply into sentences. A line break always ends one;
// ".", "!", "?" and "…" end one when a space follows, unless they close an abbreviation
// or an initial, or sit inside double quotes. Citation markers that follow a sentence's
// full stop ("… rockets. [1]") belong to that sentence. List bullets are dropped.
func replySentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(stripReplyBullet(strings.TrimSpace(line)))
		if line == "" {
			continue
		}
		for _, s := range replyLineSentences(line) {
			if m := replyLeadingMarkers.FindString(s); m != "" && len(out) > 0 {
				out[len(out)-1] += " " + strings.TrimSpace(m)
				s = strings.TrimSpace(s[len(m):])
			}
			if s != "" && strings.Trim(s, " .,;:!?") != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// replyBullet matches a list item's bullet: "- ", "* ", "• ", "1. ", "2) ".
var replyBullet = regexp.MustCompile(`^(?:[-*•]|\d{1,2}[.)])\s+`)

func stripReplyBullet(line string) string { return replyBullet.ReplaceAllString(line, "") }

// replyLineSentences splits one line into sentences.
func replyLineSentences(line string) []string {
	var (
		out     []string
		start   int
		inQuote bool
	)
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		switch r {
		case '"':
			inQuote = !inQuote
		case '“':
			inQuote = true
		case '”':
			inQuote = false
		}
		i += size
		if inQuote || (r != '.' && r != '!' && r != '?' && r != '…') {
			continue
		}
		// Closing quotes and brackets stay with the sentence they close.
		end := i
		for end < len(line) {
			c, n := utf8.DecodeRuneInString(line[end:])
			if !strings.ContainsRune(`"'”’)`, c) {
				break
			}
			if c == '"' || c == '”' {
				inQuote = false
			}
			end += n
		}
		if end < len(line) && line[end] != ' ' && line[end] != '\t' {
			continue
		}
		if r == '.' && replyNotAnEnd(line[start:i-1], line[end:]) {
			continue
		}
		out = append(out, strings.TrimSpace(line[start:end]))
		start, i = end, end
	}
	if rest := strings.TrimSpace(line[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// replyNotAnEnd reports whether the full stop between before and after closes an abbreviation
// or an initial, or is followed by a lower-case word, rather than ending a sentence.
func replyNotAnEnd(before, after string) bool {
	w := before
	if i := strings.LastIndexAny(before, " (\"“"); i >= 0 {
		w = before[i+1:]
	}
	if replyAbbrevs[strings.ToLower(w)] {
		return true
	}
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
		return true // an initial: "J. Smith"
	}
	next := strings.TrimLeft(after, " \t")
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r)
}
