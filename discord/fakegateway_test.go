package discord

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

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
		refuse, silent := f.closeIdentify, f.silent
		onResume := f.onResume
		f.mu.Unlock()
		switch {
		case silent:
		case op.Op == 2:
			if refuse != 0 {
				msg := websocket.FormatCloseMessage(refuse, "refused")
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
	f.conns = append(f.conns, c)
}

// connections returns every gateway connection that identified or resumed, oldest first:
// several sessions of one bot each have their own.
func (f *fakeDiscord) connections() []*fakeConn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*fakeConn(nil), f.conns...)
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
