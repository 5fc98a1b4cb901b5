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
	"sync"
	"sync/atomic"
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

// Adapter runs the bot on Discord. Create it with New and start it with Run.
type Adapter struct {
	cfg     Config
	handler Handler
	log     *slog.Logger
	// answered follows the questions answered, for their edits and deletion.
	answered chat.Followed
	// store holds the claims that answer each message once, shared with every session and
	// copy of the bot that shares it.
	store   chat.Store
	session *discordgo.Session // the gateway's, and one-off REST calls
	// restSession serves the replies' REST calls, renewed every renewEvery of them: see rest.
	restSession atomic.Pointer[discordgo.Session]
	restCalls   atomic.Uint64
	renewEvery  int

	// editEvery is the least time between two edits of a placeholder as an answer grows.
	editEvery time.Duration
	// typingEvery is how often the typing indicator is renewed (Discord shows it 10s).
	typingEvery time.Duration
	// historyDepth bounds the earlier turns read back from a reply chain.
	historyDepth int
	// retryBase is the first pause before connecting again after a failure that may pass.
	retryBase time.Duration

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
	cfg, err := cfg.checked()
	if err != nil {
		return nil, err
	}

	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: create session: %w", err)
	}
	s.Identify.Intents = Intents
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: newRewriter(cfg.APIURL, http.DefaultTransport)}
	// discordgo logs through the standard logger; this adapter logs what matters to slog.
	s.LogLevel = -1
	// The adapter needs only who the bot is, which discordgo keeps from READY even with
	// its state off; on, it would cache every guild, channel and member it hears of.
	s.StateEnabled = false
	s.State.MaxMessageCount = 0
	if cfg.ShardCount > 0 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	store := cfg.Store
	if store == nil {
		store = chat.NewLocalStore(chat.LocalOptions{})
	}

	a := &Adapter{
		cfg:          cfg,
		handler:      handler,
		log:          logger,
		store:        store,
		renewEvery:   restRenewEvery,
		answered:     cfg.Followed,
		session:      s,
		editEvery:    time.Second,
		typingEvery:  8 * time.Second,
		historyDepth: 5,
		retryBase:    time.Second,
		running:      make(chan struct{}, cfg.MaxReplies),
	}
	a.restSession.Store(newRESTSession(s))
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
