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

// serving is bot serve running in the background until stop.
type serving struct {
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

// startServe runs the command args with the environment env in the background.
func startServe(args []string, env map[string]string) *serving {
	s := &serving{done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		s.done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &s.stdout, &s.stderr)
	}()
	return s
}

// stop ends the command's context and fails the test unless it then returns nil.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("serve returned %v after its context ended; want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
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
	s := startServe([]string{"serve", "--config", cfg}, env)
	defer s.cancel()
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

	s.stop(t)
	logs := s.stderr.String()
	for _, secret := range []string{question, fakeslack.BotToken, fakeslack.AppToken} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q; message text and tokens stay out of info logs:\n%s", secret, logs)
		}
	}
	if s.stdout.String() != "" {
		t.Errorf("serve with a platform wrote %q to stdout; want the terminal chat off", s.stdout.String())
	}
}
