package chat

import (
	"sync"
	"time"
)

// Dedup remembers the keys it has seen for a while, so that a message a platform delivers
// twice (a redelivery, or the same message through two events) is answered once.
// It remembers at most a bounded number of keys, forgetting the oldest first, so a flood
// of messages costs bounded memory. It is safe for concurrent use.
type Dedup struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu    sync.Mutex
	seen  map[string]time.Time
	order []seenKey // keys in the order first seen; order[head:] are live
	head  int
}

// seenKey is a key and when it was first seen.
type seenKey struct {
	key string
	at  time.Time
}

// Defaults for NewDedup.
const (
	// DefaultDedupTTL is how long NewDedup remembers a key when given no ttl: longer than
	// any platform retries a delivery.
	DefaultDedupTTL = time.Hour
	// DefaultDedupMax bounds the keys a Dedup remembers when given no bound.
	DefaultDedupMax = 100000
)

// NewDedup returns a Dedup that remembers a key for ttl (DefaultDedupTTL when ttl <= 0),
// at most DefaultDedupMax keys.
func NewDedup(ttl time.Duration) *Dedup {
	return NewDedupClock(ttl, DefaultDedupMax, time.Now)
}

// NewDedupClock returns a Dedup that remembers at most max keys (DefaultDedupMax when
// max <= 0), each for ttl (DefaultDedupTTL when ttl <= 0), reading the time from now
// (time.Now when nil); tests pass a fake clock.
func NewDedupClock(ttl time.Duration, max int, now func() time.Time) *Dedup {
	if ttl <= 0 {
		ttl = DefaultDedupTTL
	}
	if max <= 0 {
		max = DefaultDedupMax
	}
	if now == nil {
		now = time.Now
	}
	return &Dedup{ttl: ttl, max: max, now: now, seen: make(map[string]time.Time)}
}

// First reports whether none of keys has been seen within the ttl, and marks them all seen.
// Empty keys are skipped; with no key left, First reports true.
func (d *Dedup) First(keys ...string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	first := true
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := d.seen[k]; ok {
			// Seen before: keep the first time, so a key redelivered forever still expires.
			first = false
			continue
		}
		d.seen[k] = now
		d.order = append(d.order, seenKey{k, now})
	}
	for len(d.seen) > d.max {
		d.drop()
	}
	return first
}

// Len returns how many keys the Dedup remembers.
func (d *Dedup) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}

// expire forgets the keys seen more than ttl before now. Keys are in the order seen, so
// it stops at the first live one; a clock that went backwards only delays expiry.
func (d *Dedup) expire(now time.Time) {
	for d.head < len(d.order) && now.Sub(d.order[d.head].at) > d.ttl {
		d.drop()
	}
}

// drop forgets the oldest key, and reclaims the order's space once half of it is dead.
func (d *Dedup) drop() {
	delete(d.seen, d.order[d.head].key)
	d.order[d.head] = seenKey{}
	d.head++
	if d.head > len(d.order)/2 {
		d.order = append([]seenKey(nil), d.order[d.head:]...)
		d.head = 0
	}
}
