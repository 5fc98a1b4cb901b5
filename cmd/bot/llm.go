package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"storybot/answer"
	"storybot/llm"
	"storybot/ops"
	"storybot/retrieval"
	"storybot/vector"
)

// newLLM returns the configured language model, or nil when none is configured: the LLM
// is on when an API key (in the variable llm.api_key_env names) or a base URL (llm.base_url
// or OPENAI_BASE_URL) is set. Its requests and tokens are counted in m.
func newLLM(cfg config, getenv func(string) string, log *slog.Logger, m *ops.Metrics) (answer.Completer, error) {
	lc, on := llmConfig(cfg, getenv)
	lc.Usage = m.Tokens
	if !on {
		return nil, nil
	}
	c, err := llm.New(lc, log)
	if err != nil {
		return nil, fmt.Errorf("llm: %w", err)
	}
	log.Info("LLM answers on", "llm", lc) // its LogValue hides the key and any password in the URL
	return m.LLM(c), nil
}

// retries turns llm.max_retries into llm.Config.MaxRetries, where zero means the default
// and a negative number none.
func retries(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// llmConfig returns the LLM client's configuration and whether the LLM is on.
func llmConfig(cfg config, getenv func(string) string) (llm.Config, bool) {
	return llm.FromEnv(llm.Config{
		BaseURL:     cfg.LLM.BaseURL,
		Model:       cfg.LLM.Model,
		Timeout:     cfg.LLM.Timeout,
		MaxTokens:   cfg.LLM.MaxTokens,
		Temperature: float32(cfg.LLM.Temperature),
		MaxRetries:  retries(cfg.LLM.MaxRetries),
	}, cfg.LLM.APIKeyEnv, getenv)
}

// newRetriever returns hybrid retrieval over ix when the LLM is on and llm.embedding_model
// is set, nil otherwise. An embedding endpoint that fails now is a warning: the LLM
// then works from lexical retrieval. A bad setting is an error.
func newRetriever(ctx context.Context, cfg config, ix *retrieval.Index, getenv func(string) string, log *slog.Logger) (answer.Retriever, error) {
	lc, on := llmConfig(cfg, getenv)
	if !on || cfg.LLM.EmbeddingModel == "" {
		return nil, nil
	}
	emb, err := llm.NewEmbedder(lc, cfg.LLM.EmbeddingModel)
	if err != nil {
		return nil, fmt.Errorf("llm.embedding_model: %w", err)
	}
	dir := cfg.LLM.EmbeddingCache
	if dir == "" {
		if base, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(base, "storybot", "vectors")
		} else {
			log.Warn("no user cache folder; chunk vectors are kept in memory only", "error", err)
		}
	}
	start := time.Now()
	v, st, err := vector.Build(ctx, ix, emb, vector.Options{Model: emb.Model(), CacheDir: dir,
		QueryTimeout: cfg.LLM.EmbeddingTimeout, BatchTimeout: cfg.LLM.Timeout, Logger: log})
	if err != nil {
		log.Warn("embedding model unavailable; the LLM works from lexical retrieval", "model", emb.Model(),
			"embedded", st.Embedded, "of", st.Chunks-st.Cached, "error", err)
		return nil, nil
	}
	log.Info("hybrid retrieval on", "model", emb.Model(), "chunks", st.Chunks, "cached", st.Cached,
		"embedded", st.Embedded, "cache_bytes", st.CacheBytes, "took", time.Since(start))
	return v, nil
}
