package slack

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
	"storybot/chat/chattest"
	"storybot/slack/fakeslack"
)

var (
	botOnce sync.Once
	theBot  *chat.Bot
)

// realBot is the chat core over the embedded story, as cmd/bot wires it.
func realBot() *chat.Bot {
	botOnce.Do(func() {
		theBot = chattest.StoryBot(chat.Options{})
	})
	return theBot
}

// expected is what the real bot replies to text, rendered for Slack.
func expected(t *testing.T, text string) []string {
	t.Helper()
	r := realBot().Handle(context.Background(), chat.Message{Text: text, User: "expect", Conversation: "expect:" + t.Name(), Direct: true}, nil)
	pieces := render(r.Markdown)
	if len(pieces) == 0 {
		t.Fatalf("the bot's reply to %q renders to nothing", text)
	}
	return pieces
}

// handlerFunc adapts a function to Handler.
type handlerFunc func(ctx context.Context, m chat.Message, progress func(string)) chat.Reply

func (f handlerFunc) Handle(ctx context.Context, m chat.Message, progress func(string)) chat.Reply {
	return f(ctx, m, progress)
}

// recorder answers every message with fixed Markdown and keeps the messages it got.
type recorder struct {
	reply string
	mu    sync.Mutex
	got   []chat.Message
}

func (r *recorder) Handle(_ context.Context, m chat.Message, _ func(string)) chat.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, m)
	return chat.Reply{Kind: chat.AnswerReply, Markdown: r.reply, Answer: &storybot.Answer{Text: r.reply}}
}

func (r *recorder) messages() []chat.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.Message(nil), r.got...)
}

// harness runs an Adapter against a fake Slack.
type harness struct {
	t      *testing.T
	fake   *fakeslack.Server
	a      *Adapter
	cancel context.CancelFunc
	done   chan error
	// Addr is the HTTP mode's address.
	addr string
}

// start runs an Adapter in mode with handler h against a new fake Slack, and waits until
// it is connected (Socket Mode) or listening (HTTP mode).
func start(t *testing.T, mode string, h Handler, tweak ...func(*Config)) *harness {
	t.Helper()
	return startOn(t, fakeslack.New(t, 20*time.Millisecond), mode, h, tweak...)
}

// startOn runs an Adapter as start does, against fake, which other Adapters may share as
// copies of one bot do, or as the bot restarted does.
func startOn(t *testing.T, fake *fakeslack.Server, mode string, h Handler, tweak ...func(*Config)) *harness {
	t.Helper()
	dials, auths := fake.Dials(), len(fake.Calls("auth.test"))
	cfg := Config{
		BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, SigningSecret: secret,
		Mode: mode, APIURL: fake.APIURL, Grace: 5 * time.Second,
		ProgressInterval: 20 * time.Millisecond, PingInterval: 2 * time.Second, MaxRetryWait: 2 * time.Second,
	}
	for _, f := range tweak {
		f(&cfg)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := New(cfg, h, logger)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.retryBase = time.Millisecond
	hs := &harness{t: t, fake: fake, a: a, done: make(chan error, 1)}
	if mode == ModeHTTP {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		a.listener = ln
		hs.addr = "http://" + ln.Addr().String()
	}
	ctx, cancel := context.WithCancel(context.Background())
	hs.cancel = cancel
	go func() { hs.done <- a.Run(ctx) }()
	t.Cleanup(func() { hs.stop() })
	if mode == ModeSocket {
		fakeslack.Wait(t, "the Socket Mode connection", func() bool { return fake.Dials() > dials })
	} else {
		fakeslack.Wait(t, "auth.test", func() bool { return len(fake.Calls("auth.test")) > auths })
	}
	return hs
}

// stop cancels Run and returns its error, failing the test if it does not return.
func (h *harness) stop() error {
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err // later calls see the same result
		return err
	case <-time.After(15 * time.Second):
		h.t.Fatal("Run did not return after its context was cancelled")
		return nil
	}
}

// send delivers a Socket Mode envelope and waits for its acknowledgement.
func (h *harness) send(env map[string]any) {
	h.t.Helper()
	if err := h.fake.Send(env); err != nil {
		h.t.Fatalf("send: %v", err)
	}
	id, _ := env["envelope_id"].(string)
	fakeslack.Wait(h.t, "ack of "+id, func() bool { _, ok := h.fake.Ack(id); return ok })
}

// answered waits until the message in channel whose thread is thread (or "" for the top
// level) holds want as its text, and returns the channel's messages.
func (h *harness) answered(channel, thread, want string) []fakeslack.Message {
	h.t.Helper()
	var msgs []fakeslack.Message
	fakeslack.Wait(h.t, "answer in "+channel+"/"+thread, func() bool {
		msgs = h.fake.Messages(channel)
		for _, m := range msgs {
			if m.BotID == fakeslack.BotID && m.ThreadTS == thread && m.Text == want {
				return true
			}
		}
		return false
	})
	return msgs
}

// botMessages returns the bot's messages in channel.
func botMessages(msgs []fakeslack.Message) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range msgs {
		if m.BotID == fakeslack.BotID {
			out = append(out, m)
		}
	}
	return out
}

// mention is a channel app_mention event.
func mention(channel, user, text, ts, thread string) map[string]any {
	e := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts}
	if thread != "" {
		e["thread_ts"] = thread
	}
	return e
}

// message is a message event.
func message(channel, channelType, user, text, ts, thread string) map[string]any {
	e := map[string]any{"type": "message", "user": user, "text": text, "ts": ts, "channel": channel, "channel_type": channelType, "event_ts": ts}
	if thread != "" {
		e["thread_ts"] = thread
	}
	return e
}

// testWriter sends the adapter's log to the test's log under -v.
type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

const secret = "fake-signing-secret"

// gate is a slow handler: it signals started, then waits for release before replying.
type gate struct {
	started chan<- struct{}
	release <-chan struct{}
	reply   string
}

func (g *gate) Handle(context.Context, chat.Message, func(string)) chat.Reply {
	close(g.started)
	<-g.release
	return chat.Reply{Kind: chat.AnswerReply, Markdown: g.reply}
}
