package discord

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"storybot/chat"
)

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
	// PlaceholderDelay is how long an answer may take before the bot shows it is working
	// (typing, a deferred slash command); 700ms when zero. A faster answer is one call.
	PlaceholderDelay time.Duration
	// CommandsInChannel shows slash command answers to the whole channel; by default only
	// the user who used the command sees them.
	CommandsInChannel bool
	// EditWindow is how long after answering the bot follows a question's edits and
	// deletion; chat.DefaultEditWindow when zero.
	EditWindow time.Duration
	// Followed keeps the questions answered, for their edits and deletion; a
	// chat.Answered of its own (over EditWindow) when nil. Processes that share one
	// (redisstate.Answered) act on an edit once, whichever receives it.
	Followed chat.Followed
	// ShardCount splits the servers between that many gateway sessions: Discord sends
	// session ShardID the events of the servers whose (id >> 22) % ShardCount is ShardID,
	// and every direct message to shard 0. With ShardCount set, this Adapter runs shard
	// ShardID alone and other processes run the others. 0 (the default) asks Discord how
	// many shards it recommends and runs them all in this Adapter: one, below 2,500 servers.
	ShardCount int
	// ShardID is the shard this Adapter runs when ShardCount is set: 0 to ShardCount-1.
	ShardID int
	// Store holds the claims that answer each message once; a chat.LocalStore of its own
	// when nil. Sessions that share a store (chat/redisstate) answer each message once
	// between them, however many of them Discord sends it to.
	Store chat.Store
	// OnConnection, when set, is told each time the gateway session becomes ready or
	// resumes (true) and each time it drops (false).
	OnConnection func(up bool)
}

// checked returns cfg with its defaults filled in and the token without its "Bot "
// prefix, or an error that says what to fix.
func (cfg Config) checked() (Config, error) {
	token := strings.TrimSpace(cfg.Token)
	if rest, ok := strings.CutPrefix(token, "Bot "); ok {
		token = strings.TrimSpace(rest)
	} else if token == "Bot" {
		token = ""
	}
	if token == "" {
		return cfg, errors.New("discord: the bot token is empty (set DISCORD_BOT_TOKEN)")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return cfg, errors.New("discord: the bot token contains spaces; copy it again from the developer portal")
	}
	cfg.Token = token
	api, err := parseAPIURL(cfg.APIURL)
	if err != nil {
		return cfg, err
	}
	cfg.APIURL = api
	for _, id := range cfg.GuildIDs {
		if !isSnowflake(id) {
			return cfg, fmt.Errorf("discord: guild id %q is not a Discord id (digits only, from Copy Server ID)", id)
		}
	}
	switch {
	case cfg.ShutdownGrace < 0:
		return cfg, fmt.Errorf("discord: shutdown grace %v is negative", cfg.ShutdownGrace)
	case cfg.ShutdownGrace == 0:
		cfg.ShutdownGrace = 10 * time.Second
	}
	switch {
	case cfg.ShardCount < 0:
		return cfg, fmt.Errorf("discord: shard count %d is negative", cfg.ShardCount)
	case cfg.ShardID < 0:
		return cfg, fmt.Errorf("discord: shard id %d is negative", cfg.ShardID)
	case cfg.ShardCount == 0 && cfg.ShardID > 0:
		return cfg, fmt.Errorf("discord: shard id %d needs a shard count (discord.shard_count) above it", cfg.ShardID)
	case cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount:
		return cfg, fmt.Errorf("discord: shard id %d must be below the shard count %d (ids start at 0)", cfg.ShardID, cfg.ShardCount)
	}
	switch {
	case cfg.MaxReplies < 0:
		return cfg, fmt.Errorf("discord: max replies %d is negative", cfg.MaxReplies)
	case cfg.MaxReplies == 0:
		cfg.MaxReplies = 8
	}
	if cfg.PlaceholderDelay <= 0 {
		cfg.PlaceholderDelay = chat.DefaultPlaceholderDelay
	}
	if cfg.EditWindow <= 0 {
		cfg.EditWindow = chat.DefaultEditWindow
	}
	if cfg.Followed == nil {
		cfg.Followed = chat.NewAnswered(cfg.EditWindow, 0, nil)
	}
	return cfg, nil
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
