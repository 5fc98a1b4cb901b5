package redisstate

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
	"storybot/chat/redisstate/redistest"
	"storybot/chat/storetest"
)

// newStore returns a Store on the Redis at url that logs to logs (when not nil), closed
// when the test ends.
func newStore(t *testing.T, url string, logs *logRecord, opts Options) *Store {
	t.Helper()
	if logs != nil {
		opts.Logger = slog.New(logs)
	}
	s, err := New(url, opts)
	if err != nil {
		t.Fatalf("New(%q): %v", url, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	srv := redistest.Start(t)
	n := 0
	storetest.Test(t, func(t *testing.T) chat.Store {
		n++
		// Each subtest its own keys, in the one server.
		return newStore(t, srv.URL, nil, Options{Prefix: "t" + string(rune('a'+n)) + ":"})
	})
}

func TestReplicasShareState(t *testing.T) {
	srv := redistest.Start(t)
	a := newStore(t, srv.URL, nil, Options{})
	b := newStore(t, srv.URL, nil, Options{})
	ctx := context.Background()
	if ok, _ := a.Claim(ctx, "ev1", time.Hour); !ok {
		t.Fatal("replica a's first claim lost")
	}
	if ok, _ := b.Claim(ctx, "ev1", time.Hour); ok {
		t.Error("replica b claimed a message replica a holds")
	}
	// b cannot release what a holds; a can.
	b.Release(ctx, "ev1")
	if ok, _ := b.Claim(ctx, "ev1", time.Hour); ok {
		t.Error("replica b released replica a's claim")
	}
	a.Release(ctx, "ev1")
	if ok, _ := b.Claim(ctx, "ev1", time.Hour); !ok {
		t.Error("after a released its claim, b could not claim the redelivery")
	}

	a.Take(ctx, "user:U1", 2)
	a.Take(ctx, "user:U1", 2)
	if ok, wait, _ := b.Take(ctx, "user:U1", 2); ok || wait < 25*time.Second {
		t.Errorf("third message of 2 a minute, on the other replica = %v, wait %v; want refused, about 30s", ok, wait)
	}

	a.AddTurn(ctx, "conv", storybot.Turn{Question: "What is Stoke building?", Answer: "A rocket."}, 3, time.Hour)
	if got, _ := b.Turns(ctx, "conv"); len(got) != 1 || got[0].Answer != "A rocket." {
		t.Errorf("turns on the other replica = %q; want the one remembered", got)
	}
}

func TestTTLs(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.URL, nil, Options{Local: chat.NewLocalStore(chat.LocalOptions{MaxClaims: 1, MaxConversations: 1})})
	other := newStore(t, srv.URL, nil, Options{})
	ctx := context.Background()
	s.Claim(ctx, "short", 100*time.Millisecond)
	s.AddTurn(ctx, "conv", storybot.Turn{Question: "q"}, 3, 100*time.Millisecond)
	time.Sleep(250 * time.Millisecond)
	if ok, _ := other.Claim(ctx, "short", time.Hour); !ok {
		t.Error("a claim outlived its ttl")
	}
	if got, _ := other.Turns(ctx, "conv"); len(got) != 0 {
		t.Errorf("turns outlived their ttl: %q", got)
	}
	// s's claim lapsed and other holds the key now: s's late release must not free it.
	s.Release(ctx, "short")
	if ok, _ := s.Claim(ctx, "short", time.Hour); ok {
		t.Error("a release after the claim lapsed freed another replica's claim")
	}
	keys, err := s.rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if ttl := s.rdb.PTTL(ctx, k).Val(); ttl < 0 {
			t.Errorf("key %q has no ttl (%v): Redis would keep it forever", k, ttl)
		}
	}
}

// TestClaimSurvivesRedisRestart: with persistence on, a message answered before Redis
// restarts is still answered once after.
func TestClaimSurvivesRedisRestart(t *testing.T) {
	srv := redistest.StartPersistent(t)
	s := newStore(t, srv.URL, nil, Options{RetryAfter: time.Millisecond})
	ctx := context.Background()
	if ok, _ := s.Claim(ctx, "ev1", time.Hour); !ok {
		t.Fatal("first claim lost")
	}
	srv.Restart()
	fresh := newStore(t, srv.URL, nil, Options{})
	if ok, _ := fresh.Claim(ctx, "ev1", time.Hour); ok {
		t.Error("after Redis restarted, a new replica claimed a message answered before")
	}
	if n := fresh.Fallbacks(); n != 0 {
		t.Errorf("%d fallbacks; want 0, Redis was up", n)
	}
}

// TestRedisStoppedMidRun: the store keeps answering from its local fallback, within the
// timeout, logs the outage once, counts it, and shares state again once Redis is back.
func TestRedisStoppedMidRun(t *testing.T) {
	srv := redistest.StartPersistent(t)
	logs := &logRecord{}
	s := newStore(t, srv.URL, logs, Options{Timeout: 200 * time.Millisecond, RetryAfter: 100 * time.Millisecond})
	other := newStore(t, srv.URL, nil, Options{})
	ctx := context.Background()
	s.Claim(ctx, "before", time.Hour)
	srv.Stop()

	start := time.Now()
	for i := range 20 {
		if ok, err := s.Claim(ctx, "before", time.Hour); ok || err != nil {
			t.Errorf("claim %d of a message claimed before the outage = %v, %v; want false: this copy remembers it", i, ok, err)
		}
		if ok, err := s.Claim(ctx, "during", time.Hour); ok != (i == 0) || err != nil {
			t.Errorf("claim %d of a message first seen in the outage = %v, %v; want only the first to win", i, ok, err)
		}
		if _, _, err := s.Take(ctx, "user:U1", 100); err != nil {
			t.Errorf("Take in the outage: %v", err)
		}
		if err := s.AddTurn(ctx, "conv", storybot.Turn{Question: "q"}, 3, time.Hour); err != nil {
			t.Errorf("AddTurn in the outage: %v", err)
		}
		if got, err := s.Turns(ctx, "conv"); len(got) == 0 || err != nil {
			t.Errorf("Turns in the outage = %v, %v; want the turns this copy remembered", got, err)
		}
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("100 calls in the outage took %v; each must give up within the timeout", took)
	}
	if n := s.Fallbacks(); n < 100 {
		t.Errorf("Fallbacks = %d; want every one of the 100 calls counted", n)
	}
	if n := logs.count("redis: unreachable"); n != 1 {
		t.Errorf("the outage was logged %d times; want once", n)
	}

	srv.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.Claim(ctx, "after", time.Hour)
		if ok, _ := other.Claim(ctx, "after", time.Hour); !ok {
			break // s's claim reached Redis
		}
		other.Release(ctx, "after")
		if time.Now().After(deadline) {
			t.Fatal("state not shared again within 10s of Redis coming back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := logs.count("redis: reachable again"); n != 1 {
		t.Errorf("the recovery was logged %d times; want once", n)
	}
}

// TestRedisHangs: a server that accepts connections and never answers costs each call
// the timeout at most, and then nothing while the store waits to retry.
func TestRedisHangs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	s := newStore(t, "redis://"+ln.Addr().String()+"/0", nil, Options{Timeout: 100 * time.Millisecond, RetryAfter: time.Hour})
	ctx := context.Background()
	start := time.Now()
	ok, err := s.Claim(ctx, "m", time.Hour)
	if first := time.Since(start); first > 2*time.Second || !ok || err != nil {
		t.Errorf("Claim against a silent server = %v, %v after %v; want true, nil within about 100ms", ok, err, first)
	}
	start = time.Now()
	for range 100 {
		s.Take(ctx, "user:U", 5)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("100 calls while Redis is known down took %v; want no waiting", took)
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"http://localhost:6379", "redis://:s3cret@local host:6379", "redis://localhost:6379/notadb", ""} {
		_, err := New(u, Options{})
		if err == nil {
			t.Errorf("New(%q) = nil error; want one", u)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("New(%q) error repeats the password: %v", u, err)
		}
	}
}

// logRecord keeps the messages a Store logs, for the tests to count.
type logRecord struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRecord) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecord) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecord) WithGroup(string) slog.Handler            { return l }

func (l *logRecord) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}

// count returns how many messages logged so far start with prefix.
func (l *logRecord) count(prefix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if strings.HasPrefix(m, prefix) {
			n++
		}
	}
	return n
}

// Votes kept in Redis behave as the file's do, and every copy of the bot sees them.
func TestFeedback(t *testing.T) {
	srv := redistest.Start(t)
	n := 0
	storetest.Feedback(t, func(t *testing.T) chat.FeedbackStore {
		n++
		return newStore(t, srv.URL, nil, Options{Prefix: "f" + string(rune('a'+n)) + ":"}).Feedback()
	})
	a := newStore(t, srv.URL, nil, Options{}).Feedback()
	b := newStore(t, srv.URL, nil, Options{}).Feedback()
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if _, err := a.Record(ctx, chat.FeedbackRecord{Answer: "ab12", Question: "Q", Vote: chat.VoteUp, User: "u1", Time: at}); err != nil {
		t.Fatal(err)
	}
	got, err := b.Record(ctx, chat.FeedbackRecord{Answer: "ab12", Question: "Q", Vote: chat.VoteDown, User: "u2", Time: at.Add(time.Second)})
	if err != nil || got != (chat.Tally{Up: 1, Down: 1}) {
		t.Errorf("a vote on another copy = %+v, %v; want both copies' votes counted", got, err)
	}
	if r, ok, err := b.Lookup(ctx, "ab12"); err != nil || !ok || r.User != "u2" {
		t.Errorf("Lookup on another copy = %+v, %v, %v; want the latest vote, u2's", r, ok, err)
	}
}

// With Redis gone, a vote is refused with an error (the voter is told), not kept where
// no report reads it; the store's timeout bounds the wait.
func TestFeedbackRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	f := newStore(t, srv.URL, nil, Options{Timeout: 200 * time.Millisecond}).Feedback()
	srv.Stop()
	if _, err := f.Record(context.Background(), chat.FeedbackRecord{Answer: "ab12", Vote: chat.VoteUp, User: "u1", Time: time.Now()}); err == nil {
		t.Error("Record with Redis stopped succeeded")
	}
	if _, _, err := f.Lookup(context.Background(), "ab12"); err == nil {
		t.Error("Lookup with Redis stopped succeeded")
	}
}

// The questions followed for edits are shared: an edit or a deletion delivered to any
// copy is acted on once.
func TestAnswered(t *testing.T) {
	srv := redistest.Start(t)
	n := 0
	storetest.Followed(t, func(t *testing.T) chat.Followed {
		n++
		return newStore(t, srv.URL, nil, Options{Prefix: "a" + string(rune('a'+n)) + ":"}).Answered("slack", time.Minute)
	})
	a := newStore(t, srv.URL, nil, Options{}).Answered("slack", time.Minute)
	b := newStore(t, srv.URL, nil, Options{}).Answered("slack", time.Minute)
	a.Add("C1/7", "U1", "Who founded Stoke?", []string{"r1"})
	if q, ok := b.Edit("C1/7", "U1", "Who runs Stoke?", time.Now()); !ok || len(q.Replies) != 1 {
		t.Fatalf("an edit delivered to the copy that did not answer = %+v, %v; want it claimed", q, ok)
	}
	if _, ok := a.Edit("C1/7", "U1", "Who runs Stoke?", time.Time{}); ok {
		t.Error("the same edit redelivered to the copy that answered was claimed again")
	}
	if _, ok := b.Delete("C1/7"); !ok {
		t.Error("a deletion delivered to the other copy was not acted on")
	}
	if _, ok := a.Delete("C1/7"); ok {
		t.Error("the deletion was acted on by both copies")
	}
}
