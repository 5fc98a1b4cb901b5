package chat

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestDedupFirst(t *testing.T) {
	clock := newFakeClock()
	d := NewDedupClock(time.Minute, 100, clock.Now)
	steps := []struct {
		keys []string
		want bool
	}{
		{[]string{"ev1", "C1:100.1"}, true},
		{[]string{"ev1"}, false},                  // redelivered event
		{[]string{"ev2", "C1:100.1"}, false},      // the same message through another event
		{[]string{"ev3", "C1:100.2"}, true},       // a new message
		{[]string{"", ""}, true},                  // nothing to compare
		{[]string{"", "C1:100.2"}, false},         // empty keys skipped
		{[]string{"ev4", "", "C1:100.3"}, true},   // one empty key among others
		{[]string{"ev4", "C1:100.3", "x"}, false}, // all marked, though one is new
		{[]string{"x"}, false},                    // and the new one was marked too
	}
	for i, s := range steps {
		if got := d.First(s.keys...); got != s.want {
			t.Errorf("step %d: First(%q) = %v; want %v", i, s.keys, got, s.want)
		}
	}
}

func TestDedupExpiry(t *testing.T) {
	clock := newFakeClock()
	d := NewDedupClock(time.Minute, 100, clock.Now)
	d.First("a")
	clock.Advance(40 * time.Second)
	d.First("b")
	if d.First("a") {
		t.Fatal("First(a) after 40s = true; want false")
	}
	clock.Advance(30 * time.Second) // a is 70s old, b 30s
	if !d.First("a") {
		t.Error("First(a) after 70s = false; want true: it expired")
	}
	if d.First("b") {
		t.Error("First(b) after 30s = true; want false")
	}
	clock.Advance(2 * time.Minute)
	d.First("c")
	if got := d.Len(); got != 1 {
		t.Errorf("Len after everything else expired = %d; want 1", got)
	}
}

func TestDedupBound(t *testing.T) {
	d := NewDedupClock(time.Hour, 10, newFakeClock().Now)
	for i := range 1000 {
		if !d.First(fmt.Sprint("k", i)) {
			t.Fatalf("First(k%d) = false on its first delivery", i)
		}
		if n := d.Len(); n > 10 {
			t.Fatalf("Len = %d after %d keys; want at most 10", n, i+1)
		}
	}
	if d.First("k999") {
		t.Error("First(k999) = true; the newest key must be remembered")
	}
	if !d.First("k0") {
		t.Error("First(k0) = false; the oldest key should have been forgotten")
	}
	if n := len(d.order); n > 40 {
		t.Errorf("order holds %d entries for 10 keys; its space is not reclaimed", n)
	}
}

func TestDedupDefaults(t *testing.T) {
	d := NewDedup(0)
	if d.ttl != DefaultDedupTTL || d.max != DefaultDedupMax {
		t.Errorf("NewDedup(0) has ttl %v, max %d; want %v, %d", d.ttl, d.max, DefaultDedupTTL, DefaultDedupMax)
	}
}

func TestDedupConcurrent(t *testing.T) {
	d := NewDedup(time.Minute)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d.First("same-event", "C1:1") {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d of 50 concurrent deliveries were first; want exactly 1", n)
	}
}
