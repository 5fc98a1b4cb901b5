// Package fakeslack is an in-process Slack for tests: a Web API on 127.0.0.1 that keeps
// the messages posted to it, a Socket Mode websocket that delivers envelopes and records
// their acknowledgements, response URLs for slash commands, and signed HTTP requests for
// the Events API. Point the real slack-go client at Server.APIURL.
package fakeslack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"storybot/chat/chattest"
)

// Tokens the fake accepts; any other token is answered invalid_auth.
const (
	BotToken  = "xoxb-fake-bot-token"
	AppToken  = "xapp-fake-app-token"
	BotUserID = "UBOT"
	BotID     = "BBOT"
)

// Call is one request the fake received.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), or "response_url" for a post to a
	// slash command's response URL.
	Method string
	// Form holds a Web API call's parameters.
	Form url.Values
	// JSON holds a response URL post's body.
	JSON map[string]any
}

// Message is a message the fake workspace holds.
type Message struct {
	Channel, TS, ThreadTS, User, BotID, Text string
	// Blocks is the message's Block Kit layout as posted, JSON; empty when it has none.
	Blocks string
}

// Fault is what the fake answers to the next call of a method instead of serving it.
type Fault struct {
	// Status is the HTTP status, e.g. 429 or 500; 200 with Error set is a Slack error.
	Status int
	// RetryAfter is the Retry-After header of a 429, in seconds.
	RetryAfter string
	// Error is the "error" of an {"ok": false} answer.
	Error string
}

// Server is a fake Slack. Its methods are safe for concurrent use.
type Server struct {
	// APIURL is the Web API's base URL, with the trailing slash slack-go needs.
	APIURL string

	srv      *httptest.Server
	upgrader websocket.Upgrader
	ping     time.Duration

	mu     sync.Mutex
	calls  []Call
	msgs   []*Message
	clock  int
	faults map[string][]Fault
	socket *socket
	dials  int
	acks   map[string]json.RawMessage
	closed bool
	wg     sync.WaitGroup
}

// New starts a fake Slack on 127.0.0.1, closed when the test ends. The socket pings
// every ping interval; slack-go reconnects when pings stop for its PingInterval.
func New(t testing.TB, ping time.Duration) *Server {
	s := &Server{faults: map[string][]Fault{}, acks: map[string]json.RawMessage{}, ping: ping}
	// slack-go sends Origin: https://api.slack.com, which is not this host.
	s.upgrader.CheckOrigin = func(*http.Request) bool { return true }
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/socket", s.serveSocket)
	mux.HandleFunc("/response/{id}", s.serveResponse)
	s.srv = httptest.NewServer(mux)
	s.APIURL = s.srv.URL + "/api/"
	t.Cleanup(s.Close)
	return s
}

// Close closes every connection and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	sk := s.socket
	s.mu.Unlock()
	if sk != nil {
		_ = sk.conn.Close()
	}
	s.wg.Wait()
	s.srv.Close()
}

// ResponseURL returns a slash command response URL served by the fake.
func (s *Server) ResponseURL(id string) string { return s.srv.URL + "/response/" + id }

// Fail makes the next calls of method fail, one fault per call, in order.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// AddMessage puts a user's message into the workspace (a thread's history) and returns its ts.
func (s *Server) AddMessage(m Message) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.TS = s.tick()
	s.msgs = append(s.msgs, &m)
	return m.TS
}

// NextTS returns a fresh, increasing message timestamp, as Slack gives a new message.
func (s *Server) NextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tick()
}

func (s *Server) tick() string {
	s.clock++
	return fmt.Sprintf("%d.%06d", 1700000000+s.clock, s.clock%1000000)
}

// Calls returns the calls received so far, in order; method filters them when not empty.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the messages in channel, oldest first, as they stand now.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.msgs {
		if m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Wait polls cond until it holds, failing the test after ten seconds.
func Wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	chattest.Wait(t, what, cond)
}

// serveAPI serves the Web API methods the bot uses.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	_ = r.ParseForm()
	token := r.PostForm.Get("token")
	if token == "" {
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Form: r.PostForm})
	var fault *Fault
	if q := s.faults[method]; len(q) > 0 {
		fault, s.faults[method] = &q[0], q[1:]
	}
	s.mu.Unlock()
	if fault != nil {
		writeFault(w, *fault)
		return
	}
	want := BotToken
	if method == "apps.connections.open" {
		want = AppToken
	}
	if token != want {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	writeJSON(w, s.apply(method, r.PostForm))
}

func writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Status != 0 && f.Status != http.StatusOK {
		w.WriteHeader(f.Status)
		return
	}
	writeJSON(w, map[string]any{"ok": false, "error": f.Error})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// apply performs a Web API method on the fake workspace and returns its answer.
func (s *Server) apply(method string, f url.Values) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch method {
	case "auth.test":
		return map[string]any{"ok": true, "user_id": BotUserID, "bot_id": BotID, "user": "storybot", "team_id": "T1"}
	case "apps.connections.open":
		return map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/socket"}
	case "chat.postMessage":
		m := &Message{Channel: f.Get("channel"), ThreadTS: f.Get("thread_ts"), User: BotUserID, BotID: BotID, Text: f.Get("text"), Blocks: f.Get("blocks"), TS: s.tick()}
		s.msgs = append(s.msgs, m)
		return map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS}
	case "chat.update", "chat.delete":
		for i, m := range s.msgs {
			if m.Channel == f.Get("channel") && m.TS == f.Get("ts") {
				if method == "chat.delete" {
					s.msgs = append(s.msgs[:i], s.msgs[i+1:]...)
				} else {
					m.Text = f.Get("text")
					if f.Has("blocks") {
						m.Blocks = f.Get("blocks")
					}
				}
				return map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS}
			}
		}
		return map[string]any{"ok": false, "error": "message_not_found"}
	case "conversations.replies":
		var out []map[string]any
		for _, m := range s.msgs {
			if m.Channel == f.Get("channel") && (m.TS == f.Get("ts") || m.ThreadTS == f.Get("ts")) {
				out = append(out, map[string]any{"type": "message", "user": m.User, "bot_id": m.BotID, "text": m.Text, "ts": m.TS, "thread_ts": m.ThreadTS})
			}
		}
		if len(out) == 0 {
			return map[string]any{"ok": false, "error": "thread_not_found"}
		}
		return map[string]any{"ok": true, "messages": out, "has_more": false}
	}
	return map[string]any{"ok": false, "error": "unknown_method"}
}

// serveResponse takes a post to a slash command's response URL.
func (s *Server) serveResponse(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	body["response_id"] = r.PathValue("id")
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: "response_url", JSON: body})
	var fault *Fault
	if q := s.faults["response_url"]; len(q) > 0 {
		fault, s.faults["response_url"] = &q[0], q[1:]
	}
	s.mu.Unlock()
	if fault != nil {
		writeFault(w, *fault)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ok"))
}
