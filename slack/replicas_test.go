package slack

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot/answer"
	"storybot/chat"
	"storybot/chat/redisstate"
	"storybot/chat/redisstate/redistest"
	"storybot/retrieval"
	"storybot/seeds"
	"storybot/slack/fakeslack"
)

// engine is the answer engine over the embedded story, shared by every replica.
var engine = sync.OnceValue(func() *answer.Engine {
	return answer.New(retrieval.New(seeds.Embedded(), retrieval.DefaultOptions()), answer.Options{})
})

// counted is a copy of the bot's chat core that counts the messages it is asked.
type counted struct {
	bot   *chat.Bot
	asked atomic.Int32
}

func (c *counted) Handle(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
	c.asked.Add(1)
	return c.bot.Handle(ctx, m, progress)
}

// replica is one copy of the bot in HTTP mode, as a process of its own would be: its own
// Redis client and chat core, sharing only Redis and the Slack workspace with the others.
type replica struct {
	*harness
	core  *counted
	store *redisstate.Store
}

func startReplica(t *testing.T, fake *fakeslack.Server, redisURL string, rate int) *replica {
	t.Helper()
	store, err := redisstate.New(redisURL, redisstate.Options{Timeout: 200 * time.Millisecond, RetryAfter: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	core := &counted{bot: chat.New(engine(), chat.Options{Store: store, RatePerMinute: rate})}
	h := startOn(t, fake, ModeHTTP, core, func(c *Config) { c.Store = store })
	return &replica{harness: h, core: core, store: store}
}

// twoReplicas starts a redis-server, a fake Slack, and two replicas sharing them, each
// limiting a user to rate messages a minute (0: no limit).
func twoReplicas(t *testing.T, rate int) (*redistest.Server, *fakeslack.Server, *replica, *replica) {
	t.Helper()
	srv := redistest.Start(t)
	fake := fakeslack.New(t, 20*time.Millisecond)
	return srv, fake, startReplica(t, fake, srv.URL, rate), startReplica(t, fake, srv.URL, rate)
}

// deliver posts an event callback to the replica, as Slack does: retry > 0 marks a retry.
func (r *replica) deliver(body []byte, retry int) {
	r.t.Helper()
	var hdr http.Header
	if retry > 0 {
		hdr = http.Header{"X-Slack-Retry-Num": {string(rune('0' + retry))}, "X-Slack-Retry-Reason": {"http_timeout"}}
	}
	if status, _ := r.post(EventsPath, body, time.Now(), secret, hdr); status != http.StatusOK {
		r.t.Fatalf("event = %d; want 200", status)
	}
}

// settle gives a second answer, if one were coming, the time to show.
func settle() { time.Sleep(300 * time.Millisecond) }

// asked returns how many messages the replicas' cores were asked in all.
func asked(rs ...*replica) int {
	n := 0
	for _, r := range rs {
		n += int(r.core.asked.Load())
	}
	return n
}

func TestReplicasAnswerAnEventAndItsRetryOnce(t *testing.T) {
	t.Parallel()
	_, fake, a, b := twoReplicas(t, 0)

	ts := fake.NextTS()
	ev := mustJSON(t, fakeslack.EventCallback("EvR1", mention("C1", "U1", "<@UBOT> Who is Sam Altman?", ts, "")))
	a.deliver(ev, 0)
	b.deliver(ev, 1) // the load balancer sent Slack's retry to the other replica
	// The same mention as a message event, to each.
	dup := mustJSON(t, fakeslack.EventCallback("EvR2", message("C1", "channel", "U1", "<@UBOT> Who is Sam Altman?", ts, "")))
	b.deliver(dup, 0)
	a.deliver(dup, 0)
	want := expected(t, "Who is Sam Altman?")
	a.answered("C1", ts, want[0])
	settle()
	if n := asked(a, b); n != 1 {
		t.Errorf("the replicas answered %d times; want 1", n)
	}
	if n := len(botMessages(fake.Messages("C1"))); n != len(want) {
		t.Errorf("%d bot messages in C1; want %d, one answer", n, len(want))
	}

	// Both replicas at the same moment, many times over: still one answer each message.
	for i := range 5 {
		ts := fake.NextTS()
		ev := mustJSON(t, fakeslack.EventCallback("EvR3-"+ts, mention("C2", "U1", "<@UBOT> Who founded Stoke Space?", ts, "")))
		var wg sync.WaitGroup
		for _, r := range []*replica{a, b, a, b} {
			wg.Go(func() { r.deliver(ev, i%2) })
		}
		wg.Wait()
	}
	fakeslack.Wait(t, "five answers in C2", func() bool { return asked(a, b) >= 6 })
	settle()
	if n := asked(a, b); n != 6 {
		t.Errorf("5 messages delivered 4 times each at once were answered %d times; want 5", n-1)
	}
}

func TestReplicaRestartDoesNotAnswerAgain(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	fake := fakeslack.New(t, 20*time.Millisecond)
	a := startReplica(t, fake, srv.URL, 0)
	ts := fake.NextTS()
	ev := mustJSON(t, fakeslack.EventCallback("EvRR", message("D1", "im", "U1", "What is Stoke building?", ts, "")))
	a.deliver(ev, 0)
	a.answered("D1", "", expected(t, "What is Stoke building?")[0])
	if err := a.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	// The process restarts, with nothing in memory; Slack's retry arrives after.
	again := startReplica(t, fake, srv.URL, 0)
	b := startReplica(t, fake, srv.URL, 0)
	again.deliver(ev, 1)
	b.deliver(ev, 2)
	// A new message is answered, so the silence above is the claim's doing.
	ts2 := fake.NextTS()
	again.deliver(mustJSON(t, fakeslack.EventCallback("EvRR2", message("D1", "im", "U1", "Who founded it?", ts2, ""))), 0)
	fakeslack.Wait(t, "the new message answered", func() bool { return again.core.asked.Load() >= 1 })
	settle()
	if n := asked(again, b); n != 1 {
		t.Errorf("after the restart the replicas answered %d messages; want 1, the new one", n)
	}
}

func TestReplicasShareTheRateLimit(t *testing.T) {
	t.Parallel()
	_, fake, a, b := twoReplicas(t, 2)
	var msgs []fakeslack.Message
	for i, r := range []*replica{a, b, a} {
		ts := fake.NextTS()
		r.deliver(mustJSON(t, fakeslack.EventCallback("EvL"+ts, message("D9", "im", "U9", "What is Stoke building?", ts, ""))), 0)
		// One at a time, so that the third is the one over the limit.
		fakeslack.Wait(t, "the reply", func() bool {
			msgs = botMessages(fake.Messages("D9"))
			return len(msgs) > i && msgs[i].Text != placeholder
		})
	}
	if !strings.Contains(msgs[2].Text, "Please wait") {
		t.Errorf("third message of 2 a minute, across two replicas, got %q; want the rate-limit notice", msgs[2].Text)
	}
	for _, m := range msgs[:2] {
		if strings.Contains(m.Text, "Please wait") {
			t.Errorf("a message within the limit got %q", m.Text)
		}
	}
}

// TestReplicasWhenRedisStops: the documented behaviour. While Redis is down each replica
// keeps answering and still answers a redelivery to itself once; a redelivery to the
// other replica is answered again. Nothing hangs; once Redis is back, one answer again.
func TestReplicasWhenRedisStops(t *testing.T) {
	t.Parallel()
	srv, fake, a, b := twoReplicas(t, 5)
	srv.Stop()

	ts := fake.NextTS()
	ev := mustJSON(t, fakeslack.EventCallback("EvD1", message("D5", "im", "U5", "What is Stoke building?", ts, "")))
	start := time.Now()
	a.deliver(ev, 0)
	a.deliver(ev, 1)
	a.answered("D5", "", expected(t, "What is Stoke building?")[0])
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("answering with Redis down took %v", took)
	}
	settle()
	if n := a.core.asked.Load(); n != 1 {
		t.Errorf("replica a answered a message and its retry %d times with Redis down; want 1", n)
	}
	b.deliver(ev, 2)
	fakeslack.Wait(t, "b's answer", func() bool { return b.core.asked.Load() == 1 })
	if a.store.Fallbacks() == 0 || b.store.Fallbacks() == 0 {
		t.Errorf("fallbacks a=%d b=%d; want both counted", a.store.Fallbacks(), b.store.Fallbacks())
	}

	srv.Restart()
	time.Sleep(200 * time.Millisecond) // past RetryAfter: the next call tries Redis
	ts = fake.NextTS()
	ev = mustJSON(t, fakeslack.EventCallback("EvD2", message("D5", "im", "U5", "Who founded it?", ts, "")))
	a.deliver(ev, 0)
	b.deliver(ev, 1)
	fakeslack.Wait(t, "the answer after Redis came back", func() bool { return asked(a, b) >= 3 })
	settle()
	if n := asked(a, b); n != 3 {
		t.Errorf("after Redis came back, a message sent to both replicas was answered %d times; want once", n-2)
	}
}

func TestThreadFollowUpOnAnotherReplica(t *testing.T) {
	t.Parallel()
	_, fake, a, b := twoReplicas(t, 0)
	root := fake.NextTS()
	a.deliver(mustJSON(t, fakeslack.EventCallback("EvT1", mention("C1", "U1", "<@UBOT> What is Stoke building?", root, ""))), 0)
	fakeslack.Wait(t, "the answer in the thread", func() bool { return a.core.asked.Load() == 1 && len(botMessages(fake.Messages("C1"))) == 1 })
	// Slack sends the follow-up, no mention, to the other copy: the thread's turns in
	// Redis say the bot answered there.
	follow := fake.NextTS()
	b.deliver(mustJSON(t, fakeslack.EventCallback("EvT2", message("C1", "channel", "U1", "Who founded it?", follow, root))), 0)
	fakeslack.Wait(t, "the follow-up answered", func() bool { return b.core.asked.Load() == 1 })
	// Another thread the bot never answered in still needs a mention.
	other := fake.NextTS()
	b.deliver(mustJSON(t, fakeslack.EventCallback("EvT3", message("C1", "channel", "U2", "lunch?", fake.NextTS(), other))), 0)
	settle()
	if n := asked(a, b); n != 2 {
		t.Errorf("the replicas answered %d messages; want the mention and its follow-up", n)
	}
}
