package main

import (
	"log/slog"

	"storybot/answer"
)

// newLLM returns the configured language model, or nil when none is configured.
// PLACEHOLDER until the llm package lands.
func newLLM(cfg config, getenv func(string) string, log *slog.Logger) (answer.Completer, error) {
	return nil, nil
}
