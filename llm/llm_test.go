package llm_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/llm"
	"storybot/llm/llmtest"
)

// client returns a client of the fake with fast retries.
func client(t *testing.T, srv *llmtest.Server, mod func(*llm.Config)) *llm.Client {
	t.Helper()
	cfg := llm.Config{BaseURL: srv.BaseURL(), Model: "fake-model", Timeout: 5 * time.Second,
		RetryBackoff: time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := llm.New(cfg, nil)
	if err != nil {
		t.Fatalf("llm.New: %v", err)
	}
	return c
}

// deadline is the test's own bound: every call must return well inside it.
func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// collector gathers the pieces a stream passes on.
type collector struct {
	mu     sync.Mutex
	pieces []string
}

func (c *collector) add(s string) { c.mu.Lock(); c.pieces = append(c.pieces, s); c.mu.Unlock() }
func (c *collector) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.pieces, "")
}

const reply = "Stoke Space builds reusable rockets [1]."

func TestCompletePlain(t *testing.T) {
	srv := llmtest.New(t, func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Text: reply} })
	got, err := client(t, srv, nil).Complete(deadline(t), "sys", "user", nil)
	if err != nil || got != reply {
		t.Fatalf("Complete = %q, %v; want %q, nil", got, err, reply)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests; want 1", len(reqs))
	}
	r := reqs[0]
	if r.Stream || r.System != "sys" || r.User != "user" || r.Model != "fake-model" {
		t.Errorf("request = %+v; want a plain request of model fake-model with the prompts", r)
	}
	if r.MaxTokens != llm.DefaultMaxTokens {
		t.Errorf("max tokens = %d; want %d", r.MaxTokens, llm.DefaultMaxTokens)
	}
	if r.Auth != "" {
		t.Errorf("Authorization = %q without an API key; want none", r.Auth)
	}
}

func TestCompleteStream(t *testing.T) {
	srv := llmtest.New(t, func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Text: reply} })
	var c collector
	got, err := client(t, srv, func(c *llm.Config) { c.APIKey = "sk-test" }).Complete(deadline(t), "sys", "user", c.add)
	if err != nil || got != reply {
		t.Fatalf("Complete = %q, %v; want %q, nil", got, err, reply)
	}
	if len(c.pieces) < 2 || c.text() != reply {
		t.Errorf("pieces = %q; want several that join to %q", c.pieces, reply)
	}
	r := srv.Requests()[0]
	if !r.Stream || r.Auth != "Bearer sk-test" {
		t.Errorf("stream=%v auth=%q; want a streamed request with the key", r.Stream, r.Auth)
	}
}

func TestCompleteFailures(t *testing.T) {
	tests := []struct {
		name     string
		stream   bool
		respond  func(n int) llmtest.Reply
		wantErr  error // nil: any error
		wantOK   bool
		requests int
	}{
		{name: "429 then success", respond: func(n int) llmtest.Reply {
			if n == 0 {
				return llmtest.Reply{Status: 429, RetryAfter: "0"}
			}
			return llmtest.Reply{Text: reply}
		}, wantOK: true, requests: 2},
		{name: "streamed 503 then success", stream: true, respond: func(n int) llmtest.Reply {
			if n == 0 {
				return llmtest.Reply{Status: 503}
			}
			return llmtest.Reply{Text: reply}
		}, wantOK: true, requests: 2},
		{name: "500 every time", respond: func(int) llmtest.Reply { return llmtest.Reply{Status: 500} },
			requests: 1 + llm.DefaultMaxRetries},
		{name: "400 is not retried", respond: func(int) llmtest.Reply { return llmtest.Reply{Status: 400} },
			requests: 1},
		{name: "Retry-After beyond the deadline", respond: func(int) llmtest.Reply {
			return llmtest.Reply{Status: 429, RetryAfter: "120"}
		}, requests: 1},
		{name: "hang", respond: func(int) llmtest.Reply { return llmtest.Reply{Hang: true} },
			wantErr: context.DeadlineExceeded, requests: 1},
		{name: "streamed hang", stream: true, respond: func(int) llmtest.Reply { return llmtest.Reply{Hang: true} },
			wantErr: context.DeadlineExceeded, requests: 1},
		{name: "truncated stream", stream: true, respond: func(int) llmtest.Reply {
			return llmtest.Reply{Text: reply, Truncate: true}
		}, wantErr: llm.ErrIncomplete, requests: 1},
		{name: "mid-stream error", stream: true, respond: func(int) llmtest.Reply {
			return llmtest.Reply{Text: reply, ErrorAfter: 2}
		}, requests: 1},
		{name: "cut at the token limit", respond: func(int) llmtest.Reply {
			return llmtest.Reply{Text: reply, Finish: "length"}
		}, wantErr: llm.ErrTruncated, requests: 1},
		{name: "streamed cut at the token limit", stream: true, respond: func(int) llmtest.Reply {
			return llmtest.Reply{Text: reply, Finish: "length"}
		}, wantErr: llm.ErrTruncated, requests: 1},
		{name: "content filter", respond: func(int) llmtest.Reply {
			return llmtest.Reply{Text: "", Finish: "content_filter"}
		}, wantErr: llm.ErrRefused, requests: 1},
		{name: "empty", stream: true, respond: func(int) llmtest.Reply { return llmtest.Reply{Text: "  "} },
			wantErr: llm.ErrEmpty, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := llmtest.New(t, func(n int, _ llmtest.Request) llmtest.Reply { return tt.respond(n) })
			c := client(t, srv, func(c *llm.Config) { c.Timeout = time.Second })
			var onDelta func(string)
			var col collector
			if tt.stream {
				onDelta = col.add
			}
			ctx := deadline(t)
			got, err := c.Complete(ctx, "sys", "user", onDelta)
			if ctx.Err() != nil {
				t.Fatalf("Complete outlived the caller's deadline")
			}
			switch {
			case tt.wantOK && (err != nil || got != reply):
				t.Errorf("Complete = %q, %v; want %q, nil", got, err, reply)
			case !tt.wantOK && err == nil:
				t.Errorf("Complete = %q, nil; want an error", got)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Complete error = %v; want %v", err, tt.wantErr)
			case !tt.wantOK && got != "":
				t.Errorf("Complete = %q with error %v; want no text", got, err)
			}
			// A hang may time out before the request is even read on a busy machine.
			if n := len(srv.Requests()); n != tt.requests && !(errors.Is(err, context.DeadlineExceeded) && n < tt.requests) {
				t.Errorf("%d requests; want %d", n, tt.requests)
			}
		})
	}
}

// A stream that failed after passing text on must not be retried: the caller already
// showed that text, and a second answer would be glued onto it.
func TestNoRetryAfterDelta(t *testing.T) {
	srv := llmtest.New(t, func(n int, _ llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Text: reply, ErrorAfter: 2}
	})
	var col collector
	_, err := client(t, srv, nil).Complete(deadline(t), "s", "u", col.add)
	if err == nil || len(srv.Requests()) != 1 || col.text() == "" {
		t.Fatalf("err=%v requests=%d passed=%q; want an error after one request that passed text on",
			err, len(srv.Requests()), col.text())
	}
}

func TestCallerCancel(t *testing.T) {
	srv := llmtest.New(t, func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Hang: true} })
	ctx, cancel := context.WithCancel(deadline(t))
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := client(t, srv, nil).Complete(ctx, "s", "u", nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Complete error = %v; want context.Canceled", err)
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     llm.Config
		wantErr string
		model   string
	}{
		{name: "OpenAI defaults", cfg: llm.Config{APIKey: "k"}, model: llm.DefaultModel},
		{name: "Ollama", cfg: llm.Config{BaseURL: "http://localhost:11434/v1", Model: "llama3.2"}, model: "llama3.2"},
		{name: "local server without a model", cfg: llm.Config{BaseURL: "http://localhost:11434/v1"}, wantErr: "llm.model"},
		{name: "not a URL", cfg: llm.Config{BaseURL: "localhost:11434", Model: "m"}, wantErr: "http or https"},
		{name: "negative timeout", cfg: llm.Config{APIKey: "k", Timeout: -time.Second}, wantErr: "timeout"},
		{name: "temperature too high", cfg: llm.Config{APIKey: "k", Temperature: 3}, wantErr: "temperature"},
		{name: "negative max tokens", cfg: llm.Config{APIKey: "k", MaxTokens: -1}, wantErr: "max tokens"},
	}
	for _, tt := range tests {
		c, err := llm.New(tt.cfg, nil)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: New error = %v; want one mentioning %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || c.Model() != tt.model {
			t.Errorf("%s: New = model %q, %v; want %q, nil", tt.name, c.Model(), err, tt.model)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name    string
		cfg     llm.Config
		keyEnv  string
		env     map[string]string
		on      bool
		key     string
		baseURL string
	}{
		{name: "nothing set", env: nil, on: false},
		{name: "key only", env: map[string]string{"OPENAI_API_KEY": "sk-1"}, on: true, key: "sk-1"},
		{name: "base URL only", env: map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"},
			on: true, baseURL: "http://localhost:11434/v1"},
		{name: "other key variable", keyEnv: "MY_KEY",
			env: map[string]string{"MY_KEY": "sk-2", "OPENAI_API_KEY": "sk-1"}, on: true, key: "sk-2"},
		{name: "config base URL wins", cfg: llm.Config{BaseURL: "http://vllm:8000/v1"},
			env: map[string]string{"OPENAI_BASE_URL": "http://other/v1"}, on: true, baseURL: "http://vllm:8000/v1"},
		{name: "blank key is no key", env: map[string]string{"OPENAI_API_KEY": "  "}, on: false},
	}
	for _, tt := range tests {
		cfg, on := llm.FromEnv(tt.cfg, tt.keyEnv, env(tt.env))
		if on != tt.on || cfg.APIKey != tt.key || cfg.BaseURL != tt.baseURL {
			t.Errorf("%s: FromEnv = {key %q, base %q}, %v; want {%q, %q}, %v",
				tt.name, cfg.APIKey, cfg.BaseURL, on, tt.key, tt.baseURL, tt.on)
		}
	}
}

// The key, and a password in the base URL, must never reach a log line, even at debug level.
func TestConfigLogValueHidesKey(t *testing.T) {
	var b strings.Builder
	cfg := llm.Config{APIKey: "sk-secret-123", BaseURL: "https://user:pw-secret-456@proxy.example/v1"}
	slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})).Info("config", "llm", cfg)
	if strings.Contains(b.String(), "sk-secret-123") || strings.Contains(b.String(), "pw-secret-456") {
		t.Fatalf("log line %q shows the API key", b.String())
	}
}
