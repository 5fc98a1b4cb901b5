package discord

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// messageReply writes the answer to one message, as replies to it in its channel.
type messageReply struct {
	a         *Adapter
	channelID string
	refID     string // the message answered
	live      *live

	mu          sync.Mutex
	placeholder string // the id of the message showing the growing answer, once sent
}

// newMessageReply returns the reply to message refID of channelID.
func newMessageReply(a *Adapter, channelID, refID string) *messageReply {
	r := &messageReply{a: a, channelID: channelID, refID: refID}
	r.live = newLive(a.editEvery, a.typingEvery, a.cfg.PlaceholderDelay, r.showProgress, r.typing)
	return r
}

// start shows the typing indicator until the answer starts to appear.
func (r *messageReply) start(ctx context.Context) { r.live.start(ctx) }

// stop ends the typing indicator and the placeholder's edits.
func (r *messageReply) stop() { r.live.stop() }

// progress receives the growing answer.
func (r *messageReply) progress(markdown string) { r.live.progress(markdown) }

func (r *messageReply) typing(ctx context.Context) {
	if err := r.a.rest().ChannelTyping(r.channelID, discordgo.WithContext(ctx)); err != nil {
		r.a.log.DebugContext(ctx, "discord: typing indicator", "channel", r.channelID, "err", safeErr(err))
	}
}

// showProgress sends or edits the placeholder with the beginning of the growing answer.
func (r *messageReply) showProgress(ctx context.Context, markdown string) {
	pieces := render(markdown)
	if len(pieces) == 0 {
		return
	}
	text := pieces[0] + " …"
	r.mu.Lock()
	id := r.placeholder
	r.mu.Unlock()
	if id != "" {
		if err := r.edit(ctx, id, text, nil); err != nil {
			r.a.log.DebugContext(ctx, "discord: edit placeholder", "channel", r.channelID, "err", safeErr(err))
		}
		return
	}
	m, err := r.post(ctx, text, nil)
	if err != nil {
		r.a.log.DebugContext(ctx, "discord: send placeholder", "channel", r.channelID, "err", safeErr(err))
		return
	}
	r.mu.Lock()
	r.placeholder = m.ID
	r.mu.Unlock()
}

// finish posts the reply, in as many messages as it takes: the placeholder, when there is
// one, becomes the first, and the last carries the feedback buttons. It returns the ids of
// the messages that hold the reply. A reply that cannot be posted becomes an apology.
func (r *messageReply) finish(ctx context.Context, reply chat.Reply) []string {
	r.stop()
	r.mu.Lock()
	id := r.placeholder
	r.mu.Unlock()
	pieces := render(reply.Markdown)
	if reply.Kind == chat.Ignore || len(pieces) == 0 {
		if id != "" {
			r.deliver(ctx, []string{id}, []string{apology}, "")
		}
		return nil
	}
	var old []string
	if id != "" {
		old = []string{id}
	}
	return r.deliver(ctx, old, pieces, reply.ID)
}

// deliver posts pieces, editing the bot's messages old into the first ones and deleting
// those left over; the last piece carries the feedback buttons of answer id. It returns
// the ids of the messages that hold the reply.
func (r *messageReply) deliver(ctx context.Context, old, pieces []string, answer string) []string {
	var ids []string
	for n, p := range pieces {
		var components []discordgo.MessageComponent
		if n == len(pieces)-1 {
			components = r.a.buttons(answer, chat.Tally{})
		}
		var err error
		if n < len(old) {
			err = r.edit(ctx, old[n], p, components)
			ids = append(ids, old[n])
		} else {
			var m *discordgo.Message
			if m, err = r.post(ctx, p, components); err == nil {
				ids = append(ids, m.ID)
			}
		}
		if err != nil {
			r.a.log.WarnContext(ctx, "discord: reply not posted", "message", r.refID, "piece", n+1, "of", len(pieces), "err", safeErr(err))
			first := ""
			if len(old) > 0 {
				first = old[0]
			}
			r.fail(ctx, first)
			chat.Release(ctx, r.a.store, messageKey(r.refID), r.a.log)
			return ids
		}
	}
	for _, id := range old[min(len(old), len(pieces)):] {
		if err := r.a.rest().ChannelMessageDelete(r.channelID, id, discordgo.WithContext(ctx)); err != nil {
			r.a.log.WarnContext(ctx, "discord: surplus piece not removed", "message", r.refID, "err", safeErr(err))
		}
	}
	r.a.log.InfoContext(ctx, "discord: answered", "message", r.refID, "pieces", len(pieces))
	return ids
}

// fail tells the user the answer could not be posted, in the placeholder if there is one.
func (r *messageReply) fail(ctx context.Context, id string) {
	if ctx.Err() != nil {
		return
	}
	var err error
	if id != "" {
		err = r.edit(ctx, id, apology, nil)
	}
	if id == "" || err != nil {
		_, err = r.post(ctx, apology, nil)
	}
	if err != nil {
		r.a.log.WarnContext(ctx, "discord: apology not posted", "message", r.refID, "err", safeErr(err))
	}
}

// send posts text as a reply, logging a failure; for notices.
func (r *messageReply) send(ctx context.Context, text string) {
	if _, err := r.post(ctx, text, nil); err != nil {
		r.a.log.WarnContext(ctx, "discord: notice not posted", "message", r.refID, "err", safeErr(err))
	}
}

// post sends text as a reply to the message answered, without pings or embeds, with
// components (the feedback buttons) when there are any.
func (r *messageReply) post(ctx context.Context, text string, components []discordgo.MessageComponent) (*discordgo.Message, error) {
	keep := false
	return r.a.rest().ChannelMessageSendComplex(r.channelID, &discordgo.MessageSend{
		Content:    text,
		Components: components,
		// The reply still goes out when the question has been deleted meanwhile.
		Reference:       &discordgo.MessageReference{MessageID: r.refID, ChannelID: r.channelID, FailIfNotExists: &keep},
		AllowedMentions: noPings(),
		Flags:           discordgo.MessageFlagsSuppressEmbeds,
	}, discordgo.WithContext(ctx))
}

// edit replaces the content of the bot's message id, and its components (none when nil).
func (r *messageReply) edit(ctx context.Context, id, text string, components []discordgo.MessageComponent) error {
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	_, err := r.a.rest().ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID:              id,
		Channel:         r.channelID,
		Content:         &text,
		Components:      &components,
		AllowedMentions: noPings(),
		Flags:           discordgo.MessageFlagsSuppressEmbeds,
	}, discordgo.WithContext(ctx))
	return err
}

// safeErr drops the URL from an HTTP client error before it is logged: an interaction's
// URL holds its token.
func safeErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}
