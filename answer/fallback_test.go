package answer

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// Every note llmNote writes names its reason; no note, no reason.
func TestFallbackReason(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("check: %w", errUnverified), FallbackUnverified},
		{fmt.Errorf("ask: %w", context.DeadlineExceeded), FallbackTimeout},
		{errors.New("connection refused"), FallbackUnavailable},
	}
	for _, tt := range tests {
		if got := FallbackReason(llmNote(tt.err)); got != tt.want {
			t.Errorf("FallbackReason(llmNote(%v)) = %q; want %q", tt.err, got, tt.want)
		}
	}
	if got := FallbackReason(""); got != "" {
		t.Errorf(`FallbackReason("") = %q; want ""`, got)
	}
	if got := FallbackReason("something new"); got != FallbackOther {
		t.Errorf("FallbackReason of an unknown note = %q; want %q", got, FallbackOther)
	}
}
