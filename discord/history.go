package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"storybot"
)

// history reads a conversation back from Discord: m replies to an answer of the bot,
// which replies to the question it answered, which may reply to an earlier answer, and so
// on. It follows that chain for at most historyDepth turns and returns them oldest first,
// with the id of the chain's first question, which names the conversation. It returns no
// root when m does not continue a conversation with the bot.
func (a *Adapter) history(ctx context.Context, m *discordgo.Message, botID string) ([]storybot.Turn, string) {
	var turns []storybot.Turn
	root := ""
	answer := a.referenced(ctx, m)
	for len(turns) < a.historyDepth && answer != nil && answer.Author != nil && answer.Author.ID == botID {
		question := a.referenced(ctx, answer)
		if question == nil || question.Author == nil || question.Author.ID == botID {
			// An answer to a slash command refers to no message: its question is unknown.
			break
		}
		turns = append(turns, storybot.Turn{
			Question: questionText(question.Content, botID),
			Answer:   answer.Content,
		})
		root = question.ID
		answer = a.referenced(ctx, question)
	}
	// Oldest first.
	for i, j := 0, len(turns)-1; i < j; i, j = i+1, j-1 {
		turns[i], turns[j] = turns[j], turns[i]
	}
	return turns, root
}

// referenced returns the message m replies to: the copy Discord sent along, or the one
// read back through the REST API. It returns nil when m replies to nothing or the
// message cannot be read (deleted, or no permission to read the history).
func (a *Adapter) referenced(ctx context.Context, m *discordgo.Message) *discordgo.Message {
	if m.ReferencedMessage != nil {
		return m.ReferencedMessage
	}
	ref := m.MessageReference
	if ref == nil || ref.MessageID == "" || (ref.Type != discordgo.MessageReferenceTypeDefault) {
		return nil
	}
	channel := ref.ChannelID
	if channel == "" {
		channel = m.ChannelID
	}
	if channel != m.ChannelID {
		// A reply across channels is a forward or a crosspost, not a conversation.
		return nil
	}
	got, err := a.rest().ChannelMessage(channel, ref.MessageID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Debug("discord: read replied-to message", "message", ref.MessageID, "err", safeErr(err))
		return nil
	}
	return got
}

// questionText is the question of an earlier turn: its text without the bot's mention or
// the /ask command.
func questionText(content, botID string) string {
	q := stripMention(content, botID)
	if rest, ok := strings.CutPrefix(q, "/ask"); ok && (rest == "" || rest[0] == ' ') {
		q = strings.TrimSpace(rest)
	}
	return q
}
