package answer

import (
	"context"
	"errors"
)

// The reasons FallbackReason names: short words fit for a metric's label.
const (
	FallbackTimeout     = "timeout"
	FallbackUnverified  = "unverified"
	FallbackUnavailable = "unavailable"
	FallbackOther       = "other"
)

// fallbackReasons maps each note llmNote writes to its reason, built from llmNote itself
// so the two cannot drift apart.
var fallbackReasons = map[string]string{
	llmNote(errUnverified):            FallbackUnverified,
	llmNote(context.DeadlineExceeded): FallbackTimeout,
	llmNote(errors.New("refused")):    FallbackUnavailable,
}

// FallbackReason names why an answer or a summary with this note fell back from the LLM
// to quotes, or returns "" for no note.
func FallbackReason(note string) string {
	if note == "" {
		return ""
	}
	if r, ok := fallbackReasons[note]; ok {
		return r
	}
	return FallbackOther
}
