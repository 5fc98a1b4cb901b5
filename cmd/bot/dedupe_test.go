package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"storybot/chat"
)

// chat.dedupe_ttl, not the adapters' chat.ClaimTTL, decides how long a message stays
// claimed.
func TestDedupeTTL(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	local := chat.NewLocalStore(chat.LocalOptions{Now: func() time.Time { return now }})
	s := claimFor(local, 2*time.Minute)
	ctx, log := context.Background(), slog.New(slog.DiscardHandler)
	if !chat.Claim(ctx, s, "m1", log) {
		t.Fatal("the first delivery was not claimed")
	}
	now = now.Add(time.Minute)
	if chat.Claim(ctx, s, "m1", log) {
		t.Error("a redelivery within chat.dedupe_ttl was claimed again")
	}
	now = now.Add(2 * time.Minute)
	if !chat.Claim(ctx, s, "m1", log) {
		t.Error("a delivery after chat.dedupe_ttl was refused; the adapters' hour was used instead")
	}
}
