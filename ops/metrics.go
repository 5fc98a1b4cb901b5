// Package ops is what an operator watches a running bot through: Prometheus metrics
// (github.com/prometheus/client_golang) and the health, readiness and metrics endpoints.
// It is the only package of ours that knows the Prometheus client.
package ops

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"storybot/chat"
)

// Metrics are the bot's Prometheus metrics. No label holds message text or a user id:
// only platforms, modes, results and reasons, each from a short fixed list. The zero value
// is not usable; call NewMetrics. It is safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	questions   *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	fallbacks   *prometheus.CounterVec
	llmRequests *prometheus.CounterVec
	llmLatency  prometheus.Histogram
	tokens      *prometheus.CounterVec
	reconnects  *prometheus.CounterVec
	connected   *prometheus.GaugeVec
	articles    prometheus.Gauge
	chunks      prometheus.Gauge
	reloads     *prometheus.CounterVec

	mu      sync.Mutex
	wasUp   map[string]bool // platforms connected at least once
	current map[string]bool // platforms connected now
}

// NewMetrics registers the bot's metrics, and the Go runtime's and the process', in a
// registry of their own. version and commit label storybot_build_info.
func NewMetrics(version, commit string) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: counter("storybot_questions_total",
			"Questions and summary requests, by platform, mode (quotes, llm, none) and outcome (answered, not_found, limited, rejected, error).",
			"platform", "mode", "outcome"),
		latency: histogram("storybot_answer_duration_seconds", "Time to answer a question or write a summary, by platform and mode.",
			[]float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}, "platform", "mode"),
		fallbacks: counter("storybot_llm_fallbacks_total",
			"Answers that fell back from the LLM to quotes, by reason (timeout, unverified, unavailable, other).", "reason"),
		llmRequests: counter("storybot_llm_requests_total",
			"Completions asked of the LLM (retries included in one), by outcome (ok, error, timeout).", "outcome"),
		llmLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "storybot_llm_request_duration_seconds",
			Help:    "Time an LLM completion took, retries included.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60},
		}),
		tokens:     counter("storybot_llm_tokens_total", "Tokens the LLM server reported using, by kind (prompt, completion).", "kind"),
		reconnects: counter("storybot_platform_reconnects_total", "Connections to a platform re-established after one was up, by platform.", "platform"),
		connected: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "storybot_platform_connected",
			Help: "1 while the platform is connected (Slack's HTTP mode: serving), else 0.",
		}, []string{"platform"}),
		articles: prometheus.NewGauge(prometheus.GaugeOpts{Name: "storybot_articles_indexed", Help: "Articles in the index answering now."}),
		chunks:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "storybot_chunks_indexed", Help: "Chunks (passages) in the index answering now."}),
		reloads: counter("storybot_corpus_reloads_total",
			"Reloads of the corpus folder, by result (ok, failed); a failed one keeps the index answering.", "result"),
		wasUp:   map[string]bool{},
		current: map[string]bool{},
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "storybot_build_info",
		Help:        "Always 1; its labels say which build is running.",
		ConstLabels: prometheus.Labels{"version": version, "commit": commit},
	})
	info.Set(1)
	m.reg.MustRegister(m.questions, m.latency, m.fallbacks, m.llmRequests, m.llmLatency, m.tokens,
		m.reconnects, m.connected, m.articles, m.chunks, m.reloads, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every series with a fixed set of labels exists from the start, at zero, so that
	// rate() and alerts see them before the first event.
	for _, r := range []string{"ok", "failed"} {
		m.reloads.WithLabelValues(r)
	}
	for _, o := range []string{"ok", "error", "timeout"} {
		m.llmRequests.WithLabelValues(o)
	}
	for _, k := range []string{"prompt", "completion"} {
		m.tokens.WithLabelValues(k)
	}
	return m
}

func counter(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

func histogram(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
}

// Registry returns the registry the metrics are in.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Observe counts one question's outcome; it is a chat.Options.Observe.
func (m *Metrics) Observe(o chat.Outcome) {
	mode := string(o.Mode)
	if mode == "" {
		mode = "none"
	}
	platform := o.Platform
	if platform == "" {
		platform = "unknown"
	}
	m.questions.WithLabelValues(platform, mode, string(o.Result)).Inc()
	if o.Result == chat.ResultAnswered || o.Result == chat.ResultNotFound {
		m.latency.WithLabelValues(platform, mode).Observe(o.Elapsed.Seconds())
	}
	if o.Fallback != "" {
		m.fallbacks.WithLabelValues(o.Fallback).Inc()
	}
}

// Indexed sets the size of the index answering now.
func (m *Metrics) Indexed(articles, chunks int) {
	m.articles.Set(float64(articles))
	m.chunks.Set(float64(chunks))
}

// Reloaded counts a reload of the corpus, failed when err is not nil.
func (m *Metrics) Reloaded(err error) {
	result := "ok"
	if err != nil {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
}

// Connection records that platform's connection went up or down; going up after having
// been up before counts a reconnect.
func (m *Metrics) Connection(platform string, up bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if up && !m.current[platform] && m.wasUp[platform] {
		m.reconnects.WithLabelValues(platform).Inc()
	}
	m.current[platform] = up
	if up {
		m.wasUp[platform] = true
		m.connected.WithLabelValues(platform).Set(1)
	} else {
		m.connected.WithLabelValues(platform).Set(0)
	}
	m.reconnects.WithLabelValues(platform) // the series exists from the first connection
}

// Tokens counts the tokens of one completion; it is an llm.Config.Usage.
func (m *Metrics) Tokens(prompt, completion int) {
	m.tokens.WithLabelValues("prompt").Add(float64(max(0, prompt)))
	m.tokens.WithLabelValues("completion").Add(float64(max(0, completion)))
}

// Completer is a language model, as answer.Completer has it.
type Completer interface {
	Complete(ctx context.Context, system, user string, onDelta func(string)) (string, error)
}

// LLM returns c counting each completion and its duration.
func (m *Metrics) LLM(c Completer) Completer { return countingLLM{c, m} }

type countingLLM struct {
	c Completer
	m *Metrics
}

func (l countingLLM) Complete(ctx context.Context, system, user string, onDelta func(string)) (string, error) {
	start := time.Now()
	text, err := l.c.Complete(ctx, system, user, onDelta)
	l.m.llmLatency.Observe(time.Since(start).Seconds())
	outcome := "ok"
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		outcome = "timeout"
	case err != nil:
		outcome = "error"
	}
	l.m.llmRequests.WithLabelValues(outcome).Inc()
	return text, err
}
