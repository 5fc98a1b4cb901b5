package discord

// messageKey and interactionKey are the keys a message and a slash command are claimed
// under (chat.Claim): every session and copy of the bot that sees one sees the same id.
func messageKey(id string) string     { return "discord:message:" + id }
func interactionKey(id string) string { return "discord:interaction:" + id }
