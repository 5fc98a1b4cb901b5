package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// The paths the HTTP mode serves; slack-app-manifest.yaml points Slack at them.
const (
	EventsPath   = "/slack/events"
	CommandsPath = "/slack/commands"
)

// maxBody bounds a request body: Slack's events and commands are a few kilobytes.
const maxBody = 1 << 20

// serveHTTP serves the Events API and slash commands until ctx is done, then shuts the
// server down, letting requests being acknowledged finish.
func (a *Adapter) serveHTTP(ctx, work context.Context) error {
	ln := a.listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", a.cfg.Listen); err != nil {
			return fmt.Errorf("slack: listen on %s: %w", a.cfg.Listen, err)
		}
	}
	srv := &http.Server{
		Handler:           a.routes(ctx, work),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	a.log.Info("slack: serving Events API and slash commands", "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.connection(true)
	defer a.connection(false)
	select {
	case err := <-served:
		return fmt.Errorf("slack: serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.Grace)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		a.log.Warn("slack: HTTP shutdown", "err", err)
	}
	<-served
	return nil
}

// routes returns the handler of the HTTP mode.
func (a *Adapter) routes(ctx, work context.Context) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+EventsPath, func(w http.ResponseWriter, r *http.Request) {
		body, ok := a.verified(w, r)
		if ok {
			a.onEventsRequest(ctx, work, w, r, body)
		}
	})
	mux.HandleFunc("POST "+CommandsPath, func(w http.ResponseWriter, r *http.Request) {
		body, ok := a.verified(w, r)
		if ok {
			a.onCommandRequest(ctx, work, w, body)
		}
	})
	return mux
}

// verified reads the body of a request and checks Slack's signature over it. A missing,
// stale or wrong signature is answered 401, an oversized body 413; ok is false then.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) (body []byte, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "cannot read request", http.StatusBadRequest)
		}
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		a.log.Warn("slack: refused unsigned or stale request", "path", r.URL.Path, "err", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// onEventsRequest answers the url_verification challenge, or acknowledges an event
// callback and then hands its message on.
func (a *Adapter) onEventsRequest(ctx, work context.Context, w http.ResponseWriter, r *http.Request, body []byte) {
	if !json.Valid(body) {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event this bot does not know: acknowledged, so Slack does not redeliver it.
		a.log.Debug("slack: unhandled event", "type", ev.Type, "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		v, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if v == nil {
			http.Error(w, "malformed challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, v.Challenge)
	case slackevents.CallbackEvent:
		acknowledge(w)
		retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
		a.onEventsAPI(ctx, work, ev, retry)
	case slackevents.AppRateLimited:
		a.log.Warn("slack: Slack is dropping events: the app exceeded its event rate limit")
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// onCommandRequest acknowledges a slash command with the placeholder and hands it on.
func (a *Adapter) onCommandRequest(ctx, work context.Context, w http.ResponseWriter, body []byte) {
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("ssl_check") == "1" {
		// Slack checking the certificate of the command URL: no command to answer.
		w.WriteHeader(http.StatusOK)
		return
	}
	cmd, err := parseCommand(body)
	if err != nil {
		http.Error(w, "malformed command", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(commandAck)
	acknowledge(w)
	a.onCommand(ctx, work, cmd, "")
}

// acknowledge sends the response so far to Slack now: the work that follows may wait
// for a free slot, and Slack wants its answer within 3 seconds.
func acknowledge(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// parseCommand reads a slash command from its form-encoded body.
func parseCommand(body []byte) (slack.SlashCommand, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return slack.SlashCommand{}, fmt.Errorf("parse command form: %w", err)
	}
	cmd := slack.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), UserID: form.Get("user_id"),
		Command: form.Get("command"), Text: form.Get("text"), ResponseURL: form.Get("response_url"),
		TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	if cmd.Command == "" {
		return slack.SlashCommand{}, errors.New("parse command form: no command")
	}
	return cmd, nil
}

// validResponseURL reports whether u is an absolute http(s) URL the answer can go to.
func validResponseURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}
