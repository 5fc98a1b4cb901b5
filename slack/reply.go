package slack

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"storybot/chat"
)

// The bot's own lines.
const (
	// placeholder is posted when an answer takes longer than Config.PlaceholderDelay, and
	// edited into the answer.
	placeholder = "Looking into it…"
	// apology replaces silence when answering fails.
	apology = "Sorry, something went wrong while answering. Please try again in a moment."
)

// maxResponses is how many messages one slash command may post: Slack accepts five uses
// of a response_url.
const maxResponses = 5

// answer replies to a message in its DM or thread. A reply ready within the placeholder
// delay is posted as it is, one call; a slower one gets a placeholder, edited as the answer
// grows and then into the answer, with any further pieces posted below it. The last piece
// carries the feedback buttons.
func (a *Adapter) answer(ctx context.Context, m chat.Message, t target) {
	start := time.Now()
	if t.ReadThread {
		var err error
		if m.History, err = a.history(ctx, t.Channel, t.Thread, t.TS); err != nil {
			// Without the thread the core falls back to the turns it remembers.
			a.log.WarnContext(ctx, "slack: thread context unavailable", "channel", t.Channel, "err", err)
		}
	}
	var ph string // the placeholder's ts, once posted
	ed := newEditor(a.cfg.ProgressInterval, func(text string) {
		if err := a.update(ctx, t.Channel, ph, text, false); err != nil {
			a.log.DebugContext(ctx, "slack: progress edit failed", "channel", t.Channel, "err", err)
		}
	})
	done := make(chan chat.Reply, 1)
	go func() { done <- a.handle(ctx, m, ed.progress) }()
	var reply chat.Reply
	wait := time.NewTimer(a.cfg.PlaceholderDelay)
	select {
	case reply = <-done:
		wait.Stop()
	case <-wait.C:
		var err error
		if ph, err = a.post(ctx, t.Channel, t.Thread, placeholder); err != nil {
			a.log.WarnContext(ctx, "slack: placeholder not posted", "channel", t.Channel, "err", err)
		}
		if ph != "" {
			go ed.run()
		}
		reply = <-done
		if ph != "" {
			ed.stop()
		}
	}
	if reply.Kind == chat.Ignore {
		if ph != "" {
			if err := a.remove(ctx, t.Channel, ph); err != nil {
				a.log.WarnContext(ctx, "slack: placeholder not removed", "channel", t.Channel, "err", err)
			}
		}
		return
	}
	pieces := render(reply.Markdown)
	if len(pieces) == 0 {
		pieces = []string{apology}
	}
	replies, err := a.deliver(ctx, t, ph, pieces, reply.ID)
	if len(replies) > 0 {
		a.answered.Add(t.Channel+"/"+t.TS, m.User, t.Raw, replies)
		if t.Thread != "" {
			a.threads.Add(t.Channel+"/"+t.Thread, "", "", replies)
		}
	}
	if err != nil {
		a.log.ErrorContext(ctx, "slack: reply not delivered", "channel", t.Channel, "err", err)
		chat.Release(ctx, a.store, m.ID, a.log)
		return
	}
	a.log.InfoContext(ctx, "slack: answered", "channel", t.Channel, "kind", reply.Kind,
		"pieces", len(pieces), "placeholder", ph != "", "took", time.Since(start).Round(time.Millisecond))
}

// deliver edits the placeholder into the first piece (or posts it when there is no
// placeholder or the edit fails) and posts the other pieces in the same place, the
// feedback buttons for answer id under the last. It returns the ts of the messages that
// hold the reply. When the first piece cannot be delivered, it tries to leave an apology
// instead of silence.
func (a *Adapter) deliver(ctx context.Context, t target, ph string, pieces []string, id string) ([]string, error) {
	opts := func(i int) []slack.MsgOption {
		if i == len(pieces)-1 {
			return a.withButtons(pieces[i], id)
		}
		return nil
	}
	var replies []string
	var first error
	if ph != "" {
		if first = a.update(ctx, t.Channel, ph, pieces[0], true, opts(0)...); first == nil {
			replies = append(replies, ph)
		}
	}
	if ph == "" || first != nil {
		if ph != "" {
			a.log.WarnContext(ctx, "slack: placeholder not edited, posting instead", "channel", t.Channel, "err", first)
		}
		var ts string
		if ts, first = a.post(ctx, t.Channel, t.Thread, pieces[0], opts(0)...); first == nil {
			replies = append(replies, ts)
			if ph != "" {
				// The answer stands on its own; a placeholder left behind would look stuck.
				if err := a.remove(ctx, t.Channel, ph); err != nil {
					a.log.WarnContext(ctx, "slack: placeholder not removed", "channel", t.Channel, "err", err)
				}
			}
		}
	}
	if first != nil {
		if ph != "" {
			if err := a.update(ctx, t.Channel, ph, apology, true); err == nil {
				return nil, fmt.Errorf("deliver reply, apologised: %w", first)
			}
		} else if _, err := a.post(ctx, t.Channel, t.Thread, apology); err == nil {
			return nil, fmt.Errorf("deliver reply, apologised: %w", first)
		}
		return nil, fmt.Errorf("deliver reply: %w", first)
	}
	for i, p := range pieces[1:] {
		ts, err := a.post(ctx, t.Channel, t.Thread, p, opts(i+1)...)
		if err != nil {
			return replies, fmt.Errorf("deliver piece %d of %d: %w", i+2, len(pieces), err)
		}
		replies = append(replies, ts)
	}
	return replies, nil
}

// reanswer answers an edited question in the bot's messages old that held the answer to
// it: edited in place, pieces posted or removed as the new answer is longer or shorter.
func (a *Adapter) reanswer(ctx context.Context, m chat.Message, t target, old []string) {
	if t.ReadThread {
		var err error
		if m.History, err = a.history(ctx, t.Channel, t.Thread, t.TS); err != nil {
			a.log.WarnContext(ctx, "slack: thread context unavailable", "channel", t.Channel, "err", err)
		}
	}
	reply := a.handle(ctx, m, nil)
	if reply.Kind == chat.Ignore {
		return
	}
	pieces := render(reply.Markdown)
	if len(pieces) == 0 {
		pieces = []string{apology}
	}
	var replies []string
	for i, p := range pieces {
		var opts []slack.MsgOption
		if i == len(pieces)-1 {
			opts = a.withButtons(p, reply.ID)
		}
		if i < len(old) {
			if err := a.update(ctx, t.Channel, old[i], p, true, opts...); err != nil {
				a.log.WarnContext(ctx, "slack: answer not edited", "channel", t.Channel, "err", err)
				return
			}
			replies = append(replies, old[i])
			continue
		}
		ts, err := a.post(ctx, t.Channel, t.Thread, p, opts...)
		if err != nil {
			a.log.WarnContext(ctx, "slack: piece of an edited answer not posted", "channel", t.Channel, "err", err)
			break
		}
		replies = append(replies, ts)
	}
	for _, ts := range old[min(len(pieces), len(old)):] {
		if err := a.remove(ctx, t.Channel, ts); err != nil {
			a.log.WarnContext(ctx, "slack: surplus piece not removed", "channel", t.Channel, "err", err)
		}
	}
	a.answered.SetReplies(t.Channel+"/"+t.TS, replies)
	a.log.InfoContext(ctx, "slack: re-answered an edited question", "channel", t.Channel, "pieces", len(pieces))
}

// unanswer removes the bot's messages that answered a deleted question.
func (a *Adapter) unanswer(ctx context.Context, channel string, replies []string) {
	for _, ts := range replies {
		if err := a.remove(ctx, channel, ts); err != nil {
			a.log.WarnContext(ctx, "slack: answer to a deleted question not removed", "channel", channel, "err", err)
		}
	}
	a.log.InfoContext(ctx, "slack: removed the answer to a deleted question", "channel", channel, "pieces", len(replies))
}

// command answers a slash command through its response_url (already acknowledged),
// visible to the user alone unless Config.CommandsInChannel is set.
func (a *Adapter) command(ctx context.Context, m chat.Message, responseURL string) {
	start := time.Now()
	reply := a.handle(ctx, m, nil)
	pieces := render(reply.Markdown)
	if reply.Kind == chat.Ignore || len(pieces) == 0 {
		pieces = []string{apology}
	}
	if len(pieces) > maxResponses {
		pieces = append(pieces[:maxResponses-1], pieces[maxResponses-1]+"\n_(reply cut short)_")
	}
	for i, p := range pieces {
		var bl []slack.Block
		if _, ok := a.voter(); ok && reply.ID != "" && i == len(pieces)-1 {
			bl = blocks(p, reply.ID, chat.Tally{})
		}
		if err := a.respondTo(ctx, responseURL, p, a.cfg.CommandsInChannel, bl); err != nil {
			a.log.ErrorContext(ctx, "slack: command reply not delivered", "piece", i+1, "of", len(pieces), "err", err)
			if i == 0 {
				_ = a.respondTo(ctx, responseURL, apology, false, nil)
				chat.Release(ctx, a.store, m.ID, a.log)
			}
			return
		}
	}
	a.log.InfoContext(ctx, "slack: answered command", "kind", reply.Kind, "pieces", len(pieces),
		"took", time.Since(start).Round(time.Millisecond))
}

// handle asks the handler, turning a panic into an apology: one bad message must not take
// the bot down or leave the user without a word.
func (a *Adapter) handle(ctx context.Context, m chat.Message, progress func(string)) (reply chat.Reply) {
	defer func() {
		if r := recover(); r != nil {
			a.log.ErrorContext(ctx, "slack: handler panicked", "panic", fmt.Sprint(r))
			reply = chat.Reply{Kind: chat.NoticeReply, Markdown: apology}
		}
	}()
	return a.h.Handle(ctx, m, progress)
}

// editor edits a placeholder with the growing answer, at most once per interval, in its
// own goroutine so a slow edit never holds up the answer.
type editor struct {
	interval time.Duration
	edit     func(text string)

	mu     sync.Mutex
	latest string
	fresh  bool

	kick chan struct{}
	quit chan struct{}
	done chan struct{}
}

func newEditor(interval time.Duration, edit func(string)) *editor {
	return &editor{
		interval: interval, edit: edit,
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}),
	}
}

// progress records the answer so far (Markdown) for the next edit. It is cheap: the
// rendering waits for the edit, so a fast stream of progress costs one render a second.
func (e *editor) progress(markdown string) {
	e.mu.Lock()
	e.latest, e.fresh = markdown, true
	e.mu.Unlock()
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// run edits until stop; the final edit happens after stop returns, so it always wins.
func (e *editor) run() {
	defer close(e.done)
	for {
		select {
		case <-e.quit:
			return
		case <-e.kick:
		}
		e.mu.Lock()
		markdown, fresh := e.latest, e.fresh
		e.fresh = false
		e.mu.Unlock()
		if pieces := render(markdown); fresh && len(pieces) > 0 {
			text := pieces[0]
			if len(pieces) > 1 {
				text += " …"
			}
			e.edit(text)
		}
		t := time.NewTimer(e.interval)
		select {
		case <-e.quit:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// stop ends run and waits for an edit in progress to finish.
func (e *editor) stop() {
	close(e.quit)
	<-e.done
}
