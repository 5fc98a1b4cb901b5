package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/chat"
	"storybot/chat/chattest"
)

// realBot is the chat core over the embedded story, as cmd/bot wires it. The tests share
// one, as the platforms of a running bot do; their conversations are apart since each
// test uses its own channels.
var realBot = sync.OnceValue(func() *chat.Bot { return chattest.StoryBot(chat.Options{}) })

// recorder passes messages on to a handler and remembers them.
type recorder struct {
	next Handler
	mu   sync.Mutex
	got  []chat.Message
}

func (r *recorder) Handle(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
	r.mu.Lock()
	r.got = append(r.got, m)
	r.mu.Unlock()
	return r.next.Handle(ctx, m, progress)
}

// messages returns the messages handled so far.
func (r *recorder) messages() []chat.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.Message(nil), r.got...)
}

// handlerFunc is a scripted handler.
type handlerFunc func(ctx context.Context, m chat.Message, progress func(string)) chat.Reply

func (f handlerFunc) Handle(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
	return f(ctx, m, progress)
}

// syncBuffer is a log sink that tests can read while the adapter writes.
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

// running is an Adapter running against a fake Discord.
type running struct {
	f      *fakeDiscord
	a      *Adapter
	logs   *syncBuffer // info level and above
	cancel context.CancelFunc
	errc   chan error
}

// start runs an Adapter answering with h against a new fake, and waits until it has
// registered its commands. cfg's Token and APIURL are filled in.
func start(t *testing.T, h Handler, cfg Config) *running {
	t.Helper()
	f := newFake(t)
	r := startOn(t, f, h, cfg)
	f.waitReqs("PUT", "/applications/", 1)
	return r
}

// startOn runs an Adapter against f without waiting for it to connect; tweak changes the
// Adapter before it runs.
func startOn(t *testing.T, f *fakeDiscord, h Handler, cfg Config, tweak ...func(*Adapter)) *running {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = "test-token"
	}
	cfg.APIURL = f.apiURL()
	if cfg.PlaceholderDelay == 0 {
		// Most tests follow a reply that shows its progress: the typing indicator, the
		// deferred slash command. Those of a fast answer set a long delay.
		cfg.PlaceholderDelay = time.Nanosecond
	}
	logs := &syncBuffer{}
	a, err := New(cfg, h, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.editEvery = 30 * time.Millisecond
	a.retryBase = 20 * time.Millisecond
	for _, tw := range tweak {
		tw(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{f: f, a: a, logs: logs, cancel: cancel, errc: make(chan error, 1)}
	go func() { r.errc <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.errc:
		case <-time.After(15 * time.Second):
			t.Errorf("Run did not return after its context was cancelled")
		}
	})
	return r
}

// stop cancels Run's context and returns what Run returned.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.errc:
		r.errc <- err // for the cleanup
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
		return nil
	}
}

// wait waits for Run to return on its own, and returns what it returned.
func (r *running) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.errc:
		r.errc <- err // for the cleanup
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

// send dispatches a MESSAGE_CREATE for m on the current gateway connection.
func (r *running) send(m any) {
	r.f.current().dispatch("MESSAGE_CREATE", m)
}

// decode unmarshals a request body, failing the test when it is not JSON.
func decode(t *testing.T, r request, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v: %s", r.Method, r.Path, err, r.Body)
	}
}

// sent is the part of a message payload the tests look at.
type sent struct {
	Content         string `json:"content"`
	Flags           int    `json:"flags"`
	AllowedMentions *struct {
		Parse       *[]string `json:"parse"`
		RepliedUser bool      `json:"replied_user"`
	} `json:"allowed_mentions"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	Type int `json:"type"`
}

// payload returns the message a request sends, which an interaction callback nests
// under "data".
func payload(t *testing.T, r request) sent {
	t.Helper()
	var s sent
	if strings.HasSuffix(r.Path, "/callback") {
		var cb struct {
			Data sent `json:"data"`
		}
		decode(t, r, &cb)
		return cb.Data
	}
	decode(t, r, &s)
	return s
}

// checkNoPings fails unless the payload's allowed_mentions is present with an empty parse
// list, so that Discord parses no mention in it.
func checkNoPings(t *testing.T, r request) {
	t.Helper()
	s := payload(t, r)
	if s.AllowedMentions == nil || s.AllowedMentions.Parse == nil || len(*s.AllowedMentions.Parse) != 0 || s.AllowedMentions.RepliedUser {
		t.Errorf("%s %s: allowed_mentions = %s; want {\"parse\":[]} with no replied_user", r.Method, r.Path, r.Body)
	}
}
