package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is the bytes [Start, End) of a text.
type Span struct {
	Start, End int
}

// Block is one piece of an article's content: a paragraph of body text, a bullet, or a
// headline. Headlines are indexed but never quoted, since they are not sentences.
type Block struct {
	Span
	// Headline marks a short line that titles what follows rather than saying something.
	Headline bool
	// Cut says boilerplate was cut out just before this block, so text on either side of
	// the cut does not belong together.
	Cut bool
}

// Clean returns the content of an article, in order: its paragraphs, bullets and headlines,
// without contact lines, copyright notices, disclaimers, share/navigation/promo lines,
// image names, bare URLs, section numbers, meta lines, and paragraphs repeated within the
// article. Spans are trimmed of white space and bullet marks and refer to text unchanged.
func Clean(text string) []Block {
	var out []Block
	seen := make(map[uint64]bool)
	cut := false
	for _, raw := range rawBlocks(text) {
		s := text[raw.Start:raw.End]
		if isBoilerplate(s) {
			cut = true
			continue
		}
		key := dedupKey(s)
		if seen[key] {
			cut = true
			continue
		}
		seen[key] = true
		out = append(out, Block{Span: raw.Span, Headline: raw.Headline, Cut: cut && len(out) > 0})
		cut = false
	}
	return out
}

// rawBlocks cuts text into lines, trims them, and joins a line to the one before when it
// plainly continues it (a hard-wrapped paragraph). It marks headlines.
func rawBlocks(text string) []Block {
	var out []Block
	open := false // the last block may take a continuation line
	for ls := 0; ls <= len(text); {
		le := strings.IndexByte(text[ls:], '\n')
		if le < 0 {
			le = len(text)
		} else {
			le += ls
		}
		start, end := trimSpan(text, ls, le)
		numbered := start < end && unicode.IsDigit(firstRune(text[start:end]))
		if open && numbered {
			// "3) is…" after an unfinished line is the rest of it, not a numbered item.
			out[len(out)-1].End = end
			out[len(out)-1].Headline = false
			ls = le + 1
			continue
		}
		start, mark := stripMarks(text, start, end)
		if start >= end {
			open = false
			ls = le + 1
			continue
		}
		line := text[start:end]
		if open && mark == markNone && continues(line) {
			b := &out[len(out)-1]
			b.End = end
			b.Headline = b.Headline && isHeadline(text[b.Start:b.End])
		} else {
			head := mark == markHeading || mark == markNone && isHeadline(line)
			out = append(out, Block{Span: Span{start, end}, Headline: head})
		}
		open = !endsSentence(line)
		ls = le + 1
	}
	return out
}

// trimSpan trims white space (including no-break and ideographic spaces) off text[s:e].
func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, w := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			break
		}
		s += w
	}
	for e > s {
		r, w := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			break
		}
		e -= w
	}
	return s, e
}

// The marks a line can start with.
const (
	markNone = iota
	markBullet
	markHeading
)

// stripMarks skips a leading bullet ("•", "-", "*", "1.") or heading mark ("#", "|", ">")
// of the line text[s:e] and the spaces after it.
func stripMarks(text string, s, e int) (int, int) {
	line := text[s:e]
	r, w := utf8.DecodeRuneInString(line)
	mark, n := markNone, 0
	switch {
	case strings.ContainsRune("•·▪◦●○■□‣⁃∙", r):
		mark, n = markBullet, w
	case (r == '-' || r == '*' || r == '–' || r == '—') && w < len(line) && line[w] == ' ':
		mark, n = markBullet, w
	case r == '#' || r == '|' || r == '>' || r == '｜':
		for n < len(line) && strings.ContainsRune("#|>｜", rune(line[n])) {
			n++
		}
		if r == '｜' {
			n = w
		}
		mark = markHeading
	case r >= '0' && r <= '9':
		d := 0
		for d < len(line) && d < 3 && line[d] >= '0' && line[d] <= '9' {
			d++
		}
		if d < 3 && d+1 < len(line) && (line[d] == '.' || line[d] == ')') && line[d+1] == ' ' {
			mark, n = markBullet, d+1
		}
	}
	if mark == markNone {
		return s, markNone
	}
	ns, _ := trimSpan(text, s+n, e)
	return ns, mark
}

// continues says whether a line carries on the line before it when that one did not end a
// sentence: it starts in lower case, or with a digit or a closing mark, as a wrapped
// subscript ("O\n2") or number does.
func continues(line string) bool {
	r := firstRune(line)
	return unicode.IsLower(r) || unicode.IsDigit(r) || strings.ContainsRune(")]}.,;:%", r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// endsSentence says whether s ends with sentence punctuation, maybe inside closing quotes.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, w := utf8.DecodeLastRuneInString(s)
		if isCloser(r) {
			s = s[:len(s)-w]
			continue
		}
		return r == '.' || r == '!' || r == '?' || r == '…' || r == '。' || r == '！' || r == '？'
	}
	return false
}

// isHeadline says whether a line titles what follows: short, and not ending a sentence.
func isHeadline(line string) bool {
	if endsSentence(line) || len(line) > 200 || hasInnerSentenceEnd(line) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	if r == ':' || r == ';' || r == ',' || r == '：' || r == '；' || r == '，' {
		return false
	}
	return wordCount(line) <= 20
}

// wordCount counts the white-space separated words of s.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// dedupKey hashes a block's letters and digits, lower-cased (FNV-1a, 64 bits), so that
// a paragraph repeated with other spacing or quotes is still recognised.
func dedupKey(s string) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			h ^= uint64(unicode.ToLower(r))
			h *= 1099511628211
		}
	}
	return h
}

// hasInnerSentenceEnd says whether a period inside line ends a sentence ("…bodies. The
// increased…"): such a line is body text cut short, not a headline.
func hasInnerSentenceEnd(line string) bool {
	for i := strings.Index(line, ". "); i >= 0; {
		rest := strings.TrimLeft(line[i+2:], " ")
		if r := firstRune(rest); unicode.IsUpper(r) && !isAbbreviation(line, 0, i, rest) {
			return true
		}
		j := strings.Index(line[i+2:], ". ")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return false
}
