package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"storybot/chat"
)

// maxEnvelope bounds one Socket Mode message; Slack's events are a few kilobytes.
const maxEnvelope = 1 << 20

// runSocket receives events over Socket Mode until ctx is done. Each envelope is
// acknowledged before any work on it starts.
func (a *Adapter) runSocket(ctx, work context.Context) error {
	smc := socketmode.New(a.api,
		socketmode.OptionPingInterval(a.cfg.PingInterval),
		socketmode.OptionReadLimit(maxEnvelope),
		socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)),
	)
	fatal := make(chan error, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { fatal <- a.stayConnected(ctx, smc) })
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-fatal:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case ev := <-smc.Events:
			a.onSocketEvent(ctx, work, smc, ev)
		}
	}
}

// stayConnected runs the Socket Mode client until ctx is done. slack-go reconnects by
// itself when the connection drops; when it gives up on anything but a refused token, this
// starts it again after a pause.
func (a *Adapter) stayConnected(ctx context.Context, smc *socketmode.Client) error {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := smc.RunContext(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if refused(err) {
			return fmt.Errorf("slack: Socket Mode connection refused (check SLACK_APP_TOKEN, an xapp- token with connections:write, and that Socket Mode is on): %w", err)
		}
		a.log.Warn("slack: Socket Mode stopped, restarting", "in", wait, "err", err)
		if sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// refused reports whether err means Slack rejected the app token for good.
func refused(err error) bool {
	if err == nil {
		return false
	}
	switch err.Error() {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type":
		return true
	}
	sc, ok := errors.AsType[slack.StatusCodeError](err)
	return ok && sc.Code == 404
}

// commandAck is the immediate, private reply to a slash command while its answer is written.
var commandAck = map[string]any{"response_type": slack.ResponseTypeEphemeral, "text": placeholder}

// onSocketEvent acknowledges an envelope, then hands its message to a goroutine of its own.
func (a *Adapter) onSocketEvent(ctx, work context.Context, smc *socketmode.Client, ev socketmode.Event) {
	switch ev.Type {
	case socketmode.EventTypeConnected:
		a.log.Info("slack: connected (Socket Mode)")
		a.connection(true)
	case socketmode.EventTypeConnectionError:
		a.connection(false)
		if ce, ok := ev.Data.(*slack.ConnectionErrorEvent); ok {
			a.log.Warn("slack: cannot connect, retrying", "attempt", ce.Attempt, "in", ce.Backoff, "err", redact(ce.ErrorObj))
		}
	case socketmode.EventTypeDisconnect:
		a.log.Info("slack: Slack asked to reconnect")
		a.connection(false)
	case socketmode.EventTypeErrorBadMessage:
		// Acknowledge what can be, so Slack does not redeliver a payload we cannot read.
		if bad, ok := ev.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, smc, env.EnvelopeID, nil)
			}
			a.log.Warn("slack: unreadable Socket Mode message", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI:
		if ev.Request == nil {
			return
		}
		a.ack(ctx, smc, ev.Request.EnvelopeID, nil)
		if data, ok := ev.Data.(slackevents.EventsAPIEvent); ok {
			a.onEventsAPI(ctx, work, data, ev.Request.RetryAttempt)
		}
	case socketmode.EventTypeSlashCommand:
		if ev.Request == nil {
			return
		}
		a.ack(ctx, smc, ev.Request.EnvelopeID, commandAck)
		if cmd, ok := ev.Data.(slack.SlashCommand); ok {
			a.onCommand(ctx, work, cmd, "envelope:"+ev.Request.EnvelopeID)
		}
	case socketmode.EventTypeInteractive:
		if ev.Request == nil {
			return
		}
		// Acknowledged first: Slack wants it within 3 seconds, and the vote is idempotent.
		a.ack(ctx, smc, ev.Request.EnvelopeID, nil)
		if cb, ok := ev.Data.(slack.InteractionCallback); ok {
			a.onInteraction(ctx, work, cb)
		}
	}
}

// ack acknowledges an envelope; failing that, Slack redelivers it and its claim catches it.
func (a *Adapter) ack(ctx context.Context, smc *socketmode.Client, envelopeID string, payload any) {
	if err := smc.AckCtx(ctx, envelopeID, payload); err != nil {
		a.log.Warn("slack: acknowledgement failed", "err", err)
	}
}

// onEventsAPI answers the user message in an Events API event once, however often and
// through however many events it arrives.
func (a *Adapter) onEventsAPI(ctx, work context.Context, ev slackevents.EventsAPIEvent, retry int) {
	in, ok := fromEventsAPI(ev)
	if !ok {
		return
	}
	if in.Changed {
		a.onChange(ctx, work, in)
		return
	}
	m, t, ok := accept(a.me, in, a.follows(ctx))
	if !ok {
		return
	}
	if !chat.Claim(ctx, a.store, m.ID, a.log) {
		a.log.Debug("slack: already answered", "channel", in.Channel, "retry", retry)
		return
	}
	a.dispatch(ctx, work, m.ID, func(ctx context.Context) { a.answer(ctx, m, t) })
}

// follows returns whether the bot takes every message in a thread as addressed to it: one
// this copy answered in (for threadTTL), or whose turns the shared store still remembers
// (any copy answered in it within the conversations' idle hour, even before a restart);
// never when thread follow-ups need a mention.
func (a *Adapter) follows(ctx context.Context) func(channel, thread string) bool {
	return func(channel, thread string) bool {
		if a.cfg.MentionInThreads {
			return false
		}
		if a.threads.Has(channel + "/" + thread) {
			return true
		}
		turns, err := a.store.Turns(ctx, threadConversation(channel, thread))
		return err == nil && len(turns) > 0
	}
}

// onChange follows an edit or a deletion of a question the bot answered, within the edit
// window: an edit by the asker that changes the text re-answers in the bot's own messages,
// a deletion removes them. Each happens once, however often Slack delivers the change; the
// bot never touches a message but its own.
func (a *Adapter) onChange(ctx, work context.Context, in incoming) {
	key := in.Channel + "/" + in.TS
	if in.Deleted {
		q, ok := a.answered.Delete(key)
		if !ok {
			return
		}
		a.dispatch(ctx, work, "", func(ctx context.Context) { a.unanswer(ctx, in.Channel, q.Replies) })
		return
	}
	m, t, ok := accept(a.me, in, a.follows(ctx))
	if !ok {
		return
	}
	q, ok := a.answered.Edit(key, in.User, in.Text, in.Edited)
	if !ok {
		return
	}
	m.Edited = true
	a.dispatch(ctx, work, "", func(ctx context.Context) { a.reanswer(ctx, m, t, q.Replies) })
}

// onCommand answers a slash command once through its response_url. key identifies its
// delivery (an envelope id); empty when the transport does not redeliver.
func (a *Adapter) onCommand(ctx, work context.Context, cmd slack.SlashCommand, key string) {
	if !validResponseURL(cmd.ResponseURL) {
		a.log.Warn("slack: slash command without a usable response_url", "command", cmd.Command)
		return
	}
	m := fromCommand(a.cfg.Commands, cmd)
	if cmd.TriggerID == "" {
		// Every invocation has its own trigger id; without one, the delivery's key.
		m.ID = key
	}
	if !chat.Claim(ctx, a.store, m.ID, a.log) {
		return
	}
	a.dispatch(ctx, work, m.ID, func(ctx context.Context) { a.command(ctx, m, cmd.ResponseURL) })
}
