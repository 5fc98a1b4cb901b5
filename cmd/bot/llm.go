package main

import (
	"fmt"
	"log/slog"

	"storybot/answer"
	"storybot/llm"
	"storybot/ops"
)

// newLLM returns the configured language model, or nil when none is configured: the LLM
// is on when an API key (in the variable llm.api_key_env names) or a base URL (llm.base_url
// or OPENAI_BASE_URL) is set. Its requests and tokens are counted in m.
func newLLM(cfg config, getenv func(string) string, log *slog.Logger, m *ops.Metrics) (answer.Completer, error) {
	lc, on := llm.FromEnv(llm.Config{
		BaseURL:     cfg.LLM.BaseURL,
		Model:       cfg.LLM.Model,
		Timeout:     cfg.LLM.Timeout,
		MaxTokens:   cfg.LLM.MaxTokens,
		Temperature: float32(cfg.LLM.Temperature),
		MaxRetries:  retries(cfg.LLM.MaxRetries),
		Usage:       m.Tokens,
	}, cfg.LLM.APIKeyEnv, getenv)
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
