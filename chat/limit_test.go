package chat

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(3, 100) // 3 at once, then one every 20 seconds
	steps := []struct {
		user    string
		advance time.Duration
		ok      bool
		wait    time.Duration
	}{
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"bob", 0, true, 0}, // each user has their own bucket
		{"ann", 5 * time.Second, false, 15 * time.Second},
		{"ann", 15 * time.Second, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"ann", time.Hour, true, 0}, // refilled, but never above the burst
		{"ann", 0, true, 0},
		{"ann", 0, true, 0},
		{"ann", 0, false, 20 * time.Second},
		{"ann", -time.Minute, false, 20 * time.Second}, // a clock going back adds nothing
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		ok, wait := l.allow(s.user, clock.Now())
		if ok != s.ok || wait.Round(time.Millisecond) != s.wait {
			t.Errorf("step %d: allow(%q) = %v, %v; want %v, %v", i, s.user, ok, wait, s.ok, s.wait)
		}
	}
}

func TestLimiterBound(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(2, 50)
	l.allow("spammer", clock.Now())
	l.allow("spammer", clock.Now())
	for i := range 5000 {
		clock.Advance(time.Millisecond)
		l.allow(fmt.Sprint("user", i), clock.Now())
		if n := len(l.buckets); n > 50 {
			t.Fatalf("%d buckets after %d users; want at most 50", n, i+1)
		}
	}
	// Users whose buckets refilled are forgotten first, which costs them nothing.
	clock.Advance(time.Hour)
	for i := range 10 {
		if ok, _ := l.allow(fmt.Sprint("late", i), clock.Now()); !ok {
			t.Errorf("a new user was refused")
		}
	}
	if n := len(l.buckets); n > 50 {
		t.Errorf("%d buckets; want at most 50", n)
	}
}
