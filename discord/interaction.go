package discord

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// onInteraction answers a slash command: deferred at once, since Discord wants an answer
// within 3 seconds, then the deferred response is edited into the reply.
func (a *Adapter) onInteraction(ctx context.Context, ev *discordgo.InteractionCreate) {
	if ev == nil || ev.Interaction == nil || ev.Type != discordgo.InteractionApplicationCommand {
		return
	}
	i := ev.Interaction
	msg, ok := toCommand(i)
	if !ok {
		return
	}
	if !chat.Claim(ctx, a.store, interactionKey(i.ID), a.log) {
		a.log.DebugContext(ctx, "discord: interaction seen already", "interaction", i.ID)
		return
	}
	ctx = chat.WithRequest(ctx, chat.Request{ID: chat.NewRequestID(), Platform: "discord"})
	a.log.InfoContext(ctx, "discord: slash command", "interaction", i.ID, "channel", i.ChannelID, "direct", msg.Direct)
	err := a.spawn(ctx, func(ctx context.Context) { a.answerCommand(ctx, i, msg) })
	if err != nil {
		chat.Release(ctx, a.store, interactionKey(i.ID), a.log)
	}
	if errors.Is(err, errBusy) {
		a.log.WarnContext(ctx, "discord: too busy, slash command turned away", "interaction", i.ID)
		err := a.rest().InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content: busyNotice, AllowedMentions: noPings(),
				Flags: discordgo.MessageFlagsEphemeral | discordgo.MessageFlagsSuppressEmbeds,
			},
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.WarnContext(ctx, "discord: busy notice not posted", "interaction", i.ID, "err", safeErr(err))
		}
	} else if err != nil {
		a.log.InfoContext(ctx, "discord: slash command not answered", "interaction", i.ID, "err", err)
	}
}

// toCommand turns a slash command into the chat core's message, and reports whether it
// is one of the bot's commands.
func toCommand(i *discordgo.Interaction) (chat.Message, bool) {
	// A payload that failed to decode leaves Data nil.
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return chat.Message{}, false
	}
	text := commandText(data)
	if text == "" {
		return chat.Message{}, false
	}
	var user string
	switch {
	case i.Member != nil && i.Member.User != nil:
		user = i.Member.User.ID
	case i.User != nil:
		user = i.User.ID
	}
	m := chat.Message{
		ID:      i.ID,
		Text:    text,
		User:    "discord:" + user,
		Direct:  i.GuildID == "",
		Mention: true,
	}
	if m.Direct {
		m.Conversation = "discord:" + i.ChannelID
	} else {
		// One user's slash commands in a channel follow on from each other, as in Slack.
		m.Conversation = "discord:" + i.ChannelID + "/commands/" + user
	}
	return m, true
}

// answerCommand defers the interaction, then edits the deferred response into the reply.
func (a *Adapter) answerCommand(ctx context.Context, i *discordgo.Interaction, msg chat.Message) {
	r := &commandReply{a: a, i: i}
	err := a.rest().InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: noPings(), Flags: discordgo.MessageFlagsSuppressEmbeds},
	}, discordgo.WithContext(ctx))
	if err != nil {
		// Without the deferral the interaction has no response left to edit.
		a.log.WarnContext(ctx, "discord: slash command not deferred", "interaction", i.ID, "err", safeErr(err))
		chat.Release(ctx, a.store, interactionKey(i.ID), a.log)
		return
	}
	r.live = newLive(a.editEvery, a.typingEvery, r.showProgress, nil)
	r.live.start(ctx)
	defer r.live.stop()

	release, err := a.acquire(ctx)
	if err != nil {
		a.log.WarnContext(ctx, "discord: slash command not answered", "interaction", i.ID, "err", err)
		chat.Release(ctx, a.store, interactionKey(i.ID), a.log)
		return
	}
	defer release()
	reply := a.handle(ctx, msg, r.live.progress)
	// The slot bounds the answering; posting may wait out a rate limit without holding it.
	release()
	r.finish(ctx, reply)
}

// commandReply writes the answer to one slash command.
type commandReply struct {
	a    *Adapter
	i    *discordgo.Interaction
	live *live
}

// showProgress edits the deferred response with the beginning of the growing answer.
func (r *commandReply) showProgress(ctx context.Context, markdown string) {
	pieces := render(markdown)
	if len(pieces) == 0 {
		return
	}
	if err := r.edit(ctx, pieces[0]+" …"); err != nil {
		r.a.log.DebugContext(ctx, "discord: edit deferred response", "interaction", r.i.ID, "err", safeErr(err))
	}
}

// finish edits the deferred response into the reply's first piece and sends the rest as
// follow-up messages; a reply that cannot be posted becomes an apology.
func (r *commandReply) finish(ctx context.Context, reply chat.Reply) {
	r.live.stop()
	pieces := render(reply.Markdown)
	if reply.Kind == chat.Ignore || len(pieces) == 0 {
		pieces = []string{apology}
	}
	for n, p := range pieces {
		var err error
		if n == 0 {
			err = r.edit(ctx, p)
		} else {
			_, err = r.a.rest().FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{
				Content: p, AllowedMentions: noPings(), Flags: discordgo.MessageFlagsSuppressEmbeds,
			}, discordgo.WithContext(ctx))
		}
		if err != nil {
			r.a.log.WarnContext(ctx, "discord: slash command reply not posted", "interaction", r.i.ID, "piece", n+1, "of", len(pieces), "err", safeErr(err))
			r.fail(ctx, n)
			chat.Release(ctx, r.a.store, interactionKey(r.i.ID), r.a.log)
			return
		}
	}
	r.a.log.InfoContext(ctx, "discord: answered slash command", "interaction", r.i.ID, "pieces", len(pieces))
}

// fail tells the user the answer could not be posted: in the deferred response when its
// edit failed, else in a follow-up.
func (r *commandReply) fail(ctx context.Context, piece int) {
	if ctx.Err() != nil {
		return
	}
	err := errors.New("no attempt")
	if piece == 0 {
		err = r.edit(ctx, apology)
	}
	if err != nil {
		_, err = r.a.rest().FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{
			Content: apology, AllowedMentions: noPings(), Flags: discordgo.MessageFlagsSuppressEmbeds,
		}, discordgo.WithContext(ctx))
	}
	if err != nil {
		r.a.log.WarnContext(ctx, "discord: apology not posted", "interaction", r.i.ID, "err", safeErr(err))
	}
}

// edit replaces the content of the deferred response. The link markup keeps links from
// unfurling, as this edit cannot carry message flags.
func (r *commandReply) edit(ctx context.Context, text string) error {
	_, err := r.a.rest().InteractionResponseEdit(r.i, &discordgo.WebhookEdit{
		Content: &text, AllowedMentions: noPings(),
	}, discordgo.WithContext(ctx))
	return err
}
