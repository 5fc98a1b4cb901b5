package slack

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/chat"
)

// Slack accepts 40,000 characters of text in a message but truncates long messages in
// the client and a section block holds 3,000: pieces stay well under both.
const (
	// markdownPiece is how much of chat's Markdown goes into one message before conversion.
	markdownPiece = 3000
	// mrkdwnPiece bounds one converted message; escaping can grow a piece past markdownPiece.
	mrkdwnPiece = 3900
	// maxPieces bounds the messages of one reply, so a runaway answer cannot flood a channel.
	maxPieces = 10
)

// render converts chat's Markdown reply into Slack mrkdwn messages of at most mrkdwnPiece
// bytes each, none of which can notify anyone.
func render(markdown string) []string {
	if limit := maxPieces * markdownPiece; len(markdown) > limit {
		// What would be cut anyway need not be converted.
		for limit > 0 && !utf8.RuneStart(markdown[limit]) {
			limit--
		}
		markdown = markdown[:limit] + " …"
	}
	markdown = chat.Neutralize(markdown)
	var out []string
	for _, piece := range chat.Split(markdown, markdownPiece) {
		m := chat.Neutralize(mrkdwn(piece))
		if len(m) <= mrkdwnPiece {
			out = append(out, m)
			continue
		}
		out = append(out, chat.Split(m, mrkdwnPiece)...)
	}
	if len(out) > maxPieces {
		out = append(out[:maxPieces-1], out[maxPieces-1]+"\n_(reply cut short)_")
	}
	return out
}

var (
	heading  = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	bullet   = regexp.MustCompile(`^(\s*)[-*+]\s+`)
	quoteTag = regexp.MustCompile(`^(\s*>)+\s?`)
)

// mrkdwn converts one piece of Markdown to Slack mrkdwn: **bold** becomes *bold*,
// *italic* _italic_, ~~struck~~ ~struck~, [text](url) <url|text>, "# Heading" a bold
// line, "- item" "• item"; "> " quotes and `code` stay. Everything else is text, with
// &, < and > escaped so that nothing in it can become Slack markup.
func mrkdwn(md string) string {
	var b strings.Builder
	inFence := false
	for i, line := range strings.Split(md, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			b.WriteString("```")
			continue
		}
		if inFence {
			b.WriteString(escape(line))
			continue
		}
		if m := quoteTag.FindString(line); m != "" {
			b.WriteString("> ")
			line = line[len(m):]
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			title := boldRemover.Replace(m[1])
			if title != "" {
				b.WriteString("*" + inline(title) + "*")
			}
			continue
		}
		if m := bullet.FindString(line); m != "" {
			b.WriteString(strings.Repeat(" ", len(m)-len(strings.TrimLeft(m, " \t"))) + "• ")
			line = line[len(m):]
		}
		b.WriteString(inline(line))
	}
	return b.String()
}

// inline converts the inline Markdown of one line.
func inline(s string) string {
	var b strings.Builder
	// wordBefore is true when the text written last ends inside a word, where "_" and "*"
	// are part of the word (snake_case), not emphasis.
	wordBefore := false
	for len(s) > 0 {
		inWord := wordBefore
		wordBefore = false
		switch {
		case s[0] == '`':
			if end := strings.IndexByte(s[1:], '`'); end >= 0 {
				b.WriteString("`" + escape(s[1:1+end]) + "`")
				s = s[end+2:]
				continue
			}
		case strings.HasPrefix(s, "**") || strings.HasPrefix(s, "__"):
			if inner, rest, ok := span(s, s[:2]); ok {
				b.WriteString("*" + inline(inner) + "*")
				s = rest
				continue
			}
		case strings.HasPrefix(s, "~~"):
			if inner, rest, ok := span(s, "~~"); ok {
				b.WriteString("~" + inline(inner) + "~")
				s = rest
				continue
			}
		case (s[0] == '*' || s[0] == '_') && !inWord:
			if inner, rest, ok := span(s, s[:1]); ok && !startsWord(rest) {
				b.WriteString("_" + inline(inner) + "_")
				s = rest
				continue
			}
		case s[0] == '[':
			if text, target, rest, ok := link(s); ok {
				b.WriteString(slackLink(text, target))
				s = rest
				continue
			}
		case s[0] == '<':
			// A Markdown autolink: <https://…>.
			if end := strings.IndexByte(s, '>'); end > 0 {
				if u := safeURL(s[1:end]); u != "" {
					b.WriteString("<" + u + ">")
					s = s[end+1:]
					continue
				}
			}
		}
		// Plain text up to the next character that may start markup.
		n := strings.IndexAny(s[1:], "`*_~[<")
		if n < 0 {
			n = len(s) - 1
		}
		b.WriteString(escape(s[:n+1]))
		wordBefore = endsWord(s[:n+1])
		s = s[n+1:]
	}
	return b.String()
}

// startsWord and endsWord report whether s begins or ends with a letter or digit.
func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func endsWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// span finds the emphasis that s opens with delim: non-empty, not starting or ending with a
// space, closed on the same line. It returns the inner text and what follows the close.
func span(s, delim string) (inner, rest string, ok bool) {
	body := s[len(delim):]
	end := strings.Index(body, delim)
	if end <= 0 {
		return "", "", false
	}
	inner = body[:end]
	if strings.TrimSpace(inner) != inner {
		return "", "", false
	}
	return inner, body[end+len(delim):], true
}

// link parses a Markdown link [text](target) at the start of s.
func link(s string) (text, target, rest string, ok bool) {
	close := strings.Index(s, "](")
	if close < 1 || strings.ContainsAny(s[1:close], "[]") {
		return "", "", "", false
	}
	end := strings.IndexByte(s[close+2:], ')')
	if end < 0 {
		return "", "", "", false
	}
	return s[1:close], strings.TrimSpace(s[close+2 : close+2+end]), s[close+3+end:], true
}

// slackLink renders a link in Slack's <url|text> form; a target that is not a web or mail
// address is shown as text instead, so no link can carry Slack markup.
func slackLink(text, target string) string {
	label := boldRemover.Replace(text)
	u := safeURL(target)
	if u == "" {
		return escape(label) + " (" + escape(target) + ")"
	}
	if label == "" {
		return "<" + u + ">"
	}
	// A "|" or ">" would end the label early; look-alikes keep the text readable.
	label = strings.ReplaceAll(label, "|", "¦")
	return "<" + u + "|" + escape(label) + ">"
}

// safeURL returns target ready to sit inside <…> when it is an http(s) or mailto address,
// else "".
func safeURL(target string) string {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
		return ""
	}
	if u.Scheme != "mailto" && u.Host == "" {
		return ""
	}
	s := u.String()
	// url.String leaves these alone, but each would end or break Slack's link syntax.
	return urlEscaper.Replace(s)
}

// escape makes text literal in mrkdwn: Slack reads &, < and > as markup.
func escape(s string) string { return escaper.Replace(s) }

// The replacers are built once: building one costs more than most replacements.
var (
	escaper     = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	urlEscaper  = strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20", "&", "&amp;")
	boldRemover = strings.NewReplacer("**", "", "__", "", "`", "")
)
