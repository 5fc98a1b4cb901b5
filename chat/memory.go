package chat

import (
	"context"
	"time"

	"storybot"
)

// maxTurnText bounds the bytes of a remembered question or answer: a follow-up needs the
// gist of the last turn, not a long answer in full.
const maxTurnText = 2000

// history returns the turns the store remembers for conv; none when it cannot read them.
func (b *Bot) history(ctx context.Context, conv string) []storybot.Turn {
	turns, err := b.store.Turns(ctx, conv)
	if err != nil {
		b.log.WarnContext(ctx, "chat: conversation memory unavailable, answering without it", "err", err)
		return nil
	}
	return recent(turns, b.opts.HistoryTurns)
}

// remember stores t as conv's latest turn, each side cut to the length remembered.
func (b *Bot) remember(ctx context.Context, conv string, t storybot.Turn) {
	t.Question = truncate(t.Question, maxTurnText)
	t.Answer = truncate(t.Answer, maxTurnText)
	if err := b.store.AddTurn(ctx, conv, t, b.opts.HistoryTurns, b.opts.HistoryTTL); err != nil {
		b.log.WarnContext(ctx, "chat: turn not remembered", "err", err)
	}
}

// allow reports whether user may ask now, taking one of their tokens; when not, wait is
// how long until they may. A store that cannot be reached lets the message through.
func (b *Bot) allow(ctx context.Context, user string) (ok bool, wait time.Duration) {
	if b.opts.RatePerMinute <= 0 {
		return true, 0
	}
	ok, wait, err := b.store.Take(ctx, "user:"+user, b.opts.RatePerMinute)
	if err != nil {
		b.log.WarnContext(ctx, "chat: rate limit unavailable, letting the message through", "err", err)
		return true, 0
	}
	return ok, wait
}
