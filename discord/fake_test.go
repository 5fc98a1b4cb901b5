package discord

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
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

	// refuseIntents closes the gateway with 4014 after IDENTIFY.
	refuseIntents bool
	// silent never answers IDENTIFY.
	silent bool
	conn   *fakeConn   // the current gateway connection
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
		c := f.conn
		f.mu.Unlock()
		if c != nil {
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
	deadline := time.Now().Add(10 * time.Second)
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
	req := request{Method: r.Method, Path: path, Body: body}
	f.mu.Lock()
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

// fakeConn is one gateway connection.
type fakeConn struct {
	f  *fakeDiscord
	ws *websocket.Conn
	mu sync.Mutex // one writer at a time
	// compress sends READY zlib-compressed in a binary frame, as Discord does for a
	// client that identifies with "compress": true.
	compress bool
}

// write sends a gateway payload.
func (c *fakeConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

// dispatch sends event t with data d, numbered like Discord numbers dispatches.
func (c *fakeConn) dispatch(t string, d any) {
	c.f.mu.Lock()
	c.f.seq++
	seq := c.f.seq
	c.f.mu.Unlock()
	p := map[string]any{"op": 0, "s": seq, "t": t, "d": d}
	var err error
	if c.compress && t == "READY" {
		err = c.writeCompressed(p)
	} else {
		err = c.write(p)
	}
	if err != nil {
		c.f.t.Errorf("dispatch %s: %v", t, err)
	}
}

// writeCompressed sends a payload zlib-compressed in a binary frame.
func (c *fakeConn) writeCompressed(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteMessage(websocket.BinaryMessage, z.Bytes())
}

var upgrader = websocket.Upgrader{}

// gateway serves one websocket connection: HELLO, then IDENTIFY or RESUME, then READY or
// RESUMED, then heartbeats until the bot hangs up.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("encoding") != "json" {
		http.Error(w, "encoding=json expected", http.StatusBadRequest)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &fakeConn{f: f, ws: ws}
	defer ws.Close()
	if c.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 30000}}) != nil {
		return
	}
	for {
		var op gatewayOp
		if err := ws.ReadJSON(&op); err != nil {
			return
		}
		if op.Op == 1 {
			c.write(map[string]any{"op": 11})
			continue
		}
		f.mu.Lock()
		f.ops = append(f.ops, op)
		refuse, silent := f.refuseIntents, f.silent
		onResume := f.onResume
		f.mu.Unlock()
		switch {
		case silent:
		case op.Op == 2:
			if refuse {
				msg := websocket.FormatCloseMessage(closeDisallowedIntents, "Disallowed intent(s).")
				c.mu.Lock()
				ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
				c.mu.Unlock()
				return
			}
			var id struct {
				Compress bool `json:"compress"`
			}
			json.Unmarshal(op.D, &id)
			c.compress = id.Compress
			f.setConn(c)
			c.dispatch("READY", map[string]any{
				"v": 9, "session_id": "session-1", "user": botUser(),
				"application": map[string]any{"id": appID, "flags": 0},
				"guilds":      []any{}, "private_channels": []any{},
			})
		case op.Op == 6:
			f.setConn(c)
			c.dispatch("RESUMED", map[string]any{})
			if onResume != nil {
				go onResume(c)
			}
		}
	}
}

func (f *fakeDiscord) setConn(c *fakeConn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conn = c
}

// current returns the current gateway connection.
func (f *fakeDiscord) current() *fakeConn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conn
}

// gatewayOps returns the payloads the bot sent with opcode op.
func (f *fakeDiscord) gatewayOps(op int) []gatewayOp {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []gatewayOp
	for _, o := range f.ops {
		if o.Op == op {
			out = append(out, o)
		}
	}
	return out
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
