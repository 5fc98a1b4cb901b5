package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/slack/fakeslack"
)

// syncBuffer is a bytes.Buffer safe to write from the platforms' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs bot serve with env and args until stop, which fails the test unless
// serve then returns nil promptly.
func startServe(t *testing.T, env map[string]string, args ...string) (stdout, stderr *syncBuffer, stop func()) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), stdout, stderr)
	}()
	stop = func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v after its context ended; want nil", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop after its context ended")
		}
	}
	t.Cleanup(cancel)
	return stdout, stderr, stop
}

// bot serve with Slack tokens answers a channel mention in its thread, through the real
// slack-go client and a fake Slack, and stops cleanly when its context ends.
func TestServeSlack(t *testing.T) {
	fake := fakeslack.New(t, 50*time.Millisecond)
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("slack:\n  api_url: "+fake.APIURL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_BOT_TOKEN": fakeslack.BotToken, "SLACK_APP_TOKEN": fakeslack.AppToken}
	stdout, stderr, stop := startServe(t, env, "--config", cfg)
	fakeslack.Wait(t, "the Socket Mode connection", func() bool { return fake.Dials() >= 1 })

	const question = "Who founded Stoke Space?"
	ts := fake.AddMessage(fakeslack.Message{Channel: "C1", User: "U1", Text: "<@" + fakeslack.BotUserID + "> " + question})
	event := map[string]any{"type": "app_mention", "user": "U1", "text": "<@" + fakeslack.BotUserID + "> " + question, "ts": ts, "channel": "C1", "event_ts": ts}
	if err := fake.Send(fakeslack.EventEnvelope("E1", "Ev1", event, 0)); err != nil {
		t.Fatal(err)
	}
	fakeslack.Wait(t, "the answer in the mention's thread", func() bool {
		for _, m := range fake.Messages("C1") {
			if m.BotID == fakeslack.BotID && m.ThreadTS == ts && strings.Contains(m.Text, "Blue Origin") {
				return true
			}
		}
		return false
	})

	stop()
	logs := stderr.String()
	for _, secret := range []string{question, fakeslack.BotToken, fakeslack.AppToken} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q; message text and tokens stay out of info logs:\n%s", secret, logs)
		}
	}
	if stdout.String() != "" {
		t.Errorf("serve with a platform wrote %q to stdout; want the terminal chat off", stdout.String())
	}
}
