package chat

import (
	"sync"
	"time"
)

// Dedup remembers the keys it has seen for a while, so that a message a platform delivers
// twice (a redelivery, or the same message through two events) is answered once.
// It is safe for concurrent use.
type Dedup struct {
	ttl  time.Duration
	now  func() time.Time
	mu   sync.Mutex
	seen map[string]time.Time
}

// NewDedup returns a Dedup that remembers a key for ttl.
func NewDedup(ttl time.Duration) *Dedup {
	return &Dedup{ttl: ttl, now: time.Now, seen: make(map[string]time.Time)}
}

// First reports whether none of keys has been seen within the ttl, and marks them all seen.
// Empty keys are skipped.
func (d *Dedup) First(keys ...string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	for k, t := range d.seen {
		if now.Sub(t) > d.ttl {
			delete(d.seen, k)
		}
	}
	first := true
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := d.seen[k]; ok {
			first = false
		}
		d.seen[k] = now
	}
	return first
}
