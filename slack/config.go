package slack

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot/chat"
)

// The connection modes.
const (
	// ModeSocket connects out to Slack over a websocket (Socket Mode): no public URL needed.
	ModeSocket = "socket"
	// ModeHTTP serves the Events API and slash commands on Config.Listen.
	ModeHTTP = "http"
)

// Config configures an Adapter. Zero fields take the defaults documented on them.
type Config struct {
	// BotToken is the Bot User OAuth Token (xoxb-…), from SLACK_BOT_TOKEN.
	BotToken string
	// AppToken is the app-level token (xapp-…) with connections:write, from
	// SLACK_APP_TOKEN; Socket Mode only.
	AppToken string
	// SigningSecret verifies Slack's requests, from SLACK_SIGNING_SECRET; HTTP mode only.
	SigningSecret string
	// Mode is ModeSocket (the default) or ModeHTTP.
	Mode string
	// Listen is the address the HTTP mode serves on; ":3000" when empty.
	Listen string
	// APIURL is the Web API's base URL; Slack's own when empty. GovSlack and tests use another.
	APIURL string
	// Commands names the slash commands; /summary, /ask and /sources when empty.
	Commands Commands
	// Grace bounds how long Run waits for replies in flight once its context is done; 10s
	// when zero.
	Grace time.Duration
	// MaxConcurrent bounds the messages answered at once; 8 when zero.
	MaxConcurrent int
	// ProgressInterval is the least time between two edits of a placeholder while an
	// answer is written; 1s when zero.
	ProgressInterval time.Duration
	// PingInterval is how long Socket Mode waits for Slack's ping before it reconnects;
	// 30s when zero.
	PingInterval time.Duration
	// MaxRetryWait bounds one wait for a rate limit or a failing call; 30s when zero.
	MaxRetryWait time.Duration
	// PlaceholderDelay is how long an answer may take before a placeholder is posted;
	// 700ms when zero. A faster answer is posted as it is, in one call.
	PlaceholderDelay time.Duration
	// CommandsInChannel shows slash command answers to the whole channel; by default only
	// the user who typed the command sees them.
	CommandsInChannel bool
	// MentionInThreads makes follow-ups in a thread the bot answered in need a mention,
	// as everywhere else in a channel; by default every later message there is taken as
	// a follow-up.
	MentionInThreads bool
	// EditWindow is how long after answering the bot follows the question's edits and
	// deletion; chat.DefaultEditWindow when zero.
	EditWindow time.Duration
	// Followed keeps the questions answered, for their edits and deletion; a
	// chat.Answered of its own (over EditWindow) when nil. Copies of the bot that share
	// one (redisstate.Answered) act on an edit once, whichever copy receives it.
	Followed chat.Followed
	// Store holds the claims that answer each message once; a chat.LocalStore of its own
	// when nil. Copies of the bot that share a store (chat/redisstate) answer each message
	// once between them.
	Store chat.Store
	// OnConnection, when set, is told each time the bot becomes able to receive events
	// (Socket Mode connected, or the HTTP mode serving) and each time it stops being so.
	OnConnection func(up bool)
}

// Commands names the slash commands the app's manifest declares.
type Commands struct {
	Summary string
	Ask     string
	Sources string
}

// defaults returns c with every zero field set to its default.
func (c Config) defaults() Config {
	if c.Mode == "" {
		c.Mode = ModeSocket
	}
	if c.Listen == "" {
		c.Listen = ":3000"
	}
	if c.APIURL == "" {
		c.APIURL = slack.APIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		// slack-go joins the base and the method name without a separator.
		c.APIURL += "/"
	}
	if c.Commands.Summary == "" {
		c.Commands.Summary = "/summary"
	}
	if c.Commands.Ask == "" {
		c.Commands.Ask = "/ask"
	}
	if c.Commands.Sources == "" {
		c.Commands.Sources = "/sources"
	}
	if c.Grace <= 0 {
		c.Grace = 10 * time.Second
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 8
	}
	if c.ProgressInterval <= 0 {
		c.ProgressInterval = time.Second
	}
	if c.PingInterval <= 0 {
		c.PingInterval = 30 * time.Second
	}
	if c.MaxRetryWait <= 0 {
		c.MaxRetryWait = 30 * time.Second
	}
	if c.PlaceholderDelay <= 0 {
		c.PlaceholderDelay = chat.DefaultPlaceholderDelay
	}
	if c.EditWindow <= 0 {
		c.EditWindow = chat.DefaultEditWindow
	}
	if c.Followed == nil {
		c.Followed = chat.NewAnswered(c.EditWindow, 0, nil)
	}
	return c
}

// Validate reports every problem of c (after defaults) in one error, naming the setting
// to fix. It never repeats a token.
func (c Config) Validate() error {
	c = c.defaults()
	var errs []error
	errs = append(errs, checkToken("bot token", "SLACK_BOT_TOKEN", c.BotToken, "xoxb-"))
	switch c.Mode {
	case ModeSocket:
		errs = append(errs, checkToken("app-level token", "SLACK_APP_TOKEN", c.AppToken, "xapp-"))
	case ModeHTTP:
		if c.SigningSecret == "" {
			errs = append(errs, errors.New("slack: signing secret is empty: set SLACK_SIGNING_SECRET (Basic Information > App Credentials) for slack.mode http"))
		}
	default:
		errs = append(errs, fmt.Errorf("slack: mode %q is not %q or %q", c.Mode, ModeSocket, ModeHTTP))
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("slack: api_url %q is not an http(s) URL", c.APIURL))
	}
	seen := map[string]bool{}
	for _, name := range []string{c.Commands.Summary, c.Commands.Ask, c.Commands.Sources} {
		if !strings.HasPrefix(name, "/") || len(name) < 2 || strings.ContainsAny(name, " \t\n") {
			errs = append(errs, fmt.Errorf("slack: command %q must be a slash and a word, like /ask", name))
		}
		if seen[name] {
			errs = append(errs, fmt.Errorf("slack: command %q is named twice", name))
		}
		seen[name] = true
	}
	return errors.Join(errs...)
}

// checkToken says what is wrong with a token without repeating it: only its kind prefix
// (xoxb, xapp, xoxp…) is ever shown.
func checkToken(what, env, token, prefix string) error {
	switch {
	case token == "":
		return fmt.Errorf("slack: %s is empty: set %s", what, env)
	case !strings.HasPrefix(token, prefix):
		kind, _, _ := strings.Cut(token, "-")
		if len(kind) > 5 {
			kind = kind[:5] + "…"
		}
		return fmt.Errorf("slack: %s in %s must start with %q, not %q", what, env, prefix, kind+"-")
	}
	return nil
}

// LogValue keeps the tokens out of logs when a Config is logged with log/slog.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("mode", c.Mode),
		slog.String("listen", c.Listen),
		slog.String("api_url", c.APIURL),
		slog.Bool("bot_token", c.BotToken != ""),
		slog.Bool("app_token", c.AppToken != ""),
		slog.Bool("signing_secret", c.SigningSecret != ""),
	)
}

// String keeps the tokens out of anything that prints a Config with fmt.
func (c Config) String() string {
	return c.LogValue().String()
}
