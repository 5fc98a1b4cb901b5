package fakeslack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socket is one Socket Mode connection.
type socket struct {
	conn *websocket.Conn
	wmu  sync.Mutex // gorilla allows one writer at a time
}

func (sk *socket) write(v any) error {
	sk.wmu.Lock()
	defer sk.wmu.Unlock()
	return sk.conn.WriteJSON(v)
}

// serveSocket upgrades to the Socket Mode websocket: it says hello, pings, and records
// every acknowledgement it reads until the connection ends.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sk := &socket{conn: conn}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = conn.Close()
		return
	}
	s.socket = sk
	s.dials++
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	defer conn.Close()

	done := make(chan struct{})
	defer close(done)
	go s.pinger(sk, done)
	if err := sk.write(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]string{"app_id": "A1"}}); err != nil {
		return
	}
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) == nil && ack.EnvelopeID != "" {
			s.mu.Lock()
			s.acks[ack.EnvelopeID] = ack.Payload
			s.mu.Unlock()
		}
	}
}

// pinger pings like Slack does, so the client knows the connection is alive.
func (s *Server) pinger(sk *socket, done <-chan struct{}) {
	t := time.NewTicker(s.ping)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if sk.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)) != nil {
				return
			}
		}
	}
}

// Dials returns how many Socket Mode connections have been opened.
func (s *Server) Dials() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dials
}

// Send delivers an envelope over the current Socket Mode connection.
func (s *Server) Send(envelope any) error {
	s.mu.Lock()
	sk := s.socket
	s.mu.Unlock()
	if sk == nil {
		return errors.New("fakeslack: no Socket Mode connection")
	}
	return sk.write(envelope)
}

// Drop cuts the current Socket Mode connection without a close frame, as a network
// failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	sk := s.socket
	s.socket = nil
	s.mu.Unlock()
	if sk != nil {
		_ = sk.conn.NetConn().Close()
	}
}

// Ack returns the payload with which envelope id was acknowledged, and whether it was.
func (s *Server) Ack(id string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.acks[id]
	return p, ok
}

// EventEnvelope wraps a message event (the "event" of an Events API callback) in a Socket
// Mode events_api envelope. retry is Slack's retry_attempt: 0 on first delivery.
func EventEnvelope(envelopeID, eventID string, event map[string]any, retry int) map[string]any {
	return map[string]any{
		"type": "events_api", "envelope_id": envelopeID, "accepts_response_payload": false,
		"retry_attempt": retry, "retry_reason": map[bool]string{true: "timeout"}[retry > 0],
		"payload": EventCallback(eventID, event),
	}
}

// EventCallback is the Events API callback carrying event.
func EventCallback(eventID string, event map[string]any) map[string]any {
	return map[string]any{
		"token": "unused", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": event,
	}
}

// CommandEnvelope wraps a slash command in a Socket Mode slash_commands envelope.
func CommandEnvelope(envelopeID string, command url.Values) map[string]any {
	payload := map[string]string{}
	for k := range command {
		payload[k] = command.Get(k)
	}
	return map[string]any{"type": "slash_commands", "envelope_id": envelopeID, "accepts_response_payload": true, "payload": payload}
}

// Command is the form of a slash command as Slack sends it.
func Command(name, text, channel, user, responseURL, triggerID string) url.Values {
	return url.Values{
		"team_id": {"T1"}, "channel_id": {channel}, "user_id": {user}, "command": {name},
		"text": {text}, "response_url": {responseURL}, "trigger_id": {triggerID}, "api_app_id": {"A1"},
	}
}

// Sign returns the X-Slack-Request-Timestamp and X-Slack-Signature headers Slack would
// send with body at time at, signed with secret.
func Sign(secret string, at time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

// InteractiveEnvelope wraps an interaction payload (a click on a button) in a Socket Mode
// interactive envelope.
func InteractiveEnvelope(envelopeID string, payload map[string]any) map[string]any {
	return map[string]any{"type": "interactive", "envelope_id": envelopeID, "accepts_response_payload": false, "payload": payload}
}

// BlockAction is the block_actions payload of user clicking the button actionID, whose
// value is value, on the message at ts in channel; ephemeral messages have no ts.
func BlockAction(user, channel, ts, text, actionID, value, responseURL string) map[string]any {
	container := map[string]any{"type": "message", "channel_id": channel, "message_ts": ts, "is_ephemeral": ts == ""}
	p := map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T1"}, "api_app_id": "A1",
		"user":    map[string]any{"id": user, "username": "reader", "team_id": "T1"},
		"channel": map[string]any{"id": channel}, "container": container,
		"trigger_id": "trig-" + actionID, "response_url": responseURL,
		"actions": []map[string]any{{"type": "button", "action_id": actionID, "block_id": "storybot_feedback", "value": value, "action_ts": "1.2"}},
	}
	if ts != "" {
		p["message"] = map[string]any{"type": "message", "ts": ts, "text": text, "user": BotUserID, "bot_id": BotID}
	}
	return p
}
