package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"storybot/slack/fakeslack"
)

// post sends body to path of the HTTP mode, signed at the given time with the given
// secret, and returns the status and body of the answer.
func (h *harness) post(path string, body []byte, signedAt time.Time, key string, extra http.Header) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.addr+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range fakeslack.Sign(key, signedAt, body) {
		req.Header[k] = v
	}
	for k, v := range extra {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTTPVerifiesEveryRequest(t *testing.T) {
	t.Parallel()
	h := start(t, ModeHTTP, echo)
	body := mustJSON(t, map[string]any{"type": "url_verification", "token": "x", "challenge": "c-123"})
	now := time.Now()
	for _, tc := range []struct {
		name     string
		path     string
		body     []byte
		at       time.Time
		key      string
		status   int
		wantBody string
	}{
		{"challenge answered", EventsPath, body, now, secret, 200, "c-123"},
		{"bad signature", EventsPath, body, now, "not-the-secret", 401, ""},
		{"stale timestamp", EventsPath, body, now.Add(-10 * time.Minute), secret, 401, ""},
		{"command with bad signature", CommandsPath, []byte("command=%2Fsummary"), now, "nope", 401, ""},
		{"malformed JSON", EventsPath, []byte("{not json"), now, secret, 400, ""},
		{"malformed command", CommandsPath, []byte("text=hi"), now, secret, 400, ""},
		{"certificate check", CommandsPath, []byte("ssl_check=1&token=x"), now, secret, 200, ""},
		{"oversized body", EventsPath, bytes.Repeat([]byte("x"), maxBody+1), now, secret, 413, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, got := h.post(tc.path, tc.body, tc.at, tc.key, nil)
			if status != tc.status || (tc.wantBody != "" && got != tc.wantBody) {
				t.Errorf("POST %s = %d %q; want %d %q", tc.path, status, got, tc.status, tc.wantBody)
			}
		})
	}
	// Unsigned: no headers at all.
	resp, err := http.Post(h.addr+EventsPath, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request = %d; want 401", resp.StatusCode)
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("refused requests led to %d posts", n)
	}
}

func TestHTTPMentionAndRetryAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := start(t, ModeHTTP, realBot())
	ts := h.fake.NextTS()
	body := mustJSON(t, fakeslack.EventCallback("EvH1", mention("C1", "U1", "<@UBOT> Who is Sam Altman?", ts, "")))
	if status, _ := h.post(EventsPath, body, time.Now(), secret, nil); status != 200 {
		t.Fatalf("event = %d; want 200", status)
	}
	retry := http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}}
	if status, _ := h.post(EventsPath, body, time.Now(), secret, retry); status != 200 {
		t.Fatalf("retried event = %d; want 200", status)
	}
	// The same mention as a message event.
	dup := mustJSON(t, fakeslack.EventCallback("EvH2", message("C1", "channel", "U1", "<@UBOT> Who is Sam Altman?", ts, "")))
	if status, _ := h.post(EventsPath, dup, time.Now(), secret, nil); status != 200 {
		t.Fatalf("message event = %d; want 200", status)
	}
	want := expected(t, "Who is Sam Altman?")
	h.answered("C1", ts, want[0])
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(botMessages(h.fake.Messages("C1"))); n != len(want) {
		t.Errorf("bot posted %d messages; want %d: one answer", n, len(want))
	}
}

func TestHTTPSlashCommand(t *testing.T) {
	t.Parallel()
	h := start(t, ModeHTTP, realBot(), func(c *Config) { c.Commands.Ask = "/story" })
	form := fakeslack.Command("/story", "What is Stoke Space?", "C1", "U1", h.fake.ResponseURL("h1"), "trig-h1")
	start := time.Now()
	status, ack := h.post(CommandsPath, []byte(form.Encode()), time.Now(), secret, nil)
	if status != 200 || !strings.Contains(ack, placeholder) || !strings.Contains(ack, "ephemeral") {
		t.Fatalf("command = %d %q; want 200 with an ephemeral placeholder", status, ack)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("acknowledged after %v; Slack gives up after 3s", took)
	}
	want := expected(t, "/ask What is Stoke Space?")
	fakeslack.Wait(t, "the response_url post", func() bool { return len(h.fake.Calls("response_url")) >= len(want) })
	if got := h.fake.Calls("response_url")[0].JSON["text"]; got != want[0] {
		t.Errorf("response = %q; want %q", got, want[0])
	}
}

func TestHTTPShutdownFinishesReplyInFlight(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	release := make(chan struct{})
	slow := &gate{started: started, release: release, reply: "late but whole"}
	h := start(t, ModeHTTP, slow)
	ts := h.fake.NextTS()
	body := mustJSON(t, fakeslack.EventCallback("EvS", mention("C1", "U1", "<@UBOT> q", ts, "")))
	if status, _ := h.post(EventsPath, body, time.Now(), secret, nil); status != 200 {
		t.Fatalf("event = %d; want 200", status)
	}
	<-started
	h.cancel()
	close(release)
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	h.answered("C1", ts, "late but whole")
}
