// Package llmtest is a fake OpenAI-compatible chat completions server for tests: it speaks
// the protocol (plain JSON and server-sent events) on 127.0.0.1 and answers as a test
// function scripts it, including the ways real servers fail.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Request is what the fake received, reduced to what tests look at.
type Request struct {
	Model  string
	System string
	User   string
	Stream bool
	// MaxTokens is max_tokens or max_completion_tokens, whichever was sent.
	MaxTokens int
	// Auth is the Authorization header.
	Auth string
	// IncludeUsage is stream_options.include_usage: the stream ends with the tokens used.
	IncludeUsage bool
}

// Reply scripts one response.
type Reply struct {
	// Status is the HTTP status; 200 when zero. Any other answers with an error body.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Text is the completion.
	Text string
	// Chunks splits Text for a stream; Text split into words when nil.
	Chunks []string
	// Finish is the finish reason; "stop" when empty.
	Finish string
	// Truncate ends a stream after its content with neither a finish reason nor [DONE],
	// as a dropped connection does.
	Truncate bool
	// ErrorAfter, when positive, sends an error event after that many chunks of a stream.
	ErrorAfter int
	// Hang answers nothing until the client gives up.
	Hang bool
}

// Server is a fake chat completions API. Its URL plus "/v1" is the base URL to give a client.
type Server struct {
	*httptest.Server
	respond func(attempt int, r Request) Reply
	quit    chan struct{}

	mu   sync.Mutex
	reqs []Request
	// embeddings answers /v1/embeddings when set.
	embeddings *Embeddings
}

// ServeEmbeddings makes the server answer /v1/embeddings as e does, so that one base URL
// serves both, as real servers do.
func (s *Server) ServeEmbeddings(e *Embeddings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.embeddings = e
}

// New starts a server that answers the n-th request (from 0) with respond(n, request), and
// stops it when the test ends.
func New(t testing.TB, respond func(n int, r Request) Reply) *Server {
	s := &Server{respond: respond, quit: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.quit)
		s.Close()
	})
	return s
}

// BaseURL is the API root to configure a client with.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// body is the part of a chat completion request the fake reads.
type body struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Stream              bool `json:"stream"`
	MaxTokens           int  `json:"max_tokens"`
	MaxCompletionTokens int  `json:"max_completion_tokens"`
	StreamOptions       struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	e := s.embeddings
	s.mu.Unlock()
	if e != nil && r.URL.Path == "/v1/embeddings" {
		e.serve(w, r)
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
		return
	}
	var b body
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error())
		return
	}
	req := Request{Model: b.Model, Stream: b.Stream, MaxTokens: max(b.MaxTokens, b.MaxCompletionTokens),
		Auth: r.Header.Get("Authorization"), IncludeUsage: b.StreamOptions.IncludeUsage}
	for _, m := range b.Messages {
		switch m.Role {
		case "system":
			req.System += m.Content
		case "user":
			req.User += m.Content
		}
	}
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()

	reply := s.respond(n, req)
	switch {
	case reply.Hang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case reply.Status != 0 && reply.Status != http.StatusOK:
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		writeError(w, reply.Status, http.StatusText(reply.Status))
	case req.Stream:
		writeStream(w, req, reply)
	default:
		writeJSON(w, req, reply)
	}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": msg, "type": "fake_error", "code": status}})
}

func finish(r Reply) string {
	if r.Finish == "" {
		return "stop"
	}
	return r.Finish
}

// usage is the tokens the fake says a request used: a word of prompt or reply is a token.
func usage(req Request, r Reply) map[string]any {
	prompt, completion := len(words(req.System+" "+req.User)), len(words(r.Text))
	return map[string]any{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
}

func writeJSON(w http.ResponseWriter, req Request, r Reply) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []any{map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": r.Text},
			"finish_reason": finish(r),
		}},
		"usage": usage(req, r),
	})
}

func writeStream(w http.ResponseWriter, req Request, r Reply) {
	w.Header().Set("Content-Type", "text/event-stream")
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	event := func(delta map[string]any, reason any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": "fake",
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": reason}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		flush()
	}
	chunks := r.Chunks
	if chunks == nil {
		chunks = words(r.Text)
	}
	event(map[string]any{"role": "assistant", "content": ""}, nil)
	for i, c := range chunks {
		if r.ErrorAfter > 0 && i == r.ErrorAfter {
			fmt.Fprint(w, `data: {"error":{"message":"fake failure mid-stream","type":"server_error"}}`+"\n\n")
			flush()
			return
		}
		event(map[string]any{"content": c}, nil)
	}
	if r.Truncate {
		return
	}
	event(map[string]any{}, finish(r))
	if req.IncludeUsage {
		b, _ := json.Marshal(map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk",
			"created": 1, "model": "fake", "choices": []any{}, "usage": usage(req, r)})
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	flush()
}

// words splits s into pieces that keep their spaces, as a model's tokens do.
func words(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s[1:], ' ')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
