package slack

import (
	"context"
	"time"
)

// claimTTL is how long a message stays claimed once answered: far longer than Slack
// retries an event (three times, within minutes).
const claimTTL = time.Hour

// claim reports whether this copy of the bot answers the message key names: false when
// another delivery of it, here or in another copy sharing the store, has it. No key
// means nothing to compare: it answers. A store that cannot be reached lets it answer.
func (a *Adapter) claim(ctx context.Context, key string) bool {
	if key == "" {
		return true
	}
	ok, err := a.store.Claim(ctx, key, claimTTL)
	if err != nil {
		a.log.Warn("slack: message not claimed, answering anyway", "err", err)
		return true
	}
	return ok
}

// release gives back the claim on key after its answer failed, so that a redelivery, to
// this copy or another, can answer. It goes out even when ctx has been cancelled.
func (a *Adapter) release(ctx context.Context, key string) {
	if key == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.store.Release(ctx, key); err != nil {
		a.log.Warn("slack: claim not released", "err", err)
	}
}
