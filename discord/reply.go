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
	r.live = newLive(a.editEvery, a.typingEvery, r.showProgress, r.typing)
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
		if err := r.edit(ctx, id, text); err != nil {
			r.a.log.DebugContext(ctx, "discord: edit placeholder", "channel", r.channelID, "err", safeErr(err))
		}
		return
	}
	m, err := r.post(ctx, text)
	if err != nil {
		r.a.log.DebugContext(ctx, "discord: send placeholder", "channel", r.channelID, "err", safeErr(err))
		return
	}
	r.mu.Lock()
	r.placeholder = m.ID
	r.mu.Unlock()
}

// finish posts the reply, in as many messages as it takes: the placeholder, when there is
// one, becomes the first. A reply that cannot be posted becomes an apology.
func (r *messageReply) finish(ctx context.Context, reply chat.Reply) {
	r.stop()
	r.mu.Lock()
	id := r.placeholder
	r.mu.Unlock()
	pieces := render(reply.Markdown)
	if reply.Kind == chat.Ignore || len(pieces) == 0 {
		if id != "" {
			r.deliver(ctx, id, []string{apology})
		}
		return
	}
	r.deliver(ctx, id, pieces)
}

// deliver posts pieces, editing the placeholder id into the first when id is not empty.
func (r *messageReply) deliver(ctx context.Context, id string, pieces []string) {
	for n, p := range pieces {
		var err error
		if n == 0 && id != "" {
			err = r.edit(ctx, id, p)
		} else {
			_, err = r.post(ctx, p)
		}
		if err != nil {
			r.a.log.WarnContext(ctx, "discord: reply not posted", "message", r.refID, "piece", n+1, "of", len(pieces), "err", safeErr(err))
			r.fail(ctx, id)
			chat.Release(ctx, r.a.store, messageKey(r.refID), r.a.log)
			return
		}
	}
	r.a.log.InfoContext(ctx, "discord: answered", "message", r.refID, "pieces", len(pieces))
}

// fail tells the user the answer could not be posted, in the placeholder if there is one.
func (r *messageReply) fail(ctx context.Context, id string) {
	if ctx.Err() != nil {
		return
	}
	var err error
	if id != "" {
		err = r.edit(ctx, id, apology)
	}
	if id == "" || err != nil {
		_, err = r.post(ctx, apology)
	}
	if err != nil {
		r.a.log.WarnContext(ctx, "discord: apology not posted", "message", r.refID, "err", safeErr(err))
	}
}

// send posts text as a reply, logging a failure; for notices.
func (r *messageReply) send(ctx context.Context, text string) {
	if _, err := r.post(ctx, text); err != nil {
		r.a.log.WarnContext(ctx, "discord: notice not posted", "message", r.refID, "err", safeErr(err))
	}
}

// post sends text as a reply to the message answered, without pings or embeds.
func (r *messageReply) post(ctx context.Context, text string) (*discordgo.Message, error) {
	keep := false
	return r.a.rest().ChannelMessageSendComplex(r.channelID, &discordgo.MessageSend{
		Content: text,
		// The reply still goes out when the question has been deleted meanwhile.
		Reference:       &discordgo.MessageReference{MessageID: r.refID, ChannelID: r.channelID, FailIfNotExists: &keep},
		AllowedMentions: noPings(),
		Flags:           discordgo.MessageFlagsSuppressEmbeds,
	}, discordgo.WithContext(ctx))
}

// edit replaces the content of the bot's message id.
func (r *messageReply) edit(ctx context.Context, id, text string) error {
	_, err := r.a.rest().ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID:              id,
		Channel:         r.channelID,
		Content:         &text,
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
