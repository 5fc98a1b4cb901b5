package discord

import (
	"context"
	"time"
)

// claimTTL is how long a message stays claimed once answered: far longer than Discord
// replays events on a resume.
const claimTTL = time.Hour

// messageKey and interactionKey are the keys a message and a slash command are claimed
// under: every copy of the bot that sees one sees the same id.
func messageKey(id string) string     { return "discord:message:" + id }
func interactionKey(id string) string { return "discord:interaction:" + id }

// claim reports whether this copy of the bot answers what key names: false when another
// delivery of it, in this session or another sharing the store, has it. A store that
// cannot be reached lets it answer.
func (a *Adapter) claim(ctx context.Context, key string) bool {
	ok, err := a.store.Claim(ctx, key, claimTTL)
	if err != nil {
		a.log.Warn("discord: message not claimed, answering anyway", "err", err)
		return true
	}
	return ok
}

// release gives back the claim on key after its answer failed, so that a redelivery can
// answer. It goes out even when ctx has been cancelled.
func (a *Adapter) release(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.store.Release(ctx, key); err != nil {
		a.log.Warn("discord: claim not released", "err", err)
	}
}
