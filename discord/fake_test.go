package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// The ids the fake Discord knows.
const (
	botID   = "100"
	appID   = "200"
	userID  = "300"
	guildID = "900"
)

// request is one REST request the fake received.
type request struct {
	N      int       // the request's position among all the fake received
	At     time.Time // when the fake received it
	Method string
	Path   string // without the /api/v9 prefix, with the query
	Body   []byte
}

// fakeDiscord is a local stand-in for Discord: a REST API that records every request and
// keeps the messages posted, and a gateway websocket that the tests drive.
type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	requests []request
	messages map[string]*discordgo.Message
	nextID   int
	// respond, when set, may answer a request instead of the fake (a 429, a 500).
	respond func(r request) (status int, body string, header http.Header, ok bool)

	// closeIdentify, when not 0, closes the gateway with that code after IDENTIFY:
	// 4014 for disallowed intents, 4004 for a bad token.
	closeIdentify int
	// silent never answers IDENTIFY.
	silent bool
	conn   *fakeConn   // the current gateway connection
	conns  []*fakeConn // every connection that identified or resumed
	ops    []gatewayOp // what the bot sent over the gateway, heartbeats aside
	seq    int64
	// onResume runs on the new connection after RESUMED is sent.
	onResume func(c *fakeConn)
}

// gatewayOp is a payload the bot sent over the gateway.
type gatewayOp struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

// newFake starts a fake Discord on 127.0.0.1.
func newFake(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, messages: make(map[string]*discordgo.Message), nextID: 5000}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", f.rest)
	mux.HandleFunc("/ws/", f.gateway)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.mu.Lock()
		conns := f.conns
		f.mu.Unlock()
		for _, c := range conns {
			c.ws.Close()
		}
		f.srv.Close()
	})
	return f
}

// apiURL is the api_url that points the bot at the fake.
func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/api" }

// store keeps m so that the bot can read it back.
func (f *fakeDiscord) store(m *discordgo.Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.messages[m.ID] = m
}

// posted returns the messages the bot posted in channel, oldest first.
func (f *fakeDiscord) posted(channel string) []*discordgo.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*discordgo.Message
	for _, m := range f.messages {
		if m.ChannelID == channel && m.Author != nil && m.Author.ID == botID {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i].ID) < len(out[j].ID) || (len(out[i].ID) == len(out[j].ID) && out[i].ID < out[j].ID)
	})
	return out
}

// reqs returns the requests so far, matching method and path prefix ("" matches all).
func (f *fakeDiscord) reqs(method, prefix string) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.requests {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// waitReqs waits until n requests match method and prefix, and returns them.
func (f *fakeDiscord) waitReqs(method, prefix string, n int) []request {
	f.t.Helper()
	// Generous: the machine the tests run on may be busy.
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := f.reqs(method, prefix)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("waited for %d %s %s requests, got %d: %v", n, method, prefix, len(got), f.summary())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// summary lists the requests so far, for failure messages.
func (f *fakeDiscord) summary() []string {
	var out []string
	for _, r := range f.reqs("", "") {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (f *fakeDiscord) rest(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/api/v"+discordgo.APIVersion)
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	req := request{Method: r.Method, Path: path, Body: body, At: time.Now()}
	f.mu.Lock()
	req.N = len(f.requests)
	f.requests = append(f.requests, req)
	respond := f.respond
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bot test-token" {
		http.Error(w, `{"message": "401: Unauthorized", "code": 0}`, http.StatusUnauthorized)
		return
	}
	if respond != nil {
		if status, b, h, ok := respond(req); ok {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, b)
			return
		}
	}
	status, out := f.answer(req)
	if out == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(out)
}

// answer is the fake's own answer to a REST request.
func (f *fakeDiscord) answer(r request) (int, any) {
	p := strings.SplitN(r.Path, "?", 2)[0]
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case r.Method == "GET" && p == "/gateway":
		return 200, map[string]string{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"}
	case r.Method == "GET" && p == "/gateway/bot":
		return 200, map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws", "shards": 1}
	case r.Method == "GET" && p == "/users/@me":
		return 200, botUser()
	case r.Method == "PUT" && parts[0] == "applications":
		var cmds []map[string]any
		json.Unmarshal(r.Body, &cmds)
		for i, c := range cmds {
			c["id"] = strconv.Itoa(700 + i)
			c["application_id"] = appID
		}
		return 200, cmds
	case parts[0] == "channels" && len(parts) == 3 && parts[2] == "typing":
		return 204, nil
	case parts[0] == "channels" && len(parts) == 3 && r.Method == "POST":
		return 200, f.post(parts[1], r.Body)
	case parts[0] == "channels" && len(parts) == 4 && r.Method == "PATCH":
		return f.edit(parts[3], r.Body)
	case parts[0] == "channels" && len(parts) == 4 && r.Method == "GET":
		f.mu.Lock()
		m, ok := f.messages[parts[3]]
		f.mu.Unlock()
		if !ok {
			return 404, map[string]any{"message": "Unknown Message", "code": 10008}
		}
		return 200, m
	case parts[0] == "interactions" && r.Method == "POST":
		return 204, nil
	case parts[0] == "webhooks" && r.Method == "PATCH":
		return f.edit("original-"+parts[2], r.Body)
	case parts[0] == "webhooks" && r.Method == "POST":
		return 200, f.post("webhook", r.Body)
	case parts[0] == "webhooks" && r.Method == "DELETE":
		return 204, nil
	}
	return 404, map[string]any{"message": "Unknown endpoint " + r.Method + " " + p, "code": 0}
}

// post stores a message the bot sent to channel.
func (f *fakeDiscord) post(channel string, body []byte) *discordgo.Message {
	var send discordgo.MessageSend
	json.Unmarshal(body, &send)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	m := &discordgo.Message{
		ID: strconv.Itoa(f.nextID), ChannelID: channel, Content: send.Content, Author: botUser(),
		MessageReference: send.Reference, Type: discordgo.MessageTypeDefault,
	}
	if send.Reference != nil {
		m.Type = discordgo.MessageTypeReply
	}
	f.messages[m.ID] = m
	return m
}

// edit changes the content of message id.
func (f *fakeDiscord) edit(id string, body []byte) (int, any) {
	var edit struct {
		Content *string `json:"content"`
	}
	json.Unmarshal(body, &edit)
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.messages[id]
	if !ok {
		m = &discordgo.Message{ID: id, Author: botUser()}
		f.messages[id] = m
	}
	if edit.Content != nil {
		m.Content = *edit.Content
	}
	return 200, m
}

func botUser() *discordgo.User {
	return &discordgo.User{ID: botID, Username: "storybot", Bot: true}
}

// userMessage is a message of the user in channel; guild "" makes it a direct message.
func userMessage(id, channel, guild, content string) *discordgo.Message {
	m := &discordgo.Message{
		ID: id, ChannelID: channel, GuildID: guild, Content: content,
		Author: &discordgo.User{ID: userID, Username: "reader"},
		Type:   discordgo.MessageTypeDefault,
	}
	if strings.Contains(content, "<@"+botID+">") || strings.Contains(content, "<@!"+botID+">") {
		m.Mentions = []*discordgo.User{botUser()}
	}
	return m
}

// slashCommand is an interaction for command name with options, in guild ("" for a DM).
func slashCommand(id, channel, guild, name string, options ...map[string]any) map[string]any {
	i := map[string]any{
		"id": id, "application_id": appID, "type": 2, "token": "tok-" + id, "version": 1,
		"channel_id": channel,
		"data":       map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": options},
	}
	user := map[string]any{"id": userID, "username": "reader"}
	if guild != "" {
		i["guild_id"] = guild
		i["member"] = map[string]any{"user": user}
	} else {
		i["user"] = user
	}
	return i
}

// String makes the requests readable in failure messages.
func (r request) String() string { return fmt.Sprintf("%s %s %s", r.Method, r.Path, r.Body) }
