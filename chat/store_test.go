package chat

import (
	"context"
	"fmt"
	"testing"
	"time"

	"storybot"
)

func TestLocalStoreClaimExpires(t *testing.T) {
	clock := newFakeClock()
	s := NewLocalStore(LocalOptions{Now: clock.Now})
	ctx := context.Background()
	s.Claim(ctx, "a", time.Minute)
	clock.Advance(40 * time.Second)
	if ok, _ := s.Claim(ctx, "a", time.Minute); ok {
		t.Fatal("Claim(a) after 40s of a minute = true; want false")
	}
	clock.Advance(30 * time.Second)
	if ok, _ := s.Claim(ctx, "a", time.Minute); !ok {
		t.Error("Claim(a) after 70s of a minute = false; want true: it expired")
	}
}

func TestLocalStoreTake(t *testing.T) {
	clock := newFakeClock()
	s := NewLocalStore(LocalOptions{Now: clock.Now})
	steps := []struct {
		key     string
		advance time.Duration
		ok      bool
		wait    time.Duration
	}{
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"bob", 0, true, 0},
		{"ann", 5 * time.Second, false, 15 * time.Second},
		{"ann", 15 * time.Second, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"ann", time.Hour, true, 0}, // refilled, but never above the burst
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"ann", -time.Minute, false, 20 * time.Second}, // a clock going back adds nothing
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		ok, wait, _ := s.Take(context.Background(), st.key, 3) // 3 at once, then one every 20s
		if ok != st.ok || wait.Round(time.Millisecond) != st.wait {
			t.Errorf("step %d: Take(%q) = %v, %v; want %v, %v", i, st.key, ok, wait, st.ok, st.wait)
		}
	}
}

func TestLocalStoreTurnsExpire(t *testing.T) {
	clock := newFakeClock()
	s := NewLocalStore(LocalOptions{Now: clock.Now})
	ctx := context.Background()
	s.AddTurn(ctx, "c", storybot.Turn{Question: "q"}, 3, 10*time.Minute)
	clock.Advance(9 * time.Minute)
	if got, _ := s.Turns(ctx, "c"); len(got) != 1 {
		t.Errorf("turns after 9 of 10 idle minutes = %d; want 1", len(got))
	}
	clock.Advance(11 * time.Minute)
	if got, _ := s.Turns(ctx, "c"); len(got) != 0 {
		t.Errorf("turns after 11 of 10 idle minutes = %d; want 0", len(got))
	}
}

// TestLocalStoreBounds floods every table with distinct keys: each stays within its bound,
// keeps the newest keys and forgets the ones used least recently.
func TestLocalStoreBounds(t *testing.T) {
	clock := newFakeClock()
	s := NewLocalStore(LocalOptions{MaxClaims: 10, MaxBuckets: 10, MaxConversations: 10, Now: clock.Now})
	ctx := context.Background()
	s.Take(ctx, "spammer", 2)
	s.Take(ctx, "spammer", 2)
	s.AddTurn(ctx, "kept", storybot.Turn{Question: "q"}, 3, time.Hour)
	for i := range 1000 {
		clock.Advance(time.Millisecond)
		key := fmt.Sprint("k", i)
		if ok, _ := s.Claim(ctx, key, time.Hour); !ok {
			t.Fatalf("Claim(%s) = false on its first delivery", key)
		}
		s.Take(ctx, key, 2)
		s.AddTurn(ctx, key, storybot.Turn{Question: key}, 3, time.Hour)
		if i%5 == 0 {
			s.Turns(ctx, "kept") // used often, so never the least recently used
		}
		if c, b, v := s.Sizes(); c > 10 || b > 10 || v > 10 {
			t.Fatalf("after %d keys: %d claims, %d buckets, %d conversations; want at most 10 each", i+1, c, b, v)
		}
	}
	if ok, _ := s.Claim(ctx, "k999", time.Hour); ok {
		t.Error("Claim(k999) = true; the newest claim must be remembered")
	}
	if ok, _ := s.Claim(ctx, "k0", time.Hour); !ok {
		t.Error("Claim(k0) = false; the oldest claim should have been forgotten")
	}
	if got, _ := s.Turns(ctx, "kept"); len(got) != 1 {
		t.Error("a conversation in use was forgotten to make room")
	}
	// The spammer's bucket was forgotten to make room: a fresh burst, the bound's price.
	if ok, _, _ := s.Take(ctx, "spammer", 2); !ok {
		t.Error("Take(spammer) after 1000 other users = false; want its bucket forgotten")
	}
}
