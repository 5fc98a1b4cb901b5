package ops

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
)

// get fetches path from the server at base with a real client.
func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// serve runs Serve on a free port until the test ends and returns its base URL.
func serve(t *testing.T, m *Metrics, h *Health) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, Handler(m, h), nil) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v after its context ended; want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not stop with its context")
		}
	})
	return "http://" + ln.Addr().String()
}

func TestReadinessFlips(t *testing.T) {
	h := NewHealth("slack", "discord")
	base := serve(t, NewMetrics("v1", "abc"), h)
	if code, body := get(t, base, "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q; want 200 ok", code, body)
	}
	steps := []struct {
		do       func()
		wantCode int
		wantBody string
	}{
		{func() {}, 503, "not ready: index not built"},
		{h.Indexed, 503, "not ready: not connected: discord, slack"},
		{func() { h.Connection("slack", true) }, 503, "not ready: not connected: discord"},
		{func() { h.Connection("discord", true) }, 200, "ready"},
		{func() { h.Connection("discord", false) }, 503, "not ready: not connected: discord"},
	}
	for i, s := range steps {
		s.do()
		if code, body := get(t, base, "/readyz"); code != s.wantCode || strings.TrimSpace(body) != s.wantBody {
			t.Errorf("step %d: /readyz = %d %q; want %d %q", i, code, body, s.wantCode, s.wantBody)
		}
	}
	if code, _ := get(t, base, "/nothing"); code != 404 {
		t.Errorf("/nothing = %d; want 404", code)
	}
}

func TestMetricsCount(t *testing.T) {
	m := NewMetrics("v1.2.3", "abc123")
	base := serve(t, m, NewHealth())
	m.Observe(chat.Outcome{Platform: "slack", Kind: chat.AnswerReply, Mode: storybot.ModeQuotes, Result: chat.ResultAnswered, Elapsed: 20 * time.Millisecond})
	m.Observe(chat.Outcome{Platform: "slack", Kind: chat.AnswerReply, Mode: storybot.ModeQuotes, Result: chat.ResultAnswered, Fallback: "timeout", Elapsed: time.Second})
	m.Observe(chat.Outcome{Platform: "discord", Kind: chat.NoticeReply, Result: chat.ResultLimited})
	m.Indexed(5, 42)
	m.Reloaded(nil)
	m.Reloaded(errors.New("bad manifest"))
	m.Connection("discord", true)
	m.Connection("discord", false)
	m.Connection("discord", true)
	m.Tokens(100, 20)
	llm := m.LLM(completer(func(ctx context.Context) error { return nil }))
	llm.Complete(context.Background(), "s", "u", nil)
	llm = m.LLM(completer(func(ctx context.Context) error { return context.DeadlineExceeded }))
	llm.Complete(context.Background(), "s", "u", nil)

	code, body := get(t, base, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`storybot_questions_total{mode="quotes",outcome="answered",platform="slack"} 2`,
		`storybot_questions_total{mode="none",outcome="limited",platform="discord"} 1`,
		`storybot_answer_duration_seconds_count{mode="quotes",platform="slack"} 2`,
		`storybot_llm_fallbacks_total{reason="timeout"} 1`,
		`storybot_llm_requests_total{outcome="ok"} 1`,
		`storybot_llm_requests_total{outcome="timeout"} 1`,
		`storybot_llm_tokens_total{kind="prompt"} 100`,
		`storybot_llm_tokens_total{kind="completion"} 20`,
		`storybot_platform_reconnects_total{platform="discord"} 1`,
		`storybot_platform_connected{platform="discord"} 1`,
		`storybot_articles_indexed 5`,
		`storybot_chunks_indexed 42`,
		`storybot_corpus_reloads_total{result="ok"} 1`,
		`storybot_corpus_reloads_total{result="failed"} 1`,
		`storybot_build_info{commit="abc123",version="v1.2.3"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

type completer func(ctx context.Context) error

func (c completer) Complete(ctx context.Context, system, user string, onDelta func(string)) (string, error) {
	return "text", c(ctx)
}
