package chat

import (
	"sync"
	"time"
)

// maxLimitedUsers bounds the users whose message rate the Bot tracks at once.
const maxLimitedUsers = 10000

// limiter is a token bucket per user: each user may send burst messages at once, then
// one more every 1/rate seconds. It is safe for concurrent use.
type limiter struct {
	perSecond float64
	burst     float64
	max       int

	mu      sync.Mutex
	buckets map[string]*bucket
}

// bucket is one user's tokens as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// newLimiter returns a limiter allowing perMinute messages a minute to each user, at most
// max users tracked at once.
func newLimiter(perMinute, max int) *limiter {
	return &limiter{
		perSecond: float64(perMinute) / 60,
		burst:     float64(perMinute),
		max:       max,
		buckets:   make(map[string]*bucket),
	}
}

// allow reports whether user may send a message at now, and takes a token if so; when
// not, wait is how long until the user may.
func (l *limiter) allow(user string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, seen := l.buckets[user]
	if !seen {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[user] = b
	}
	b.tokens = l.level(b, now)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.perSecond * float64(time.Second))
}

// level returns b's tokens at now; a clock that went backwards adds none.
func (l *limiter) level(b *bucket, now time.Time) float64 {
	t := b.tokens
	if d := now.Sub(b.last); d > 0 {
		t += d.Seconds() * l.perSecond
	}
	return min(t, l.burst)
}

// evict makes room for a new user. Users whose bucket has refilled are forgotten first,
// which changes nothing for them; if none has, the one idle longest goes, so that a flood
// of new user names costs bounded memory.
func (l *limiter) evict(now time.Time) {
	var oldest string
	var oldestAt time.Time
	found := false
	for user, b := range l.buckets {
		if l.level(b, now) >= l.burst {
			delete(l.buckets, user)
			continue
		}
		if !found || b.last.Before(oldestAt) {
			oldest, oldestAt, found = user, b.last, true
		}
	}
	if len(l.buckets) >= l.max {
		delete(l.buckets, oldest)
	}
}
