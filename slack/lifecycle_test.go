package slack

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"storybot/chat"
	"storybot/slack/fakeslack"
)

func TestShutdownFinishesReplyInFlight(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	release := make(chan struct{})
	var finished atomic.Bool
	slow := handlerFunc(func(ctx context.Context, m chat.Message, _ func(string)) chat.Reply {
		close(started)
		<-release
		finished.Store(true)
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "finished after shutdown"}
	})
	h := start(t, ModeSocket, slow)
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-s", "EvS", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	<-started
	h.cancel()
	select {
	case err := <-h.done:
		t.Fatalf("Run returned (%v) with a reply in flight", err)
	default:
	}
	close(release)
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !finished.Load() {
		t.Fatal("handler did not finish")
	}
	h.answered("C1", ts, "finished after shutdown")
}

func TestProgressEditsThePlaceholder(t *testing.T) {
	t.Parallel()
	var h *harness
	streaming := handlerFunc(func(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
		progress("Stoke builds")
		fakeslack.Wait(t, "the progress edit", func() bool {
			for _, c := range h.fake.Calls("chat.update") {
				if c.Form.Get("text") == "Stoke builds" {
					return true
				}
			}
			return false
		})
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "Stoke builds rockets."}
	})
	h = start(t, ModeSocket, streaming)
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-pr", "EvPr", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, "Stoke builds rockets.")
}

func TestProgressEditsAreThrottled(t *testing.T) {
	t.Parallel()
	burst := handlerFunc(func(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
		for i := range 200 {
			progress(strings.Repeat("word ", i+1))
		}
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "done"}
	})
	h := start(t, ModeSocket, burst, func(c *Config) { c.ProgressInterval = time.Hour })
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-b", "EvB", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, "done")
	if n := len(h.fake.Calls("chat.update")); n > 2 {
		t.Errorf("%d edits for a burst of 200 progress calls in one interval; want at most 1 progress edit and the final one", n)
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	var now, peak atomic.Int32
	release := make(chan struct{})
	busy := handlerFunc(func(ctx context.Context, m chat.Message, _ func(string)) chat.Reply {
		n := now.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		<-release
		now.Add(-1)
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "done"}
	})
	h := start(t, ModeSocket, busy, func(c *Config) { c.MaxConcurrent = 2 })
	const n = 6
	var stamps []string
	for range n {
		ts := h.fake.NextTS()
		stamps = append(stamps, ts)
		h.send(fakeslack.EventEnvelope("env-c"+ts, "EvC"+ts, mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	}
	fakeslack.Wait(t, "two answers under way", func() bool { return now.Load() == 2 })
	close(release)
	for _, ts := range stamps {
		h.answered("C1", ts, "done")
	}
	if p := peak.Load(); p != 2 {
		t.Errorf("%d messages answered at once; want at most MaxConcurrent = 2 (and 2 reached)", p)
	}
}

func TestReconnectsAfterDrop(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, &recorder{reply: "still here"})
	h.fake.Drop()
	fakeslack.Wait(t, "a second connection", func() bool { return h.fake.Dials() >= 2 })
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-after", "EvAfter", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, "still here")
	if n := len(h.fake.Calls("apps.connections.open")); n < 2 {
		t.Errorf("apps.connections.open called %d times; want a new URL for the reconnect", n)
	}
}

func TestRefusedTokensStopRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		tweak func(*Config)
		want  string
	}{
		{"bot token", func(c *Config) { c.BotToken = "xoxb-wrong" }, "SLACK_BOT_TOKEN"},
		{"app token", func(c *Config) { c.AppToken = "xapp-wrong" }, "SLACK_APP_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeslack.New(t, 20*time.Millisecond)
			cfg := Config{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fake.APIURL}
			tc.tweak(&cfg)
			a, err := New(cfg, echo, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = a.Run(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "wrong") {
				t.Errorf("Run = %v; want an error naming %s and not repeating the token", err, tc.want)
			}
		})
	}
}
