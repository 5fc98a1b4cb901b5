package chat

import (
	"fmt"
	"strings"
)

// Command is what a message asks the bot to do.
type Command int

// The commands. Plain text is a question, so AskCommand is the zero value.
const (
	// AskCommand asks a question: "/ask QUESTION", or just the question.
	AskCommand Command = iota
	// SummaryCommand asks for the story in a few bullets: "/summary".
	SummaryCommand
	// SourcesCommand lists the articles: "/sources".
	SourcesCommand
	// HelpCommand explains the bot: "/help".
	HelpCommand
	// UnknownCommand is a "/word" the bot does not know.
	UnknownCommand
)

// String names the command as people type it, for logs and test failures.
func (c Command) String() string {
	switch c {
	case AskCommand:
		return "/ask"
	case SummaryCommand:
		return "/summary"
	case SourcesCommand:
		return "/sources"
	case HelpCommand:
		return "/help"
	case UnknownCommand:
		return "unknown"
	}
	return fmt.Sprintf("Command(%d)", int(c))
}

// commands maps each command's name, and the names people try for it, to the command.
var commands = map[string]Command{
	"ask":       AskCommand,
	"question":  AskCommand,
	"summary":   SummaryCommand,
	"summarize": SummaryCommand,
	"summarise": SummaryCommand,
	"sources":   SourcesCommand,
	"source":    SourcesCommand,
	"help":      HelpCommand,
	"start":     HelpCommand,
}

// bareWords are the messages that are a command without its slash when they are the whole
// message: people type "help" or "sources?" to a bot and expect the command, while a longer
// text that starts with such a word ("summary of the talks") stays a question. A greeting
// alone gets the help too, since it asks what the bot can do.
var bareWords = map[string]Command{
	"help":    HelpCommand,
	"summary": SummaryCommand,
	"sources": SourcesCommand,
	"hi":      HelpCommand,
	"hello":   HelpCommand,
	"hey":     HelpCommand,
}

// maxCommandName bounds the name of an unknown command echoed back to the user.
const maxCommandName = 32

// Parse reads a message's text as a command and its argument, cleaned (see Clean) and
// without the mentions it starts with.
// "/ask QUESTION" and plain text give AskCommand with the question (empty when there is
// none); commands are case-insensitive and "/summary", "/sources" and "/help" ignore any
// argument; an unknown "/word" gives UnknownCommand with "/word" as its argument. Text that
// starts with a slash but not with a command word ("/usr/bin is…") is a question.
func Parse(text string) (Command, string) {
	t := stripLeadingMentions(Clean(text))
	if cmd, ok := bareWords[strings.ToLower(strings.TrimRight(t, ".!?"))]; ok {
		return cmd, ""
	}
	if !strings.HasPrefix(t, "/") {
		return AskCommand, t
	}
	end := 1
	for end < len(t) && isNameByte(t[end]) {
		end++
	}
	name, rest := t[1:end], t[end:]
	if name == "" || (rest != "" && rest[0] != ' ' && rest[0] != ':') {
		return AskCommand, t
	}
	cmd, ok := commands[strings.ToLower(name)]
	if !ok {
		if len(name) > maxCommandName {
			name = name[:maxCommandName] + "…"
		}
		return UnknownCommand, "/" + name
	}
	if cmd != AskCommand {
		return cmd, ""
	}
	return AskCommand, strings.TrimLeft(rest, ": ")
}

// stripLeadingMentions removes the mentions a message starts with ("<@U0BOT>",
// "<@!123>"), with the punctuation people put after a name ("@bot, what…"): adapters strip
// the mention of the bot, but one that slips through must not turn "/summary" into a
// question.
func stripLeadingMentions(t string) string {
	for {
		t = strings.TrimLeft(t, ",:; ")
		if !strings.HasPrefix(t, "<@") {
			return t
		}
		end := strings.IndexByte(t, '>')
		if end < 0 || strings.ContainsAny(t[1:end], " <") {
			return t
		}
		t = t[end+1:]
	}
}

// isNameByte reports whether c may be part of a command's name.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
