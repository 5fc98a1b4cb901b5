package main

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"storybot/chat"
)

// newLogger logs to w at level ("debug", "info", "warn", "error"), as text lines
// (format "text") or one JSON object a line ("json"). Every line logged with the context
// of a message being answered carries its request id and platform.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(strings.ToUpper(level))) // validated with the configuration
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(requestHandler{inner: h})
}

// requestHandler adds the chat.Request of a record's context to the record: its id, and
// its platform unless the logger says it already (an adapter's logger does).
type requestHandler struct {
	inner       slog.Handler
	hasPlatform bool
}

func (h requestHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h requestHandler) Handle(ctx context.Context, r slog.Record) error {
	if req, ok := chat.RequestFrom(ctx); ok {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", req.ID))
		if !h.hasPlatform && req.Platform != "" {
			r.AddAttrs(slog.String("platform", req.Platform))
		}
	}
	return h.inner.Handle(ctx, r)
}

func (h requestHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	has := h.hasPlatform
	for _, a := range attrs {
		has = has || a.Key == "platform"
	}
	return requestHandler{inner: h.inner.WithAttrs(attrs), hasPlatform: has}
}

func (h requestHandler) WithGroup(name string) slog.Handler {
	return requestHandler{inner: h.inner.WithGroup(name), hasPlatform: h.hasPlatform}
}
