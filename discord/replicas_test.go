package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
	"storybot/chat/redisstate"
	"storybot/chat/redisstate/redistest"
)

// counter answers every message with the same line and counts them.
type counter struct{ n atomic.Int32 }

func (c *counter) Handle(context.Context, chat.Message, func(string)) chat.Reply {
	c.n.Add(1)
	return chat.Reply{Kind: chat.AnswerReply, Markdown: "The answer."}
}

// waitFor waits until cond holds, failing the test after 15 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// identified returns the shard field of every IDENTIFY the fake received; nil for an
// unsharded one.
func identified(t *testing.T, f *fakeDiscord) []*[2]int {
	t.Helper()
	var out []*[2]int
	for _, op := range f.gatewayOps(2) {
		var id struct {
			Shard *[2]int `json:"shard"`
		}
		if err := json.Unmarshal(op.D, &id); err != nil {
			t.Fatalf("IDENTIFY payload: %v", err)
		}
		out = append(out, id.Shard)
	}
	return out
}

// TestTwoSessionsAnswerOnce: two processes with one token both receive every message;
// sharing one Redis, they answer it once between them.
func TestTwoSessionsAnswerOnce(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	f := newFake(t)
	h := &counter{}
	for range 2 {
		store, err := redisstate.New(srv.URL, redisstate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		startOn(t, f, h, Config{Store: store})
	}
	waitFor(t, "two sessions", func() bool { return len(f.connections()) == 2 })
	f.waitReqs("PUT", "/applications/", 2)
	for i, id := range []string{"9701", "9702", "9703"} {
		m := userMessage(id, "97", guildID, "<@"+botID+"> What is Stoke building?")
		for _, c := range f.connections() {
			c.dispatch("MESSAGE_CREATE", m)
		}
		f.waitReqs("POST", "/channels/97/messages", i+1)
	}
	time.Sleep(300 * time.Millisecond) // time for a second answer, were one coming
	if n := len(f.reqs("POST", "/channels/97/messages")); n != 3 {
		t.Errorf("3 messages each seen by two sessions got %d replies; want 3", n)
	}
	if n := h.n.Load(); n != 3 {
		t.Errorf("the handler was asked %d times; want 3", n)
	}
}

// TestAutomaticSharding: with no shard count set, the bot runs as many shards as Discord
// recommends, identifying each, registering the commands once, and answering a message
// once even when two shards see it.
func TestAutomaticSharding(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.respond = func(r request) (int, string, http.Header, bool) {
		if r.Method == "GET" && r.Path == "/gateway/bot" {
			url := "ws" + f.srv.URL[len("http"):] + "/ws"
			return 200, `{"url": "` + url + `", "shards": 2, "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 2}}`, nil, true
		}
		return 0, "", nil, false
	}
	h := &counter{}
	r := startOn(t, f, h, Config{})
	waitFor(t, "two shards ready", func() bool { return strings.Count(r.logs.String(), "discord: ready") == 2 })
	f.waitReqs("PUT", "/applications/", 1)
	shards := map[[2]int]bool{}
	for _, s := range identified(t, f) {
		if s != nil {
			shards[*s] = true
		}
	}
	if !shards[[2]int{0, 2}] || !shards[[2]int{1, 2}] || len(shards) != 2 {
		t.Errorf("IDENTIFY shards = %v; want [0 2] and [1 2]", shards)
	}
	// A direct message comes on shard 0; the other shard seeing it too changes nothing.
	dm := userMessage("9801", "98", "", "What is Stoke building?")
	for _, c := range f.connections() {
		c.dispatch("MESSAGE_CREATE", dm)
	}
	f.waitReqs("POST", "/channels/98/messages", 1)
	time.Sleep(300 * time.Millisecond)
	if n := h.n.Load(); n != 1 {
		t.Errorf("a message seen by both shards was answered %d times; want 1", n)
	}
	if n := len(f.reqs("PUT", "/applications/")); n != 1 {
		t.Errorf("the commands were registered %d times; want once, by shard 0", n)
	}
}

// TestExplicitShard: shard_id and shard_count make this process one shard of several; it
// leaves the commands to shard 0's process.
func TestExplicitShard(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	h := &counter{}
	r := startOn(t, f, h, Config{ShardID: 1, ShardCount: 3})
	waitFor(t, "the session", func() bool { return strings.Contains(r.logs.String(), "discord: ready") })
	r.send(userMessage("9901", "99", guildID, "<@"+botID+"> What is Stoke building?"))
	f.waitReqs("POST", "/channels/99/messages", 1)
	if got := identified(t, f); len(got) != 1 || got[0] == nil || *got[0] != [2]int{1, 3} {
		t.Errorf("IDENTIFY shard = %v; want [1 3]", got)
	}
	if n := len(f.reqs("PUT", "/applications/")); n != 0 {
		t.Errorf("shard 1 registered the commands %d times; want 0, shard 0 does", n)
	}
	if n := len(f.reqs("GET", "/gateway/bot")); n != 0 {
		t.Errorf("shard 1 of 3 asked for the recommended count %d times; want 0", n)
	}
}

// TestRESTSessionRenewed: the replies' REST calls move to a fresh session, and so a fresh
// rate limiter, every renewEvery calls, and the replies keep flowing across the change.
func TestRESTSessionRenewed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	h := &counter{}
	var first *discordgo.Session
	r := startOn(t, f, h, Config{}, func(a *Adapter) {
		a.renewEvery = 2
		first = a.restSession.Load()
	})
	waitFor(t, "the session", func() bool { return strings.Contains(r.logs.String(), "discord: ready") })
	for i, id := range []string{"9751", "9752", "9753", "9754", "9755"} {
		r.send(userMessage(id, "975", "", "What is Stoke building?"))
		f.waitReqs("POST", "/channels/975/messages", i+1)
	}
	if r.a.restSession.Load() == first {
		t.Error("the REST session was never renewed")
	}
	if r.a.restSession.Load().Ratelimiter == r.a.session.Ratelimiter {
		t.Error("the REST session shares the gateway session's rate limiter")
	}
}
