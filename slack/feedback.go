package slack

import (
	"context"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"storybot/chat"
)

// The action ids of the feedback buttons; their value is the answer's id.
const (
	actionUp   = "storybot_vote_up"
	actionDown = "storybot_vote_down"
)

// feedbackBlock is the block id of the buttons, so a vote can find them again.
const feedbackBlock = "storybot_feedback"

// thanks is the quiet reply to a vote on a message that cannot be edited (an ephemeral
// slash command answer): seen by the voter alone.
const thanks = "Thanks for the feedback."

// voteTimeout bounds recording one vote.
const voteTimeout = 5 * time.Second

// Voter records votes on answers; *chat.Bot is one. A Handler that is also a Voter gets
// feedback buttons under its answers.
type Voter interface {
	Feedback(ctx context.Context, c chat.Click) (chat.Tally, error)
}

// blocks lays out an answer's text with its feedback buttons, counts shown when there are
// any. Slack shows the blocks and keeps the text for notifications; a section holds 3,000
// characters, so longer text takes several.
func blocks(text, id string, t chat.Tally) []slack.Block {
	var out []slack.Block
	for _, part := range chat.Split(text, 3000) {
		out = append(out, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, false), nil, nil))
	}
	label := func(emoji string, n int) *slack.TextBlockObject {
		if n > 0 {
			emoji = fmt.Sprintf("%s %d", emoji, n)
		}
		return slack.NewTextBlockObject(slack.PlainTextType, emoji, true, false)
	}
	up := slack.NewButtonBlockElement(actionUp, id, label("👍", t.Up))
	down := slack.NewButtonBlockElement(actionDown, id, label("👎", t.Down))
	up.AccessibilityLabel, down.AccessibilityLabel = "Helpful", "Not helpful"
	return append(out, slack.NewActionBlock(feedbackBlock, up, down))
}

// voter returns the handler as a Voter when it records votes.
func (a *Adapter) voter() (Voter, bool) {
	v, ok := a.h.(Voter)
	return v, ok
}

// withButtons returns the options that put the feedback buttons for answer id under
// text; none when there is no id or no one to count the votes.
func (a *Adapter) withButtons(text, id string) []slack.MsgOption {
	if _, ok := a.voter(); !ok || id == "" {
		return nil
	}
	return []slack.MsgOption{slack.MsgOptionBlocks(blocks(text, id, chat.Tally{})...)}
}

// click is a press of a feedback button read from an interaction payload.
type click struct {
	vote    chat.Vote
	answer  string
	user    string
	channel string
	// ts is the message holding the buttons; empty for an ephemeral message.
	ts          string
	text        string
	responseURL string
}

// clicks returns the feedback button presses of an interaction payload.
func clicks(cb slack.InteractionCallback) []click {
	if cb.Type != slack.InteractionTypeBlockActions {
		return nil
	}
	var out []click
	for _, act := range cb.ActionCallback.BlockActions {
		if act == nil {
			continue
		}
		c := click{answer: act.Value, user: cb.User.ID, responseURL: cb.ResponseURL, text: cb.Message.Text}
		switch act.ActionID {
		case actionUp:
			c.vote = chat.VoteUp
		case actionDown:
			c.vote = chat.VoteDown
		default:
			continue
		}
		c.channel = cb.Container.ChannelID
		if c.channel == "" {
			c.channel = cb.Channel.ID
		}
		if !cb.Container.IsEphemeral {
			c.ts = cb.Container.MessageTs
			if c.ts == "" {
				c.ts = cb.Message.Timestamp
			}
		}
		out = append(out, c)
	}
	return out
}

// onInteraction records the votes of an interaction payload, already acknowledged, and
// shows the counts on the message (or thanks the voter alone when the message cannot be
// edited). Nothing new is posted in the channel.
func (a *Adapter) onInteraction(ctx, work context.Context, cb slack.InteractionCallback) {
	v, ok := a.voter()
	if !ok {
		return
	}
	for _, c := range clicks(cb) {
		if c.user == "" {
			continue
		}
		a.dispatch(ctx, work, "", func(ctx context.Context) { a.vote(ctx, v, c) })
	}
}

// vote records one click and shows its effect.
func (a *Adapter) vote(ctx context.Context, v Voter, c click) {
	rctx, cancel := context.WithTimeout(ctx, voteTimeout)
	t, err := v.Feedback(rctx, chat.Click{Answer: c.answer, Vote: c.vote, User: c.user, Platform: "slack"})
	cancel()
	if err != nil {
		a.log.WarnContext(ctx, "slack: vote not recorded", "err", err)
		if validResponseURL(c.responseURL) {
			_ = a.respondTo(ctx, c.responseURL, "Sorry, I couldn't record that vote. Please try again.", false, nil)
		}
		return
	}
	a.log.InfoContext(ctx, "slack: vote recorded", "vote", string(c.vote))
	if c.ts != "" && c.channel != "" && c.text != "" {
		opts := append(msgOptions(c.text), slack.MsgOptionBlocks(blocks(c.text, c.answer, t)...))
		err := a.retry(ctx, "show votes", func(ctx context.Context) error {
			_, _, _, err := a.api.UpdateMessageContext(ctx, c.channel, c.ts, opts...)
			return err
		})
		if err == nil {
			return
		}
		a.log.WarnContext(ctx, "slack: votes not shown", "channel", c.channel, "err", err)
	}
	if validResponseURL(c.responseURL) {
		if err := a.respondTo(ctx, c.responseURL, thanks, false, nil); err != nil {
			a.log.WarnContext(ctx, "slack: thanks not sent", "err", err)
		}
	}
}
