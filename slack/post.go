package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"
)

// maxAttempts bounds the tries of one call to Slack.
const maxAttempts = 4

// defaultRetryBase is the first wait before retrying a call that failed for a reason
// other than a rate limit; it doubles on each try.
const defaultRetryBase = 250 * time.Millisecond

// retry runs call until it succeeds, fails for good, or has been tried maxAttempts times.
// A rate limit is waited out for its Retry-After; server errors and broken connections are
// retried after a growing pause. Every wait is bounded by MaxRetryWait and ends with ctx.
func (a *Adapter) retry(ctx context.Context, op string, call func(context.Context) error) error {
	var err error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if err = call(ctx); err == nil {
			return nil
		}
		wait, ok := a.retryWait(err, attempt)
		if !ok || attempt == maxAttempts-1 {
			break
		}
		a.log.Debug("slack: call failed, retrying", "op", op, "attempt", attempt+1, "wait", wait, "err", redact(err))
		if serr := sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%s: %w (then %w)", op, redact(err), serr)
		}
	}
	return fmt.Errorf("%s: %w", op, redact(err))
}

// retryWait says how long to wait before trying a failed call again, and whether to.
func (a *Adapter) retryWait(err error, attempt int) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return min(max(rl.RetryAfter, 100*time.Millisecond), a.cfg.MaxRetryWait), true
	}
	backoff := min(a.retryBase<<attempt, a.cfg.MaxRetryWait)
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		return backoff, sc.Code >= 500
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		switch se.Err {
		case "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return backoff, true
		}
		return 0, false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return backoff, true
	}
	if _, ok := errors.AsType[*url.Error](err); ok {
		return backoff, true
	}
	return 0, false
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redact keeps addresses out of an error: a response_url carries a secret in its path.
func redact(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return fmt.Errorf("%s %s: %w", ue.Op, hostOf(ue.URL), ue.Err)
	}
	return err
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return "(url)"
}

// msgOptions are the options of every message the bot posts: mrkdwn text, never unfurled.
func msgOptions(text string) []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(text, false),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
}

// post posts text into channel, under thread when it is set, with the extra options
// (the feedback buttons), and returns the message's ts.
func (a *Adapter) post(ctx context.Context, channel, thread, text string, extra ...slack.MsgOption) (string, error) {
	opts := append(msgOptions(text), extra...)
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ts string
	err := a.retry(ctx, "post message", func(ctx context.Context) error {
		var err error
		_, ts, err = a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// update replaces the text of the message at ts, with the extra options, retrying when
// final is set; a progress edit is tried once, since the next one or the final edit
// supersedes it.
func (a *Adapter) update(ctx context.Context, channel, ts, text string, final bool, extra ...slack.MsgOption) error {
	opts := append(msgOptions(text), extra...)
	call := func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, opts...)
		return err
	}
	if !final {
		return call(ctx)
	}
	return a.retry(ctx, "update message", call)
}

// remove deletes the message at ts.
func (a *Adapter) remove(ctx context.Context, channel, ts string) error {
	return a.retry(ctx, "delete message", func(ctx context.Context) error {
		_, _, err := a.api.DeleteMessageContext(ctx, channel, ts)
		return err
	})
}

// respondTo posts text through a response_url (of a slash command or an interaction):
// visible to the channel when inChannel is set, else to the user alone, with blocks when
// there are any.
func (a *Adapter) respondTo(ctx context.Context, responseURL, text string, inChannel bool, blocks []slack.Block) error {
	no := false
	msg := &slack.WebhookMessage{
		Text: text, ResponseType: slack.ResponseTypeEphemeral, UnfurlLinks: &no, UnfurlMedia: &no,
	}
	if inChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if len(blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return a.retry(ctx, "respond to command", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, msg)
	})
}

// httpClient is the client for every call to Slack; a call that hangs must not hold a
// reply, or shutdown, forever.
func httpClient() *http.Client {
	return &http.Client{Timeout: 15 * time.Second}
}
