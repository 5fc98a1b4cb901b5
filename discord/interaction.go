package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// onInteraction answers a slash command (see answerCommand) or records a click on a
// feedback button (see onComponent).
func (a *Adapter) onInteraction(ctx context.Context, ev *discordgo.InteractionCreate) {
	if ev == nil || ev.Interaction == nil {
		return
	}
	i := ev.Interaction
	if i.Type == discordgo.InteractionMessageComponent {
		if err := a.spawn(ctx, func(ctx context.Context) { a.onComponent(ctx, i) }); err != nil {
			a.log.WarnContext(ctx, "discord: vote not taken", "interaction", i.ID, "err", err)
		}
		return
	}
	if i.Type != discordgo.InteractionApplicationCommand {
		return
	}
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

// answerCommand answers a slash command. An answer ready within the placeholder delay is
// the interaction's response, one call; a slower one is deferred (Discord wants a response
// within 3 seconds) and the deferred response edited as the answer grows and into the
// reply. Answers are seen by the user alone unless Config.CommandsInChannel is set.
func (a *Adapter) answerCommand(ctx context.Context, i *discordgo.Interaction, msg chat.Message) {
	r := &commandReply{a: a, i: i, flags: discordgo.MessageFlagsSuppressEmbeds}
	if !a.cfg.CommandsInChannel {
		r.flags |= discordgo.MessageFlagsEphemeral
	}
	r.live = newLive(a.editEvery, a.typingEvery, 0, r.showProgress, nil)
	done := make(chan chat.Reply, 1)
	go func() {
		release, err := a.acquire(ctx)
		if err != nil {
			a.log.WarnContext(ctx, "discord: slash command not answered", "interaction", i.ID, "err", err)
			chat.Release(ctx, a.store, interactionKey(i.ID), a.log)
			done <- chat.Reply{Kind: chat.Ignore}
			return
		}
		reply := a.handle(ctx, msg, r.live.progress)
		// The slot bounds the answering; posting may wait out a rate limit without holding it.
		release()
		done <- reply
	}()
	wait := time.NewTimer(a.cfg.PlaceholderDelay)
	defer wait.Stop()
	select {
	case reply := <-done:
		r.respond(ctx, reply)
		return
	case <-wait.C:
	}
	err := a.rest().InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: noPings(), Flags: r.flags},
	}, discordgo.WithContext(ctx))
	if err != nil {
		// Without the deferral the interaction has no response left to edit.
		a.log.WarnContext(ctx, "discord: slash command not deferred", "interaction", i.ID, "err", safeErr(err))
		chat.Release(ctx, a.store, interactionKey(i.ID), a.log)
		<-done
		return
	}
	r.live.start(ctx)
	defer r.live.stop()
	r.finish(ctx, <-done)
}

// commandReply writes the answer to one slash command.
type commandReply struct {
	a     *Adapter
	i     *discordgo.Interaction
	flags discordgo.MessageFlags
	live  *live
}

// showProgress edits the deferred response with the beginning of the growing answer.
func (r *commandReply) showProgress(ctx context.Context, markdown string) {
	pieces := render(markdown)
	if len(pieces) == 0 {
		return
	}
	if err := r.edit(ctx, pieces[0]+" …", nil); err != nil {
		r.a.log.DebugContext(ctx, "discord: edit deferred response", "interaction", r.i.ID, "err", safeErr(err))
	}
}

// commandPieces returns the messages of a slash command's reply, an apology when it has none.
func commandPieces(reply chat.Reply) []string {
	pieces := render(reply.Markdown)
	if reply.Kind == chat.Ignore || len(pieces) == 0 {
		return []string{apology}
	}
	return pieces
}

// respond answers the interaction with the reply at once: its first piece is the
// response, the rest follow-up messages.
func (r *commandReply) respond(ctx context.Context, reply chat.Reply) {
	pieces := commandPieces(reply)
	var components []discordgo.MessageComponent
	if len(pieces) == 1 {
		components = r.a.buttons(reply.ID, chat.Tally{})
	}
	err := r.a.rest().InteractionRespond(r.i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: pieces[0], Components: components, AllowedMentions: noPings(), Flags: r.flags},
	}, discordgo.WithContext(ctx))
	if err != nil {
		r.a.log.WarnContext(ctx, "discord: slash command reply not posted", "interaction", r.i.ID, "err", safeErr(err))
		return
	}
	r.followUps(ctx, pieces, reply.ID)
}

// followUps sends the pieces after the first as follow-up messages, the feedback buttons
// under the last.
func (r *commandReply) followUps(ctx context.Context, pieces []string, id string) {
	for n := 1; n < len(pieces); n++ {
		var components []discordgo.MessageComponent
		if n == len(pieces)-1 {
			components = r.a.buttons(id, chat.Tally{})
		}
		_, err := r.a.rest().FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{
			Content: pieces[n], Components: components, AllowedMentions: noPings(), Flags: r.flags,
		}, discordgo.WithContext(ctx))
		if err != nil {
			r.a.log.WarnContext(ctx, "discord: slash command reply not posted", "interaction", r.i.ID, "piece", n+1, "of", len(pieces), "err", safeErr(err))
			r.fail(ctx, n)
			chat.Release(ctx, r.a.store, interactionKey(r.i.ID), r.a.log)
			return
		}
	}
	r.a.log.InfoContext(ctx, "discord: answered slash command", "interaction", r.i.ID, "pieces", len(pieces))
}

// finish edits the deferred response into the reply's first piece and sends the rest as
// follow-up messages; a reply that cannot be posted becomes an apology.
func (r *commandReply) finish(ctx context.Context, reply chat.Reply) {
	r.live.stop()
	pieces := commandPieces(reply)
	var components []discordgo.MessageComponent
	if len(pieces) == 1 {
		components = r.a.buttons(reply.ID, chat.Tally{})
	}
	if err := r.edit(ctx, pieces[0], components); err != nil {
		r.a.log.WarnContext(ctx, "discord: slash command reply not posted", "interaction", r.i.ID, "piece", 1, "of", len(pieces), "err", safeErr(err))
		r.fail(ctx, 0)
		return
	}
	r.followUps(ctx, pieces, reply.ID)
}

// fail tells the user the answer could not be posted: in the deferred response when its
// edit failed, else in a follow-up.
func (r *commandReply) fail(ctx context.Context, piece int) {
	if ctx.Err() != nil {
		return
	}
	err := errors.New("no attempt")
	if piece == 0 {
		err = r.edit(ctx, apology, nil)
	}
	if err != nil {
		_, err = r.a.rest().FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{
			Content: apology, AllowedMentions: noPings(), Flags: r.flags,
		}, discordgo.WithContext(ctx))
	}
	if err != nil {
		r.a.log.WarnContext(ctx, "discord: apology not posted", "interaction", r.i.ID, "err", safeErr(err))
	}
}

// edit replaces the content of the deferred response, with components when there are
// any. The link markup keeps links from unfurling, as this edit cannot carry message flags.
func (r *commandReply) edit(ctx context.Context, text string, components []discordgo.MessageComponent) error {
	e := &discordgo.WebhookEdit{Content: &text, AllowedMentions: noPings()}
	if components != nil {
		e.Components = &components
	}
	_, err := r.a.rest().InteractionResponseEdit(r.i, e, discordgo.WithContext(ctx))
	return err
}
