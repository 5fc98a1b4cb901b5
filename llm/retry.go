package llm

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// maxBackoff caps one wait between attempts, whatever the server asks for.
const maxBackoff = 20 * time.Second

// doer sends go-openai's requests and remembers what go-openai's errors leave out: the
// Retry-After the server sent with a refusal.
type doer struct {
	client *http.Client
	// auth is false when there is no API key: the Authorization header is dropped rather
	// than sent as a bare "Bearer ", which some local servers reject.
	auth bool

	mu    sync.Mutex
	after time.Duration
}

// Do implements openai.HTTPDoer.
func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if !d.auth {
		req.Header.Del("Authorization")
	}
	resp, err := d.client.Do(req)
	if err == nil && resp.StatusCode >= 400 {
		if after, ok := parseRetryAfter(resp.Header, time.Now()); ok {
			d.mu.Lock()
			d.after = after
			d.mu.Unlock()
		}
	}
	return resp, err
}

func (d *doer) retryAfter() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.after
}

// parseRetryAfter reads how long the server asks the client to wait: OpenAI's
// retry-after-ms, or the standard Retry-After in seconds or as an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// statusOf returns the HTTP status of a failed request, or 0 when it never got one.
func statusOf(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// retryable reports whether a request that failed with status may succeed if sent again:
// rate limits and server errors, not the client's own mistakes.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// backoff returns the wait before retry attempt+1: the server's Retry-After when it gave
// one, else base doubled per attempt with full jitter in its upper half, so that many
// clients refused at once do not return at once.
func backoff(base time.Duration, attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, maxBackoff)
	}
	d := base << min(attempt, 10)
	d = d/2 + rand.N(d/2+1)
	return min(d, maxBackoff)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
