package chat

import (
	"regexp"
	"strings"
)

// pings matches text that would notify people on some platform: @everyone and @here
// (Discord, Slack), Slack's <!channel>, <!here>, <!everyone>, <!subteam^…> and <@U…>, and
// Discord's <@123>, <@!123> and <@&123>.
var pings = regexp.MustCompile(`(?i)@(everyone|here|channel)\b|<(!|@|#)[^>\s]*>`)

// Neutralize makes every mention in s inert, so no reply of the bot can notify anyone:
// a zero-width joiner goes after each "@", and the angle brackets of platform mention
// syntax are replaced with look-alike characters.
func Neutralize(s string) string {
	return pings.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "<") {
			return "‹" + strings.ReplaceAll(m[1:len(m)-1], "@", "@\u200d") + "›"
		}
		return "@\u200d" + m[1:]
	})
}
