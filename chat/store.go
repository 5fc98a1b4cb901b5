package chat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"storybot"
)

// Store is the state the bot keeps between messages: which messages are being or have
// been answered, how fast each user asks, and the last turns of each conversation. The
// Bot and the platform adapters use it; none of them knows which one it is.
//
// LocalStore, in this process's memory, is the default and the test double. A store in
// Redis (package chat/redisstate) shares the state between the copies of the bot that run
// at once and keeps it across restarts.
//
// An error means the state could not be read or written. Callers then answer anyway
// (they fail open): an answer given twice is better than none.
type Store interface {
	// Claim takes key for ttl, before the message it names is answered, and reports
	// whether this caller took it: false means some delivery of the same message, in this
	// process or another, has it already.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Release gives back this caller's claim on key after its answer failed, so that a
	// redelivery of the message can be answered.
	Release(ctx context.Context, key string) error
	// Take takes a token from key's bucket, which holds perMinute tokens and refills at
	// perMinute a minute. When it is empty, ok is false and wait says how long until the
	// next token.
	Take(ctx context.Context, key string, perMinute int) (ok bool, wait time.Duration, err error)
	// Turns returns the turns remembered for conversation conv, oldest first.
	Turns(ctx context.Context, conv string) ([]storybot.Turn, error)
	// AddTurn remembers t as conv's latest turn, keeping the last keep turns, and forgets
	// conv once it has been idle for ttl.
	AddTurn(ctx context.Context, conv string, t storybot.Turn, keep int, ttl time.Duration) error
}

// The bounds of a LocalStore's tables when LocalOptions leave them zero. README.md states
// what they cost ("Run several copies").
const (
	DefaultMaxClaims        = 100000
	DefaultMaxBuckets       = 10000
	DefaultMaxConversations = 1000
)

// LocalOptions configure a LocalStore. Zero fields take the defaults.
type LocalOptions struct {
	// MaxClaims bounds the message keys remembered; DefaultMaxClaims when zero.
	MaxClaims int
	// MaxBuckets bounds the users whose rate is tracked; DefaultMaxBuckets when zero.
	MaxBuckets int
	// MaxConversations bounds the conversations remembered; DefaultMaxConversations when
	// zero.
	MaxConversations int
	// Now returns the current time; time.Now when nil. Tests pass a fake clock.
	Now func() time.Time
}

// LocalStore is a Store in this process's memory: shared by the platforms of one process,
// forgotten when it stops. Each of its tables is bounded; when one is full, the entry used
// least recently is forgotten. It never returns an error and is safe for concurrent use.
type LocalStore struct {
	now func() time.Time

	mu      sync.Mutex
	claims  *table[struct{}]
	buckets *table[bucket]
	convs   *table[[]storybot.Turn]
}

// bucket is one key's tokens as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// NewLocalStore returns an empty LocalStore.
func NewLocalStore(opts LocalOptions) *LocalStore {
	if opts.MaxClaims <= 0 {
		opts.MaxClaims = DefaultMaxClaims
	}
	if opts.MaxBuckets <= 0 {
		opts.MaxBuckets = DefaultMaxBuckets
	}
	if opts.MaxConversations <= 0 {
		opts.MaxConversations = DefaultMaxConversations
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &LocalStore{
		now:     opts.Now,
		claims:  newTable[struct{}](opts.MaxClaims),
		buckets: newTable[bucket](opts.MaxBuckets),
		convs:   newTable[[]storybot.Turn](opts.MaxConversations),
	}
}

// Claim implements Store. A key forgotten to make room can be claimed again: the bound
// must be far larger than the messages a platform redelivers within the ttl.
func (s *LocalStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if _, ok := s.claims.get(key, now); ok {
		return false, nil
	}
	s.claims.put(key, struct{}{}, now.Add(ttl), now)
	return true, nil
}

// Release implements Store.
func (s *LocalStore) Release(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims.remove(key)
	return nil
}

// Take implements Store. A bucket is forgotten once it would have refilled, which changes
// nothing for its user; one forgotten earlier to make room starts full again.
func (s *LocalStore) Take(_ context.Context, key string, perMinute int) (bool, time.Duration, error) {
	if perMinute <= 0 {
		return true, 0, nil
	}
	perSecond, burst := float64(perMinute)/60, float64(perMinute)
	refill := time.Minute
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b := bucket{tokens: burst, last: now}
	if e, ok := s.buckets.get(key, now); ok {
		b = e.val
		if d := now.Sub(b.last); d > 0 {
			// A clock that went backwards adds nothing.
			b.tokens = min(burst, b.tokens+d.Seconds()*perSecond)
			b.last = now
		}
	}
	ok, wait := true, time.Duration(0)
	if b.tokens >= 1 {
		b.tokens--
	} else {
		ok, wait = false, time.Duration((1-b.tokens)/perSecond*float64(time.Second))
	}
	s.buckets.put(key, b, now.Add(refill), now)
	return ok, wait, nil
}

// Turns implements Store; it returns a copy.
func (s *LocalStore) Turns(_ context.Context, conv string) ([]storybot.Turn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.convs.get(conv, s.now())
	if !ok {
		return nil, nil
	}
	return append([]storybot.Turn(nil), e.val...), nil
}

// AddTurn implements Store.
func (s *LocalStore) AddTurn(_ context.Context, conv string, t storybot.Turn, keep int, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var turns []storybot.Turn
	if e, ok := s.convs.get(conv, now); ok {
		turns = e.val
	}
	turns = append(turns, t)
	if len(turns) > keep {
		// Copy rather than reslice, so the dropped turns' text can be freed.
		turns = append([]storybot.Turn(nil), turns[len(turns)-keep:]...)
	}
	s.convs.put(conv, turns, now.Add(ttl), now)
	return nil
}

// Sizes reports how many claims, rate buckets and conversations s holds; for tests and
// the benchmark of its bounds.
func (s *LocalStore) Sizes() (claims, buckets, convs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.claims.len(), s.buckets.len(), s.convs.len()
}

// ClaimTTL is how long an adapter's claim on a message lasts: far longer than any
// platform redelivers an event (Slack retries within minutes, Discord replays on a resume).
const ClaimTTL = time.Hour

// Claim reports whether the caller should answer the message key names, claiming it in s
// for ClaimTTL: false when another delivery of it, in this process or another sharing s,
// has it. An empty key has nothing to compare: answer. When s fails, Claim logs it and
// answers (fails open): a message answered twice is better than one never answered.
func Claim(ctx context.Context, s Store, key string, log *slog.Logger) bool {
	if key == "" {
		return true
	}
	ok, err := s.Claim(ctx, key, ClaimTTL)
	if err != nil {
		log.WarnContext(ctx, "message not claimed, answering anyway", "err", err)
		return true
	}
	return ok
}

// Release gives back the claim on key after its answer failed, so that a redelivery, to
// this process or another, can answer. It goes out even when ctx has been cancelled
// (a shutdown), waiting at most 5 seconds.
func Release(ctx context.Context, s Store, key string, log *slog.Logger) {
	if key == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.Release(ctx, key); err != nil {
		log.WarnContext(ctx, "claim not released", "err", err)
	}
}
