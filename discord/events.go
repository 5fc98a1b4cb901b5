package discord

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// Friendly lines for when the bot cannot answer.
const (
	apology    = "Sorry, something went wrong while answering. Please try again in a moment."
	busyNotice = "Sorry, I'm answering a lot of questions right now. Please ask again in a minute."
)

// onMessage answers a message when it is for the bot: a direct message, a mention in a
// guild channel, or a reply to one of the bot's messages.
func (a *Adapter) onMessage(ctx context.Context, ev *discordgo.MessageCreate) {
	if ev == nil || ev.Message == nil {
		return
	}
	m := ev.Message
	me := a.identity()
	msg, ok := toMessage(m, me.userID)
	if !ok {
		return
	}
	if !chat.Claim(ctx, a.store, messageKey(m.ID), a.log) {
		a.log.DebugContext(ctx, "discord: message seen already", "message", m.ID)
		return
	}
	ctx = chat.WithRequest(ctx, chat.Request{ID: chat.NewRequestID(), Platform: "discord"})
	a.log.InfoContext(ctx, "discord: message", "message", m.ID, "channel", m.ChannelID, "direct", msg.Direct)
	err := a.spawn(ctx, func(ctx context.Context) { a.answerMessage(ctx, m, msg, me.userID) })
	if err != nil {
		chat.Release(ctx, a.store, messageKey(m.ID), a.log)
	}
	if errors.Is(err, errBusy) {
		a.log.WarnContext(ctx, "discord: too busy, message turned away", "message", m.ID)
		r := &messageReply{a: a, channelID: m.ChannelID, refID: m.ID}
		r.send(ctx, busyNotice)
	} else if err != nil {
		a.log.InfoContext(ctx, "discord: message not answered", "message", m.ID, "err", err)
	}
}

// toMessage turns a Discord message into the chat core's, and reports whether the bot
// should answer it at all: not its own messages, nor other bots' or webhooks', nor
// system messages, nor guild messages that neither mention the bot nor reply to it.
// History and Conversation are filled in later, from the reply chain.
func toMessage(m *discordgo.Message, botID string) (chat.Message, bool) {
	if m.Author == nil || botID == "" || m.Author.ID == botID || m.Author.Bot || m.WebhookID != "" {
		return chat.Message{}, false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return chat.Message{}, false
	}
	direct := m.GuildID == ""
	mention := mentions(m, botID) || repliesTo(m, botID)
	if !direct && !mention {
		return chat.Message{}, false
	}
	return chat.Message{
		ID:      m.ID,
		Text:    stripMention(m.Content, botID),
		User:    "discord:" + m.Author.ID,
		Direct:  direct,
		Mention: mention,
	}, true
}

// mentions reports whether m mentions the user botID.
func mentions(m *discordgo.Message, botID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return false
}

// repliesTo reports whether m is a reply to a message of the user botID.
func repliesTo(m *discordgo.Message, botID string) bool {
	r := m.ReferencedMessage
	return r != nil && r.Author != nil && r.Author.ID == botID
}

// mentionSyntax matches a user mention, <@id> or the older nickname form <@!id>.
var mentionSyntax = regexp.MustCompile(`<@!?(\d+)>`)

// stripMention removes the mentions of the user botID from text, and the spaces they
// leave behind.
func stripMention(text, botID string) string {
	text = mentionSyntax.ReplaceAllStringFunc(text, func(s string) string {
		if mentionSyntax.FindStringSubmatch(s)[1] == botID {
			return " "
		}
		return s
	})
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// answerMessage answers one message, with the typing indicator or a growing placeholder
// while it works, as a reply to that message.
func (a *Adapter) answerMessage(ctx context.Context, m *discordgo.Message, msg chat.Message, botID string) {
	r := newMessageReply(a, m.ChannelID, m.ID)
	r.start(ctx)
	defer r.stop()

	root := ""
	if repliesTo(m, botID) || (m.MessageReference != nil && m.MessageReference.MessageID != "") {
		msg.History, root = a.history(ctx, m, botID)
		if root == "" {
			msg.History = nil
		}
	}
	switch {
	case msg.Direct:
		// A DM is one conversation: the core remembers its turns.
		msg.Conversation = "discord:" + m.ChannelID
	case root != "":
		// A reply chain in a channel is a conversation named by its first question.
		msg.Conversation = "discord:" + m.ChannelID + "/" + root
	case commandUser(m.ReferencedMessage, botID) != "":
		// A reply to a slash command's answer continues that user's slash commands.
		msg.Conversation = "discord:" + m.ChannelID + "/commands/" + commandUser(m.ReferencedMessage, botID)
	default:
		msg.Conversation = "discord:" + m.ChannelID + "/" + m.ID
	}

	release, err := a.acquire(ctx)
	if err != nil {
		a.log.WarnContext(ctx, "discord: message not answered", "message", m.ID, "err", err)
		chat.Release(ctx, a.store, messageKey(m.ID), a.log)
		return
	}
	defer release()
	reply := a.handle(ctx, msg, r.progress)
	// The slot bounds the answering; posting may wait out a rate limit without holding it.
	release()
	r.finish(ctx, reply)
}

// commandUser returns who used the slash command that m, a message of the bot, answers;
// "" when m is no such answer.
func commandUser(m *discordgo.Message, botID string) string {
	if m == nil || m.Author == nil || m.Author.ID != botID {
		return ""
	}
	switch {
	case m.InteractionMetadata != nil && m.InteractionMetadata.User != nil:
		return m.InteractionMetadata.User.ID
	case m.Interaction != nil && m.Interaction.User != nil:
		return m.Interaction.User.ID
	}
	return ""
}

// handle asks the handler for the reply, turning a panic into an apology.
func (a *Adapter) handle(ctx context.Context, m chat.Message, progress func(string)) (reply chat.Reply) {
	defer func() {
		if p := recover(); p != nil {
			// The panic's value may quote the message: only at debug level.
			a.log.ErrorContext(ctx, "discord: the handler failed", "message", m.ID)
			a.log.DebugContext(ctx, "discord: handler panic", "message", m.ID, "panic", p)
			reply = chat.Reply{Kind: chat.NoticeReply, Markdown: apology}
		}
	}()
	return a.handler.Handle(ctx, m, progress)
}
