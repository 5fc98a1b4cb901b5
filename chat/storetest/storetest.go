// Package storetest checks that a chat.Store keeps its promises: every implementation
// runs the same Test, so the in-process store that the other tests use as a double
// behaves as the shared one does.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
)

// Test runs the behaviour every Store must have against a fresh store from newStore. The
// store's clock may be real: nothing here waits for a ttl or a refill.
func Test(t *testing.T, newStore func(t *testing.T) chat.Store) {
	t.Run("Claim", func(t *testing.T) { testClaim(t, newStore(t)) })
	t.Run("ClaimConcurrent", func(t *testing.T) { testClaimConcurrent(t, newStore(t)) })
	t.Run("Take", func(t *testing.T) { testTake(t, newStore(t)) })
	t.Run("Turns", func(t *testing.T) { testTurns(t, newStore(t)) })
}

func testClaim(t *testing.T, s chat.Store) {
	ctx := context.Background()
	claim := func(key string, want bool) {
		t.Helper()
		got, err := s.Claim(ctx, key, time.Hour)
		if err != nil || got != want {
			t.Errorf("Claim(%q) = %v, %v; want %v, nil", key, got, err, want)
		}
	}
	claim("m1", true)
	claim("m1", false) // a redelivery
	claim("m2", true)  // another message
	if err := s.Release(ctx, "m1"); err != nil {
		t.Errorf("Release(m1): %v", err)
	}
	claim("m1", true) // the answer failed: a redelivery may answer
	claim("m1", false)
	if err := s.Release(ctx, "never-claimed"); err != nil {
		t.Errorf("Release of a key never claimed: %v", err)
	}
	claim("", true)
	claim("", false)
}

func testClaimConcurrent(t *testing.T, s chat.Store) {
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			ok, err := s.Claim(context.Background(), "same-message", time.Hour)
			if err != nil {
				t.Errorf("Claim: %v", err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d of 50 concurrent claims of one key won; want exactly 1", n)
	}
}

func testTake(t *testing.T, s chat.Store) {
	ctx := context.Background()
	for i := range 3 {
		if ok, _, err := s.Take(ctx, "ann", 3); !ok || err != nil {
			t.Fatalf("take %d of a burst of 3 = %v, %v; want true", i+1, ok, err)
		}
	}
	ok, wait, err := s.Take(ctx, "ann", 3)
	if ok || err != nil || wait <= 15*time.Second || wait > 20*time.Second {
		t.Errorf("take 4 of 3 a minute = %v, %v, %v; want false with a wait of about 20s", ok, wait, err)
	}
	if ok, _, err := s.Take(ctx, "bob", 3); !ok || err != nil {
		t.Errorf("another key's first take = %v, %v; want true: each key has its own bucket", ok, err)
	}
	for i := range 100 {
		if ok, _, _ := s.Take(ctx, "free", 0); !ok {
			t.Fatalf("take %d with no limit refused", i+1)
		}
	}
}

func testTurns(t *testing.T, s chat.Store) {
	ctx := context.Background()
	if got, err := s.Turns(ctx, "none"); len(got) != 0 || err != nil {
		t.Errorf("Turns of an unknown conversation = %v, %v; want none", got, err)
	}
	for i := range 5 {
		turn := storybot.Turn{Question: fmt.Sprint("q", i), Answer: fmt.Sprint("a", i, " é \"quoted\"")}
		if err := s.AddTurn(ctx, "c1", turn, 3, time.Hour); err != nil {
			t.Fatalf("AddTurn: %v", err)
		}
	}
	if err := s.AddTurn(ctx, "c2", storybot.Turn{Question: "other"}, 3, time.Hour); err != nil {
		t.Fatalf("AddTurn: %v", err)
	}
	got, err := s.Turns(ctx, "c1")
	want := []storybot.Turn{{Question: "q2", Answer: "a2 é \"quoted\""}, {Question: "q3", Answer: "a3 é \"quoted\""}, {Question: "q4", Answer: "a4 é \"quoted\""}}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Turns(c1) = %q, %v; want the last 3, oldest first: %q", got, err, want)
	}
	if got, _ := s.Turns(ctx, "c2"); len(got) != 1 || got[0].Question != "other" {
		t.Errorf("Turns(c2) = %q; want its one turn", got)
	}
	got[0].Question = "changed"
	if again, _ := s.Turns(ctx, "c1"); again[0].Question != "q2" {
		t.Errorf("changing the turns returned changed the store: %q", again[0].Question)
	}
}
