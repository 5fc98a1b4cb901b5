package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// embedBatch is how many texts one embeddings request carries: well under every
// server's limit (OpenAI takes 2,048 inputs), and small enough that one slow batch
// does not hold the whole corpus back.
const embedBatch = 64

// Embedder turns texts into vectors through an OpenAI-compatible embeddings API (OpenAI,
// Ollama's nomic-embed-text, vLLM, llama.cpp's server). It implements vector.Embedder
// and is safe for concurrent use.
type Embedder struct {
	api   *openai.Client
	model string
	where string
}

// NewEmbedder returns an Embedder asking model on the server cfg names, with cfg's key
// and HTTP client; cfg's other fields do not apply. It makes no request.
func NewEmbedder(cfg Config, model string) (*Embedder, error) {
	if strings.TrimSpace(model) == "" {
		return nil, errors.New("embedding model: empty name")
	}
	c, err := New(Config{BaseURL: cfg.BaseURL, Model: model, APIKey: cfg.APIKey, HTTPClient: cfg.HTTPClient}, nil)
	if err != nil {
		return nil, err
	}
	hc := c.http
	if hc == nil {
		hc = &http.Client{}
	}
	oc := openai.DefaultConfig(c.cfg.APIKey)
	oc.BaseURL = c.cfg.BaseURL
	oc.HTTPClient = &doer{client: hc, auth: c.cfg.APIKey != ""}
	return &Embedder{api: openai.NewClientWithConfig(oc), model: model, where: c.where}, nil
}

// Model returns the name of the embedding model.
func (e *Embedder) Model() string { return e.model }

// Embed returns one vector per text, in order, all of one length. It fails when the
// server fails, or answers with a different count or length of vectors.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += embedBatch {
		batch := texts[start:min(start+embedBatch, len(texts))]
		resp, err := e.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
			Input: batch, Model: openai.EmbeddingModel(e.model)})
		if err != nil {
			return nil, fmt.Errorf("embed with %s at %s: %w", e.model, e.where, err)
		}
		if len(resp.Data) != len(batch) {
			return nil, fmt.Errorf("embed with %s at %s: %d vectors for %d texts", e.model, e.where, len(resp.Data), len(batch))
		}
		vecs := make([][]float32, len(batch))
		for _, d := range resp.Data {
			if d.Index < 0 || d.Index >= len(batch) || vecs[d.Index] != nil {
				return nil, fmt.Errorf("embed with %s at %s: vector index %d out of place", e.model, e.where, d.Index)
			}
			vecs[d.Index] = d.Embedding
		}
		for _, v := range vecs {
			if len(v) == 0 || (len(out) > 0 && len(v) != len(out[0])) {
				return nil, fmt.Errorf("embed with %s at %s: vectors of %d and %d dimensions", e.model, e.where, len(v), len(out[0]))
			}
			out = append(out, v)
		}
	}
	return out, nil
}
