package discord

import (
	"encoding/json"
	"testing"
	"time"
)

func TestReconnectResumesWithoutAnsweringTwice(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	first := userMessage("9501", "95", guildID, "<@"+botID+"> What is Stoke building?")
	r.send(first)
	r.f.waitReqs("POST", "/channels/95/messages", 1)

	// Discord asks for a reconnect; after the resume it replays the dispatch the bot had
	// already answered, then a new one.
	r.f.mu.Lock()
	r.f.onResume = func(c *fakeConn) {
		c.dispatch("MESSAGE_CREATE", first)
		c.dispatch("MESSAGE_CREATE", userMessage("9502", "95", guildID, "<@"+botID+"> Who founded it?"))
	}
	r.f.mu.Unlock()
	if err := r.f.current().write(map[string]any{"op": 7, "d": nil}); err != nil {
		t.Fatalf("send RECONNECT: %v", err)
	}
	r.f.waitReqs("POST", "/channels/95/messages", 2)
	time.Sleep(100 * time.Millisecond)
	if posts := r.f.reqs("POST", "/channels/95/messages"); len(posts) != 2 {
		t.Errorf("%d replies; want 2, one per message across the resume", len(posts))
	}
	resumes := r.f.gatewayOps(6)
	if len(resumes) != 1 {
		t.Fatalf("%d RESUME payloads; want 1", len(resumes))
	}
	var resume struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(resumes[0].D, &resume); err != nil {
		t.Fatalf("RESUME payload: %v", err)
	}
	if resume.SessionID != "session-1" || resume.Seq < 2 || resume.Token != "Bot test-token" {
		t.Errorf("RESUME = %+v; want session-1, the last sequence number and the token", resume)
	}
	if n := len(r.f.gatewayOps(2)); n != 1 {
		t.Errorf("%d IDENTIFY payloads; want 1, the reconnect resumes", n)
	}
}

func TestInvalidSessionIdentifiesAgainWithoutAnsweringTwice(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	first := userMessage("9601", "96", "", "What is Stoke building?")
	r.send(first)
	r.f.waitReqs("POST", "/channels/96/messages", 1)

	if err := r.f.current().write(map[string]any{"op": 9, "d": false}); err != nil {
		t.Fatalf("send INVALID_SESSION: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(r.f.gatewayOps(2)) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not identify again after INVALID_SESSION")
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.send(first)
	r.send(userMessage("9602", "96", "", "Who founded it?"))
	r.f.waitReqs("POST", "/channels/96/messages", 2)
	time.Sleep(100 * time.Millisecond)
	if posts := r.f.reqs("POST", "/channels/96/messages"); len(posts) != 2 {
		t.Errorf("%d replies; want 2, one per message across the new session", len(posts))
	}
	if got := rec.messages(); len(got) != 2 || got[1].ID != "9602" {
		t.Errorf("handler got %+v; want 9601 then 9602", got)
	}
}
