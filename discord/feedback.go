package discord

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

// votePrefix starts the custom_id of a feedback button: "storybot:vote:up:ANSWER".
const votePrefix = "storybot:vote:"

// voteTimeout bounds recording a vote: Discord wants the interaction answered within 3s.
const voteTimeout = 2 * time.Second

// Voter records votes on answers; *chat.Bot is one. A Handler that is also a Voter gets
// feedback buttons under its answers.
type Voter interface {
	Feedback(ctx context.Context, c chat.Click) (chat.Tally, error)
}

// voter returns the handler as a Voter when it records votes.
func (a *Adapter) voter() (Voter, bool) {
	v, ok := a.handler.(Voter)
	return v, ok
}

// buttons returns the feedback buttons for answer id, with the counts when there are any;
// nil when there is no id or no one counts the votes.
func (a *Adapter) buttons(id string, t chat.Tally) []discordgo.MessageComponent {
	if _, ok := a.voter(); !ok || id == "" {
		return nil
	}
	button := func(vote chat.Vote, emoji string, n int) discordgo.Button {
		b := discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: emoji}, CustomID: votePrefix + string(vote) + ":" + id}
		if n > 0 {
			b.Label = fmt.Sprint(n)
		}
		return b
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		button(chat.VoteUp, "👍", t.Up), button(chat.VoteDown, "👎", t.Down),
	}}}
}

// parseVote reads a feedback button's custom_id; ok is false for any other.
func parseVote(customID string) (chat.Vote, string, bool) {
	rest, ok := strings.CutPrefix(customID, votePrefix)
	if !ok {
		return "", "", false
	}
	vote, id, ok := strings.Cut(rest, ":")
	if !ok || !chat.Vote(vote).Valid() || id == "" {
		return "", "", false
	}
	return chat.Vote(vote), id, true
}

// onComponent records a click on a feedback button and answers the interaction by
// updating the message's buttons with the counts: one call, within Discord's 3 seconds,
// and no new message. When the vote cannot be recorded the voter alone is told.
func (a *Adapter) onComponent(ctx context.Context, i *discordgo.Interaction) {
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok {
		return
	}
	vote, id, ok := parseVote(data.CustomID)
	v, voting := a.voter()
	if !ok || !voting {
		return
	}
	if !chat.Claim(ctx, a.store, interactionKey(i.ID), a.log) {
		return
	}
	user := interactionUser(i)
	rctx, cancel := context.WithTimeout(ctx, voteTimeout)
	t, err := v.Feedback(rctx, chat.Click{Answer: id, Vote: vote, User: user, Platform: "discord"})
	cancel()
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage}
	if err != nil || i.Message == nil {
		if err != nil {
			a.log.WarnContext(ctx, "discord: vote not recorded", "interaction", i.ID, "err", err)
		}
		text := "Thanks for the feedback."
		if err != nil {
			text = "Sorry, I couldn't record that vote. Please try again."
		}
		resp = &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: text, AllowedMentions: noPings(), Flags: discordgo.MessageFlagsEphemeral},
		}
	} else {
		resp.Data = &discordgo.InteractionResponseData{
			Content: i.Message.Content, Components: a.buttons(id, t), AllowedMentions: noPings(),
		}
		a.log.InfoContext(ctx, "discord: vote recorded", "interaction", i.ID, "vote", string(vote))
	}
	if err := a.rest().InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		a.log.WarnContext(ctx, "discord: vote not acknowledged", "interaction", i.ID, "err", safeErr(err))
	}
}

// interactionUser returns who used an interaction: a member in a server, a user in a DM.
func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}
