package llmtest

import (
	"encoding/json"
	"hash/fnv"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
)

// Embeddings is a fake OpenAI-compatible embeddings API on 127.0.0.1. By default it
// embeds a text as its hashed bag of lower-cased words, so texts sharing words are near;
// Fail and Hang make it misbehave as real servers do.
type Embeddings struct {
	*httptest.Server
	// Dims is the vectors' length.
	Dims int
	quit chan struct{}

	fail, hang atomic.Bool
	mu         sync.Mutex
	inputs     int
	requests   int
	// Synonyms map a word to the one it embeds as, so that a paraphrase lands near.
	Synonyms map[string]string
}

// NewEmbeddings starts a fake embeddings server of dims-long vectors, stopped when the
// test ends.
func NewEmbeddings(t testing.TB, dims int) *Embeddings {
	e := &Embeddings{Dims: dims, quit: make(chan struct{})}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(func() {
		close(e.quit)
		e.Close()
	})
	return e
}

// BaseURL is the API root to configure a client with.
func (e *Embeddings) BaseURL() string { return e.URL + "/v1" }

// Fail makes every later request fail with a 500 (or succeed again).
func (e *Embeddings) Fail(on bool) { e.fail.Store(on) }

// Hang makes every later request hang until the client gives up (or answer again).
func (e *Embeddings) Hang(on bool) { e.hang.Store(on) }

// Inputs returns how many texts the fake has embedded, and in how many requests.
func (e *Embeddings) Inputs() (texts, requests int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.inputs, e.requests
}

func (e *Embeddings) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
		return
	}
	var b struct {
		Input []string `json:"input"`
		Model string   `json:"model"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b.Model == "" {
		writeError(w, http.StatusBadRequest, "want a model and an array of input strings")
		return
	}
	switch {
	case e.hang.Load():
		select {
		case <-r.Context().Done():
		case <-e.quit:
		}
		return
	case e.fail.Load():
		writeError(w, http.StatusInternalServerError, "fake embedding failure")
		return
	}
	e.mu.Lock()
	e.inputs += len(b.Input)
	e.requests++
	e.mu.Unlock()
	data := make([]any, len(b.Input))
	for i, text := range b.Input {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": e.embed(text)}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "model": b.Model, "data": data,
		"usage": map[string]any{"prompt_tokens": 1, "total_tokens": 1}})
}

// embed embeds text as HashEmbedding does, with the server's synonyms.
func (e *Embeddings) embed(text string) []float32 { return HashEmbedding(text, e.Dims, e.Synonyms) }

// HashEmbedding is a stand-in for an embedding model: each lower-cased word of text
// (replaced by its synonym, when synonyms has one) adds 1 at a dimension its hash picks,
// and the sum is scaled to unit length. Texts that share words are near; synonyms make a
// paraphrase near too.
func HashEmbedding(text string, dims int, synonyms map[string]string) []float32 {
	v := make([]float32, dims)
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if s, ok := synonyms[w]; ok {
			w = s
		}
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%uint32(dims)]++
	}
	var n float64
	for _, x := range v {
		n += float64(x * x)
	}
	if n > 0 {
		for i := range v {
			v[i] /= float32(math.Sqrt(n))
		}
	}
	return v
}
