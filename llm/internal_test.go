package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		h    map[string]string
		want time.Duration
		ok   bool
	}{
		{nil, 0, false},
		{map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond, true},
		{map[string]string{"Retry-After-Ms": "250", "Retry-After": "3"}, 250 * time.Millisecond, true},
		{map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}, 7 * time.Second, true},
		{map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{map[string]string{"Retry-After": "soon"}, 0, false},
		{map[string]string{"Retry-After": "-4"}, 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.h {
			h.Set(k, v)
		}
		got, ok := parseRetryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%v) = %v, %v; want %v, %v", tt.h, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	base := 100 * time.Millisecond
	for attempt := 0; attempt < 12; attempt++ {
		full := min(base<<min(attempt, 10), maxBackoff)
		for i := 0; i < 50; i++ {
			d := backoff(base, attempt, 0)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%v, %d, 0) = %v; want within [%v, %v]", base, attempt, d, full/2, full)
			}
		}
	}
	if d := backoff(base, 0, 3*time.Second); d != 3*time.Second {
		t.Errorf("backoff with Retry-After 3s = %v; want 3s", d)
	}
	if d := backoff(base, 0, time.Hour); d != maxBackoff {
		t.Errorf("backoff with Retry-After 1h = %v; want the cap %v", d, maxBackoff)
	}
}

func TestRequestTokensAndTemperature(t *testing.T) {
	tests := []struct {
		base, model         string
		maxTokens, maxCompl int
		temperature         float32
	}{
		{OpenAIBaseURL, "gpt-4o-mini", 0, 100, 0.2},
		{OpenAIBaseURL, "gpt-5-mini", 0, 100, 0},
		{"http://localhost:11434/v1", "llama3.2", 100, 0, 0.2},
		{"http://localhost:8000/v1", "o3-mini", 0, 100, 0},
	}
	for _, tt := range tests {
		c, err := New(Config{BaseURL: tt.base, Model: tt.model, MaxTokens: 100, Temperature: 0.2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := c.request("s", "u")
		if r.MaxTokens != tt.maxTokens || r.MaxCompletionTokens != tt.maxCompl || r.Temperature != tt.temperature {
			t.Errorf("request(%s, %s) = max_tokens %d, max_completion_tokens %d, temperature %g; want %d, %d, %g",
				tt.base, tt.model, r.MaxTokens, r.MaxCompletionTokens, r.Temperature, tt.maxTokens, tt.maxCompl, tt.temperature)
		}
	}
}
