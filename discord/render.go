package discord

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// MaxMessage is Discord's limit on one message's content, in characters.
const MaxMessage = 2000

// pieceLimit is the bytes one piece of a reply may take: a byte never stands for less than
// a character, so a piece of pieceLimit bytes is always under MaxMessage, with room for the
// "…" a placeholder gets.
const pieceLimit = MaxMessage - 100

// links matches a Markdown link [text](url), with or without <> around the url, or a bare
// URL, with or without <> around it.
var links = regexp.MustCompile(`\[([^\[\]\n]*)\]\(\s*<?([^()<>\s]*)>?\s*\)|<?(https?://[^\s<>]+)>?`)

// render turns the chat core's Markdown into the contents of Discord messages, each
// under MaxMessage: mentions neutralised, links kept from unfurling into embeds, long
// replies split at paragraph, then sentence boundaries with citations kept with their
// text.
func render(markdown string) []string {
	return chat.Split(discordMarkdown(markdown), pieceLimit)
}

// discordMarkdown converts the core's Markdown to Discord's: Discord reads the same
// Markdown, except that every link would unfurl into an embed unless wrapped in <>, and a
// masked link needs a web address.
func discordMarkdown(markdown string) string {
	markdown = chat.Neutralize(markdown)
	return links.ReplaceAllStringFunc(markdown, func(m string) string {
		sub := links.FindStringSubmatch(m)
		if sub[3] != "" {
			u, tail := trimURL(sub[3])
			return "<" + u + ">" + tail
		}
		text, u := strings.TrimSpace(sub[1]), sub[2]
		if !webURL(u) {
			// A title without an address is shown as the title alone.
			return text
		}
		if text == "" {
			return "<" + u + ">"
		}
		return "[" + text + "](<" + u + ">)"
	})
}

// trimURL splits the punctuation that ends a sentence off a bare URL.
func trimURL(u string) (string, string) {
	end := len(u)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(u[:end])
		if !strings.ContainsRune(".,;:!?)]'\"”’", r) {
			break
		}
		end -= size
	}
	return u[:end], u[end:]
}

// webURL reports whether u is an absolute http(s) address a masked link can point to.
func webURL(u string) bool {
	return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && len(u) > len("https://")
}

// noPings is the allowed_mentions of every message the bot sends or edits: an empty parse
// list (not a missing one, which would let Discord parse mentions) and no ping of the
// author replied to.
func noPings() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
