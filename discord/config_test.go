package discord

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"storybot/chat"
)

func TestNewRefusesBadConfig(t *testing.T) {
	ok := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply { return chat.Reply{} })
	tests := []struct {
		name    string
		cfg     Config
		handler Handler
		want    string
	}{
		{"no token", Config{}, ok, "DISCORD_BOT_TOKEN"},
		{"blank token", Config{Token: "Bot   "}, ok, "DISCORD_BOT_TOKEN"},
		{"token with spaces", Config{Token: "abc def"}, ok, "spaces"},
		{"relative api url", Config{Token: "t", APIURL: "discord.com/api"}, ok, "http:// or https://"},
		{"ftp api url", Config{Token: "t", APIURL: "ftp://example.com/api"}, ok, "http:// or https://"},
		{"api url with query", Config{Token: "t", APIURL: "https://proxy.example/api?x=1"}, ok, "query"},
		{"guild id not a number", Config{Token: "t", GuildIDs: []string{"my-server"}}, ok, `"my-server"`},
		{"empty guild id", Config{Token: "t", GuildIDs: []string{""}}, ok, `guild id ""`},
		{"negative grace", Config{Token: "t", ShutdownGrace: -time.Second}, ok, "negative"},
		{"negative max replies", Config{Token: "t", MaxReplies: -1}, ok, "negative"},
		{"no handler", Config{Token: "t"}, nil, "handler"},
		{"negative shard count", Config{Token: "t", ShardCount: -1}, ok, "negative"},
		{"negative shard id", Config{Token: "t", ShardID: -1, ShardCount: 2}, ok, "negative"},
		{"shard id without count", Config{Token: "t", ShardID: 1}, ok, "shard_count"},
		{"shard id past count", Config{Token: "t", ShardID: 2, ShardCount: 2}, ok, "below the shard count 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, tt.handler, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New(%+v) = %v; want an error naming %q", tt.cfg, err, tt.want)
			}
		})
	}
}

func TestNewAcceptsGoodConfig(t *testing.T) {
	h := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply { return chat.Reply{} })
	for _, cfg := range []Config{
		{Token: "abc"},
		{Token: "Bot abc", APIURL: "https://proxy.example/discord/api/", GuildIDs: []string{"123456789012345678"}},
		{Token: "abc", ShardID: 2, ShardCount: 3},
	} {
		a, err := New(cfg, h, nil)
		if err != nil {
			t.Errorf("New(%+v) = %v; want no error", cfg, err)
			continue
		}
		if a.session.Token != "Bot abc" {
			t.Errorf("New(%+v): session token %q; want \"Bot abc\"", cfg, a.session.Token)
		}
		if a.session.Identify.Intents != Intents {
			t.Errorf("New(%+v): intents %d; want %d", cfg, a.session.Identify.Intents, Intents)
		}
		// discordgo's own default is shard 0 of 1: unsharded.
		if a.session.ShardID != cfg.ShardID || a.session.ShardCount != max(1, cfg.ShardCount) {
			t.Errorf("New(%+v): shard %d of %d; want %d of %d", cfg, a.session.ShardID, a.session.ShardCount, cfg.ShardID, max(1, cfg.ShardCount))
		}
		if a.session.StateEnabled {
			t.Errorf("New(%+v): discordgo's state is on; it would cache every guild, channel and member", cfg)
		}
	}
}

// roundTripFunc records where requests go.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRewriterSendsDiscordRequestsToTheAPIURL(t *testing.T) {
	tests := []struct {
		api, in, want string
	}{
		{"http://127.0.0.1:8080/api", "https://discord.com/api/v9/gateway", "http://127.0.0.1:8080/api/v9/gateway"},
		{"https://proxy.example/discord/api", "https://discord.com/api/v9/channels/1/messages?limit=5", "https://proxy.example/discord/api/v9/channels/1/messages?limit=5"},
		{"https://proxy.example", "https://discord.com/api/v9/webhooks/2/a%2Fb/messages/@original", "https://proxy.example/v9/webhooks/2/a%2Fb/messages/@original"},
		{"https://proxy.example/api", "https://cdn.discordapp.com/avatars/1.png", "https://cdn.discordapp.com/avatars/1.png"},
		{"https://proxy.example/api", "https://discord.com/apis", "https://discord.com/apis"},
	}
	for _, tt := range tests {
		var got string
		rt := newRewriter(tt.api, roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			if r.Host != "" && r.Host != r.URL.Host {
				t.Errorf("%s: Host header %q; want the API URL's host %q", tt.in, r.Host, r.URL.Host)
			}
			return &http.Response{StatusCode: 204, Body: io.NopCloser(strings.NewReader(""))}, nil
		}))
		req, err := http.NewRequest("GET", tt.in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatalf("RoundTrip(%s): %v", tt.in, err)
		}
		if got != tt.want {
			t.Errorf("newRewriter(%q) sends %s to %s; want %s", tt.api, tt.in, got, tt.want)
		}
		if req.URL.String() != tt.in {
			t.Errorf("RoundTrip changed the caller's request to %s", req.URL)
		}
	}
}

func TestInviteURL(t *testing.T) {
	// View Channels 1024, Send Messages 2048, Read Message History 65536, Send Messages in
	// Threads 274877906944: the integer the README gives.
	const want = "https://discord.com/oauth2/authorize?client_id=200&scope=bot+applications.commands&permissions=274877975552"
	if got := InviteURL("200"); got != want {
		t.Errorf("InviteURL(\"200\") = %q; want %q", got, want)
	}
}
