package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health is what /readyz reports: ready once the index is built and every platform
// expected is connected. It is safe for concurrent use.
type Health struct {
	mu        sync.Mutex
	indexed   bool
	platforms map[string]bool // expected platform -> connected now
}

// NewHealth returns a Health waiting for the index and for each of platforms.
func NewHealth(platforms ...string) *Health {
	h := &Health{platforms: map[string]bool{}}
	for _, p := range platforms {
		h.platforms[p] = false
	}
	return h
}

// Indexed records that an index is built and answering.
func (h *Health) Indexed() {
	h.mu.Lock()
	h.indexed = true
	h.mu.Unlock()
}

// Connection records that platform's connection went up or down.
func (h *Health) Connection(platform string, up bool) {
	h.mu.Lock()
	h.platforms[platform] = up
	h.mu.Unlock()
}

// Ready returns "" when ready, else a short reason such as "index not built" or
// "not connected: discord, slack".
func (h *Health) Ready() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.indexed {
		return "index not built"
	}
	var down []string
	for p, up := range h.platforms {
		if !up {
			down = append(down, p)
		}
	}
	if len(down) > 0 {
		slices.Sort(down)
		return "not connected: " + strings.Join(down, ", ")
	}
	return ""
}

// Handler serves GET /healthz (200 "ok": the process is up), GET /readyz (200 "ready",
// or 503 with the reason it is not) and GET /metrics (Prometheus' text format).
func Handler(m *Metrics, h *Health) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if reason := h.Ready(); reason != "" {
			plain(w, http.StatusServiceUnavailable, "not ready: "+reason)
			return
		}
		plain(w, http.StatusOK, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry(), promhttp.HandlerOpts{}))
	return mux
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintln(w, text)
}

// Serve serves handler on ln until ctx is done, then shuts down within a few seconds.
// log, which may be nil, receives the server's own errors at debug level.
func Serve(ctx context.Context, ln net.Listener, handler http.Handler, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ops: serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		log.Warn("ops: shutdown", "err", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ops: serve %s: %w", ln.Addr(), err)
	}
	return nil
}
