// Package discord connects the chat core to Discord: it turns gateway messages and slash
// command interactions into chat.Messages and the core's replies back into Discord
// messages. It is the only package of storybot that imports discordgo.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"storybot/chat"
)

// DefaultAPIURL is Discord's own REST API, the base every discordgo endpoint starts with.
const DefaultAPIURL = "https://discord.com/api"

// Intents are the gateway intents the bot asks for: messages in guild channels, direct
// messages, and their content. Message content is privileged: it must be switched on in
// the developer portal.
const Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent

// Permissions is the permission integer the invite URL asks for: View Channels, Send
// Messages, Send Messages in Threads and Read Message History (to read a reply chain back).
const Permissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads | discordgo.PermissionReadMessageHistory

// InviteURL returns the URL that adds the application appID to a server with the scopes
// and permissions the bot needs.
func InviteURL(appID string) string {
	return fmt.Sprintf("https://discord.com/oauth2/authorize?client_id=%s&scope=bot+applications.commands&permissions=%d",
		url.QueryEscape(appID), Permissions)
}

// Handler answers one message; chat.Bot implements it.
type Handler interface {
	// Handle answers m. progress, when not nil, receives the growing reply as Markdown.
	Handle(ctx context.Context, m chat.Message, progress func(markdown string)) chat.Reply
}

// Config configures an Adapter.
type Config struct {
	// Token is the bot token from the developer portal (DISCORD_BOT_TOKEN), with or
	// without its "Bot " prefix.
	Token string
	// APIURL is the REST API base, DefaultAPIURL when empty: a REST proxy, or a test fake.
	// The gateway address is looked up there too.
	APIURL string
	// GuildIDs lists the servers the slash commands are registered in; empty registers
	// them globally.
	GuildIDs []string
	// ShutdownGrace bounds how long Run waits for replies in flight once its context is
	// done; 10s when zero.
	ShutdownGrace time.Duration
	// MaxReplies bounds the replies written at the same time; 8 when zero. Further
	// messages wait their turn, up to 16 times as many, and beyond that get a busy notice.
	MaxReplies int
}

// Adapter runs the bot on Discord. Create it with New and start it with Run.
type Adapter struct {
	cfg     Config
	handler Handler
	log     *slog.Logger
	dedup   *chat.Dedup
	session *discordgo.Session

	// editEvery is the least time between two edits of a placeholder as an answer grows.
	editEvery time.Duration
	// typingEvery is how often the typing indicator is renewed (Discord shows it 10s).
	typingEvery time.Duration
	// historyDepth bounds the earlier turns read back from a reply chain.
	historyDepth int

	running chan struct{} // a slot per reply being written
	mu      sync.Mutex
	closing bool
	pending int
	wg      sync.WaitGroup
	me      identity
	conn    net.Conn // the gateway connection dialled last
}

// identity is who the bot is, learned from READY.
type identity struct {
	userID string
	appID  string
}

// New checks cfg and returns an Adapter that answers with handler and logs to logger.
func New(cfg Config, handler Handler, logger *slog.Logger) (*Adapter, error) {
	if handler == nil {
		return nil, errors.New("discord: no handler to answer messages")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	token := strings.TrimSpace(cfg.Token)
	if rest, ok := strings.CutPrefix(token, "Bot "); ok {
		token = strings.TrimSpace(rest)
	} else if token == "Bot" {
		token = ""
	}
	if token == "" {
		return nil, errors.New("discord: the bot token is empty (set DISCORD_BOT_TOKEN)")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, errors.New("discord: the bot token contains spaces; copy it again from the developer portal")
	}
	api, err := parseAPIURL(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	cfg.APIURL = api
	for _, id := range cfg.GuildIDs {
		if !isSnowflake(id) {
			return nil, fmt.Errorf("discord: guild id %q is not a Discord id (digits only, from Copy Server ID)", id)
		}
	}
	if cfg.ShutdownGrace < 0 {
		return nil, fmt.Errorf("discord: shutdown grace %v is negative", cfg.ShutdownGrace)
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.MaxReplies < 0 {
		return nil, fmt.Errorf("discord: max replies %d is negative", cfg.MaxReplies)
	}
	if cfg.MaxReplies == 0 {
		cfg.MaxReplies = 8
	}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: create session: %w", err)
	}
	s.Identify.Intents = Intents
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: newRewriter(api, http.DefaultTransport)}
	// discordgo logs through the standard logger; this adapter logs what matters to slog.
	s.LogLevel = -1
	// The state only needs to know who the bot is; message text is never kept.
	s.State.MaxMessageCount = 0

	a := &Adapter{
		cfg:          cfg,
		handler:      handler,
		log:          logger,
		dedup:        chat.NewDedup(24 * time.Hour),
		session:      s,
		editEvery:    time.Second,
		typingEvery:  8 * time.Second,
		historyDepth: 5,
		running:      make(chan struct{}, cfg.MaxReplies),
	}
	dialer := *websocket.DefaultDialer
	dialer.HandshakeTimeout = 15 * time.Second
	dialer.NetDialContext = a.dial
	s.Dialer = &dialer
	return a, nil
}

// dial opens a gateway connection and remembers it, so that Run can hang up a connection
// that hangs while opening when it is told to stop.
func (a *Adapter) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.conn = c
	a.mu.Unlock()
	return c, nil
}

// parseAPIURL checks the REST API base and returns it without a trailing slash.
func parseAPIURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultAPIURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("discord: api_url %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("discord: api_url %q must be an http:// or https:// URL such as %s", raw, DefaultAPIURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("discord: api_url %q must not have a query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// isSnowflake reports whether s looks like a Discord id.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
