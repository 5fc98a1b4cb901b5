package slack

import (
	"context"
	"fmt"
	"sync"
	"time"

	"storybot/chat"
)

// The bot's own lines.
const (
	// placeholder is posted at once and edited into the answer.
	placeholder = "Looking into it…"
	// apology replaces silence when answering fails.
	apology = "Sorry, something went wrong while answering. Please try again in a moment."
)

// maxResponses is how many messages one slash command may post: Slack accepts five uses
// of a response_url.
const maxResponses = 5

// answer replies to a message in its DM or thread: a placeholder first, edited as the
// answer grows and then into the answer, with any further pieces posted below it.
func (a *Adapter) answer(ctx context.Context, m chat.Message, t target) {
	start := time.Now()
	ph, err := a.post(ctx, t.Channel, t.Thread, placeholder)
	if err != nil {
		a.log.WarnContext(ctx, "slack: placeholder not posted", "channel", t.Channel, "err", err)
	}
	if t.ReadThread {
		if m.History, err = a.history(ctx, t.Channel, t.Thread, t.TS); err != nil {
			// Without the thread the core falls back to the turns it remembers.
			a.log.WarnContext(ctx, "slack: thread context unavailable", "channel", t.Channel, "err", err)
		}
	}
	var ed *editor
	var progress func(string)
	if ph != "" {
		ed = newEditor(a.cfg.ProgressInterval, func(text string) {
			if err := a.update(ctx, t.Channel, ph, text, false); err != nil {
				a.log.DebugContext(ctx, "slack: progress edit failed", "channel", t.Channel, "err", err)
			}
		})
		go ed.run()
		progress = ed.progress
	}
	reply := a.handle(ctx, m, progress)
	if ed != nil {
		ed.stop()
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
	if err := a.deliver(ctx, t, ph, pieces); err != nil {
		a.log.ErrorContext(ctx, "slack: reply not delivered", "channel", t.Channel, "err", err)
		chat.Release(ctx, a.store, m.ID, a.log)
		return
	}
	a.log.InfoContext(ctx, "slack: answered", "channel", t.Channel, "kind", reply.Kind,
		"pieces", len(pieces), "took", time.Since(start).Round(time.Millisecond))
}

// deliver edits the placeholder into the first piece (or posts it when there is no
// placeholder or the edit fails) and posts the other pieces in the same place. When the
// first piece cannot be delivered, it tries to leave an apology instead of silence.
func (a *Adapter) deliver(ctx context.Context, t target, ph string, pieces []string) error {
	var first error
	if ph != "" {
		first = a.update(ctx, t.Channel, ph, pieces[0], true)
	}
	if ph != "" && first != nil {
		a.log.WarnContext(ctx, "slack: placeholder not edited, posting instead", "channel", t.Channel, "err", first)
		if _, first = a.post(ctx, t.Channel, t.Thread, pieces[0]); first == nil {
			// The answer stands on its own; a placeholder left behind would look stuck.
			if err := a.remove(ctx, t.Channel, ph); err != nil {
				a.log.WarnContext(ctx, "slack: placeholder not removed", "channel", t.Channel, "err", err)
			}
		}
	} else if ph == "" {
		_, first = a.post(ctx, t.Channel, t.Thread, pieces[0])
	}
	if first != nil {
		if ph != "" {
			if err := a.update(ctx, t.Channel, ph, apology, true); err == nil {
				return fmt.Errorf("deliver reply, apologised: %w", first)
			}
		} else if _, err := a.post(ctx, t.Channel, t.Thread, apology); err == nil {
			return fmt.Errorf("deliver reply, apologised: %w", first)
		}
		return fmt.Errorf("deliver reply: %w", first)
	}
	for i, p := range pieces[1:] {
		if _, err := a.post(ctx, t.Channel, t.Thread, p); err != nil {
			return fmt.Errorf("deliver piece %d of %d: %w", i+2, len(pieces), err)
		}
	}
	return nil
}

// command answers a slash command through its response_url (already acknowledged).
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
		if err := a.respond(ctx, responseURL, p); err != nil {
			a.log.ErrorContext(ctx, "slack: command reply not delivered", "piece", i+1, "of", len(pieces), "err", err)
			if i == 0 {
				_ = a.respond(ctx, responseURL, apology)
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
