package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// onMessageUpdate re-answers a question its asker edited within the edit window: the
// bot's own messages that held the answer are edited into the new one. An update that
// does not change the text (an embed appearing) does nothing, nor does one by anyone but
// the asker, nor one Discord delivers again.
func (a *Adapter) onMessageUpdate(ctx context.Context, ev *discordgo.MessageUpdate) {
	if ev == nil || ev.Message == nil || ev.Author == nil || ev.EditedTimestamp == nil {
		// A partial update without its author, or one that is no edit of the text (an
		// embed appearing), says nothing new about the question.
		return
	}
	m := ev.Message
	me := a.identity()
	msg, ok := toMessage(m, me.userID)
	if !ok {
		return
	}
	// discordgo hands each event to a goroutine of its own: the edit time keeps an
	// earlier edit handled late from undoing a later one.
	q, ok := a.answered.Edit(m.ChannelID+"/"+m.ID, m.Author.ID, m.Content, *m.EditedTimestamp)
	if !ok {
		return
	}
	msg.Edited = true
	a.log.InfoContext(ctx, "discord: question edited", "message", m.ID, "channel", m.ChannelID)
	err := a.spawn(ctx, func(ctx context.Context) {
		a.converse(ctx, m, &msg, me.userID)
		release, err := a.acquire(ctx)
		if err != nil {
			a.log.WarnContext(ctx, "discord: edited question not answered", "message", m.ID, "err", err)
			return
		}
		reply := a.handle(ctx, msg, nil)
		release()
		r := &messageReply{a: a, channelID: m.ChannelID, refID: m.ID}
		pieces := render(reply.Markdown)
		if len(pieces) == 0 {
			pieces = []string{apology}
		}
		if ids := r.deliver(ctx, q.Replies, pieces, reply.ID); len(ids) > 0 {
			a.answered.SetReplies(m.ChannelID+"/"+m.ID, ids)
		}
	})
	if err != nil {
		a.log.InfoContext(ctx, "discord: edited question not answered", "message", m.ID, "err", err)
	}
}

// onMessageDelete removes the bot's answer to a question deleted within the edit window,
// once.
func (a *Adapter) onMessageDelete(ctx context.Context, ev *discordgo.MessageDelete) {
	if ev == nil || ev.Message == nil {
		return
	}
	q, ok := a.answered.Delete(ev.ChannelID + "/" + ev.ID)
	if !ok {
		return
	}
	err := a.spawn(ctx, func(ctx context.Context) {
		for _, id := range q.Replies {
			if err := a.rest().ChannelMessageDelete(ev.ChannelID, id, discordgo.WithContext(ctx)); err != nil {
				a.log.WarnContext(ctx, "discord: answer to a deleted question not removed", "message", ev.ID, "err", safeErr(err))
			}
		}
		a.log.InfoContext(ctx, "discord: removed the answer to a deleted question", "message", ev.ID, "pieces", len(q.Replies))
	})
	if err != nil {
		a.log.InfoContext(ctx, "discord: answer to a deleted question left", "message", ev.ID, "err", err)
	}
}
