package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"storybot/chat"
	"storybot/chat/redisstate"
	"storybot/chat/redisstate/redistest"
	"storybot/slack/fakeslack"
)

func TestServeRefusesBadStateSettings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	shard := filepath.Join(dir, "shard.yaml")
	os.WriteFile(shard, []byte("discord:\n  shard_id: 2\n  shard_count: 2\n"), 0o644)
	timeout := filepath.Join(dir, "timeout.yaml")
	os.WriteFile(timeout, []byte("state:\n  redis_timeout: 0s\n"), 0o644)
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve"}, map[string]string{"REDIS_URL": "http://:s3cret@localhost:6379"}, "REDIS_URL"},
		{[]string{"--config", shard, "serve"}, nil, "discord.shard_id"},
		{[]string{"--config", timeout, "serve"}, nil, "state.redis_timeout"},
	}
	for _, tt := range tests {
		var out, errOut syncBuffer
		err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, strings.NewReader(""), &out, &errOut)
		if err == nil || !isUsage(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) with %v = %v; want a usage error mentioning %q", tt.args, tt.env, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error()+errOut.String(), "s3cret") {
			t.Errorf("run(%q): the Redis password is in the error or the log", tt.args)
		}
	}
}

// bot serve with REDIS_URL claims the messages it answers in Redis, where another copy
// of the bot would find them.
func TestServeSlackClaimsInRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	fake := fakeslack.New(t, 50*time.Millisecond)
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("slack:\n  api_url: "+fake.APIURL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_BOT_TOKEN": fakeslack.BotToken, "SLACK_APP_TOKEN": fakeslack.AppToken, "REDIS_URL": srv.URL,
		"STORYBOT_FEEDBACK_PATH": filepath.Join(t.TempDir(), "feedback.jsonl")}
	s := startServe([]string{"serve", "--config", cfg}, env)
	defer s.cancel()
	fakeslack.Wait(t, "the Socket Mode connection", func() bool { return fake.Dials() >= 1 })
	ts := fake.NextTS()
	event := map[string]any{"type": "message", "channel_type": "im", "user": "U1", "text": "Who founded Stoke Space?", "ts": ts, "channel": "D1", "event_ts": ts}
	if err := fake.Send(fakeslack.EventEnvelope("E1", "Ev1", event, 0)); err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	key := "storybot:claim:slack:D1/" + ts
	fakeslack.Wait(t, "the claim in Redis", func() bool { return rdb.Exists(context.Background(), key).Val() == 1 })
	s.stop(t)
	if !strings.Contains(s.stderr.String(), "state shared in Redis") {
		t.Errorf("serve did not log that state is shared:\n%s", s.stderr.String())
	}
}

// With the state in Redis, votes go there too, whichever copy records them, and bot
// feedback reads them from there.
func TestVotesInRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL}
	getenv := func(k string) string { return env[k] }
	cfg := defaultConfig()
	st, err := newStore(context.Background(), cfg, getenv, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	a := &app{cfg: cfg, sharedVotes: st.votes, followed: st.followed, log: slog.New(slog.DiscardHandler)}
	if _, ok := a.followedOn("slack").(*redisstate.Answered); !ok {
		t.Errorf("with Redis, Slack's questions are followed in %T; want Redis", a.followedOn("slack"))
	}
	if (&app{}).followedOn("slack") != nil {
		t.Error("without Redis, the adapters are not left to follow their own questions")
	}
	if err := a.openFeedback(); err != nil || a.feedback != st.votes || a.closeFeedback != nil {
		t.Fatalf("openFeedback with Redis = %v, feedback %T; want the votes in Redis", err, a.feedback)
	}
	rec := chat.FeedbackRecord{Answer: "ab12cd34", Question: "Who founded Stoke Space?", Mode: "quotes",
		Vote: chat.VoteDown, Platform: "slack", User: chat.HashUser("slack", "U1"), Time: time.Now().UTC()}
	if _, err := a.feedback.Record(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"feedback", "--json"}, getenv, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("bot feedback --json with REDIS_URL: %v; stderr %s", err, errOut.String())
	}
	var rep chat.FeedbackReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Down != 1 || len(rep.MostDown) != 1 || rep.MostDown[0].Question != rec.Question {
		t.Errorf("bot feedback --json = %s (%v); want the one 👎 recorded in Redis", out.String(), err)
	}
}
