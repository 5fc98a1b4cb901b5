// Package redisstate keeps the bot's shared state in Redis (github.com/redis/go-redis/v9):
// the claims that make each message answered once, the per-user rate limits and the last
// turns of each conversation. Every copy of the bot pointed at the same Redis shares them,
// and they survive restarts. It is the only package of storybot that imports go-redis.
//
// When Redis cannot be reached the store fails open: each call is answered from a local,
// bounded chat.LocalStore instead, so the bot keeps answering, de-duplicating the
// deliveries this copy sees itself. Only a message delivered to two copies during the
// outage can then be answered twice. Every such call is counted (Fallbacks), the outage
// and the recovery are logged once each, and no call waits longer than Options.Timeout.
package redisstate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"storybot"
	"storybot/chat"
)

// Defaults for the zero Options.
const (
	DefaultTimeout    = 300 * time.Millisecond
	DefaultRetryAfter = 5 * time.Second
	DefaultPrefix     = "storybot:"
)

// Options configure a Store. Zero fields take the defaults.
type Options struct {
	// Timeout bounds one call to Redis, connecting included; DefaultTimeout when zero.
	// Redis answers a healthy call in well under a millisecond.
	Timeout time.Duration
	// RetryAfter is how long the store answers from its local fallback, without trying
	// Redis, after a call to Redis failed; DefaultRetryAfter when zero. It keeps an outage
	// from costing every message a timeout.
	RetryAfter time.Duration
	// Prefix starts every key the store writes; DefaultPrefix when empty. Two bots sharing
	// one Redis need different prefixes.
	Prefix string
	// Local is the fallback; a chat.LocalStore with the default bounds when nil.
	Local *chat.LocalStore
	// Logger receives the outages and recoveries; nothing is logged when nil.
	Logger *slog.Logger
}

// Store is a chat.Store in Redis. It never returns an error: see the package comment. It
// is safe for concurrent use.
type Store struct {
	rdb   *redis.Client
	local *chat.LocalStore
	opts  Options
	log   *slog.Logger
	// owner marks this Store's claims, so that it releases only its own.
	owner string

	fallbacks atomic.Uint64
	mu        sync.Mutex
	down      bool      // Redis failed last time it was tried
	retryAt   time.Time // when to try Redis again while down
}

// New returns a Store for the Redis at url (redis://[user:password@]host:port/db,
// rediss:// for TLS, or unix:///path). It checks the URL but does not connect: Ping does.
func New(rawURL string, opts Options) (*Store, error) {
	ro, err := redis.ParseURL(rawURL)
	if err != nil {
		// A url.Error repeats the URL, password and all: keep only what is wrong with it.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return nil, fmt.Errorf("redis URL is not valid (want redis://host:port/db): %w", err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = DefaultRetryAfter
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.Local == nil {
		opts.Local = chat.NewLocalStore(chat.LocalOptions{})
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout, ro.PoolTimeout = opts.Timeout, opts.Timeout, opts.Timeout, opts.Timeout
	ro.ContextTimeoutEnabled = true
	// A retry would double the wait in an outage; the fallback is the retry.
	ro.MaxRetries = -1
	ro.DialerRetries = 1
	ro.DisableIdentity = true
	quietClient.Do(func() { redis.SetLogger(debugLog{log}) })
	var b [8]byte
	rand.Read(b[:])
	return &Store{rdb: redis.NewClient(ro), local: opts.Local, opts: opts, log: log, owner: hex.EncodeToString(b[:])}, nil
}

// Ping checks that Redis answers, within the timeout.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}

// Close closes the connections to Redis.
func (s *Store) Close() error { return s.rdb.Close() }

// Fallbacks returns how many calls were answered by the local fallback because Redis
// could not be reached.
func (s *Store) Fallbacks() uint64 { return s.fallbacks.Load() }

// Claim implements chat.Store with SET NX and a ttl. The claim is noted locally too, so
// that this copy still knows it should Redis fail later.
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	var won bool
	err := s.try(ctx, "claim", func(ctx context.Context) error {
		var err error
		won, err = s.rdb.SetNX(ctx, s.opts.Prefix+"claim:"+key, s.owner, ttl).Result()
		return err
	})
	local, _ := s.local.Claim(ctx, key, ttl)
	if err != nil {
		return local, nil
	}
	return won, nil
}

// release deletes a claim only if this Store holds it: one that expired and was taken by
// another copy stays theirs.
var release = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`)

// Release implements chat.Store.
func (s *Store) Release(ctx context.Context, key string) error {
	s.local.Release(ctx, key)
	err := s.try(ctx, "release", func(ctx context.Context) error {
		return release.Run(ctx, s.rdb, []string{s.opts.Prefix + "claim:" + key}, s.owner).Err()
	})
	if err != nil {
		// The claim lapses with its ttl; until then a redelivery to another copy is not answered.
		s.log.Warn("redis: claim not released", "err", err)
	}
	return nil
}

// take is a token bucket in one hash, refilled from Redis's own clock so that copies with
// skewed clocks agree. It returns {1, 0} when a token was taken, else {0, ms to wait}.
var take = redis.NewScript(`
local burst = tonumber(ARGV[1])
local perSecond = burst / 60
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(b[1]) or burst
local last = tonumber(b[2]) or now
if now > last then tokens = math.min(burst, tokens + (now - last) * perSecond) end
local ok, wait = 0, 0
if tokens >= 1 then
	tokens = tokens - 1
	ok = 1
else
	wait = math.ceil((1 - tokens) / perSecond * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(now))
redis.call('PEXPIRE', KEYS[1], 61000)
return {ok, wait}`)

// Take implements chat.Store; a bucket lives in Redis for the minute it takes to refill.
func (s *Store) Take(ctx context.Context, key string, perMinute int) (bool, time.Duration, error) {
	if perMinute <= 0 {
		return true, 0, nil
	}
	var res []int64
	err := s.try(ctx, "rate limit", func(ctx context.Context) error {
		var err error
		res, err = take.Run(ctx, s.rdb, []string{s.opts.Prefix + "rate:" + key}, perMinute).Int64Slice()
		if err == nil && len(res) != 2 {
			err = fmt.Errorf("rate script returned %d values", len(res))
		}
		return err
	})
	if err != nil {
		return s.local.Take(ctx, key, perMinute)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Millisecond, nil
}

// Turns implements chat.Store.
func (s *Store) Turns(ctx context.Context, conv string) ([]storybot.Turn, error) {
	var raw []string
	err := s.try(ctx, "read turns", func(ctx context.Context) error {
		var err error
		raw, err = s.rdb.LRange(ctx, s.opts.Prefix+"turns:"+conv, 0, -1).Result()
		return err
	})
	if err != nil {
		return s.local.Turns(ctx, conv)
	}
	turns := make([]storybot.Turn, 0, len(raw))
	for _, r := range raw {
		var t storybot.Turn
		if json.Unmarshal([]byte(r), &t) == nil {
			turns = append(turns, t)
		}
	}
	return turns, nil
}

// AddTurn implements chat.Store: RPUSH, LTRIM and PEXPIRE in one transaction. The turn is
// kept locally too, for the follow-ups this copy answers should Redis fail.
func (s *Store) AddTurn(ctx context.Context, conv string, t storybot.Turn, keep int, ttl time.Duration) error {
	s.local.AddTurn(ctx, conv, t, keep, ttl)
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode turn: %w", err)
	}
	key := s.opts.Prefix + "turns:" + conv
	err = s.try(ctx, "remember turn", func(ctx context.Context) error {
		_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.RPush(ctx, key, b)
			p.LTrim(ctx, key, int64(-keep), -1)
			p.PExpire(ctx, key, ttl)
			return nil
		})
		return err
	})
	_ = err // the local copy has it
	return nil
}

// try calls Redis through op within the timeout, unless Redis failed less than RetryAfter
// ago. An error means the caller falls back to the local store; it is counted, and an
// outage's start and end are logged once each.
func (s *Store) try(ctx context.Context, what string, op func(ctx context.Context) error) error {
	now := time.Now()
	s.mu.Lock()
	skip := s.down && now.Before(s.retryAt)
	s.mu.Unlock()
	if skip {
		s.fallbacks.Add(1)
		return errDown
	}
	cctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	err := op(cctx)
	cancel()
	if err == nil {
		s.mu.Lock()
		was := s.down
		s.down = false
		s.mu.Unlock()
		if was {
			s.log.Info("redis: reachable again, state is shared once more", "fallbacks", s.fallbacks.Load())
		}
		return nil
	}
	s.fallbacks.Add(1)
	if ctx.Err() != nil {
		// The caller gave up (a shutdown): that says nothing about Redis.
		return err
	}
	s.mu.Lock()
	was := s.down
	s.down, s.retryAt = true, time.Now().Add(s.opts.RetryAfter)
	s.mu.Unlock()
	if !was {
		s.log.Warn("redis: unreachable, answering from this copy's own memory: a message delivered to two copies may be answered twice until it is back",
			"op", what, "err", err, "retry_in", s.opts.RetryAfter)
	}
	return err
}

// quietClient routes go-redis's own log, which it keeps in a global, to the first
// Store's logger at debug level: an outage is logged once, by try, not at every dial.
var quietClient sync.Once

// debugLog is go-redis's logger interface over slog.
type debugLog struct{ log *slog.Logger }

func (d debugLog) Printf(ctx context.Context, format string, v ...any) {
	d.log.DebugContext(ctx, fmt.Sprintf(format, v...))
}

// errDown is the error of a call not tried because Redis failed moments ago.
var errDown = errors.New("redis down, not tried")
