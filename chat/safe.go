package chat

import "strings"

// Neutralize makes every mention in s inert, so no reply of the bot can notify anyone.
// A zero-width space goes after the "@" of @everyone, @here and @channel (in any case),
// except inside an e-mail address such as team@here.com, which pings no one and should
// stay usable. The angle brackets of platform mention syntax become look-alike
// characters: Slack's <!channel>, <!here>, <!everyone>, <!subteam^…> and <@U…|name>,
// and Discord's <@123>, <@!123>, <@&123> and <#123>. Neutralize is idempotent.
func Neutralize(s string) string {
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if end := mentionEnd(s, i); end > 0 {
				b.WriteString("‹" + Neutralize(s[i+1:end]) + "›")
				i = end + 1
				continue
			}
		case '@':
			if n := broadcast(s[i+1:]); n > 0 && !inEmail(s, i, i+1+n) {
				b.WriteString("@\u200b")
				i++
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// mentionEnd returns the index of the ">" that closes the platform mention starting with
// the "<" at s[i], or -1 when there is none: "<" then "!", "@" or "#", and a closing ">"
// on the same line with no "<" before it. The search stops at the next "<" or line break,
// so scanning a whole text stays linear.
func mentionEnd(s string, i int) int {
	if i+1 >= len(s) || strings.IndexByte("!@#", s[i+1]) < 0 {
		return -1
	}
	for j := i + 2; j < len(s); j++ {
		switch s[j] {
		case '>':
			return j
		case '<', '\n':
			return -1
		}
	}
	return -1
}

// broadcasts are the words that, after an "@", notify a whole channel or server.
var broadcasts = []string{"everyone", "here", "channel"}

// broadcast returns the length of the broadcast word s starts with, or 0.
func broadcast(s string) int {
	for _, w := range broadcasts {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			return len(w)
		}
	}
	return 0
}

// inEmail reports whether the "@" at s[at] followed by a broadcast word ending at s[end]
// is part of an e-mail address: a local part before it and a domain's dot after the word.
func inEmail(s string, at, end int) bool {
	return at > 0 && isLocalByte(s[at-1]) &&
		end+1 < len(s) && s[end] == '.' && isAlnum(s[end+1])
}

// isLocalByte reports whether c may end the local part of an e-mail address.
func isLocalByte(c byte) bool {
	return isAlnum(c) || strings.IndexByte("._%+-", c) >= 0
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
