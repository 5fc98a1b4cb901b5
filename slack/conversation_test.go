package slack

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"storybot/chat"
	"storybot/chat/chattest"
	"storybot/slack/fakeslack"
)

// buttons returns the answer id and the labels of the feedback buttons in a message's
// blocks; id is "" when there are none.
func buttons(t *testing.T, blocks string) (id string, labels []string) {
	t.Helper()
	if blocks == "" {
		return "", nil
	}
	var bl []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
			Text     struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(blocks), &bl); err != nil {
		t.Fatalf("blocks are not JSON: %v: %s", err, blocks)
	}
	for _, b := range bl {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			id = e.Value
			labels = append(labels, e.ActionID+" "+e.Text.Text)
		}
	}
	return id, labels
}

// answerIn waits for the bot's answer in thread of channel and returns it.
func (h *harness) answerIn(channel, thread string) fakeslack.Message {
	h.t.Helper()
	var got fakeslack.Message
	fakeslack.Wait(h.t, "an answer in "+channel, func() bool {
		for _, m := range h.fake.Messages(channel) {
			if m.BotID != "" && m.ThreadTS == thread && m.Text != placeholder {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// labelsNow waits until the message at ts shows the button labels want.
func (h *harness) labelsNow(channel, ts string, want ...string) {
	h.t.Helper()
	var labels []string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range h.fake.Messages(channel) {
			if m.TS == ts {
				_, labels = buttons(h.t, m.Blocks)
			}
		}
		if strings.Join(labels, ",") == strings.Join(want, ",") {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("buttons of %s = %q; want %q", ts, labels, want)
}

func TestFeedbackButtonsOverSocketMode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	fake := fakeslack.New(t, 20*time.Millisecond)
	h := startOn(t, fake, ModeSocket, chattest.VotingBot(t, path))
	q := fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-q", "EvQ", mention("C1", "U1", "<@UBOT> What is Stoke building?", q, ""), 0))
	ans := h.answerIn("C1", q)
	id, labels := buttons(t, ans.Blocks)
	if id == "" || strings.Join(labels, ",") != actionUp+" 👍,"+actionDown+" 👎" {
		t.Fatalf("answer buttons = %q (answer %q); want 👍 and 👎", labels, id)
	}
	posts := len(fake.Calls("chat.postMessage"))

	click := func(env, user, action string) {
		t.Helper()
		h.send(fakeslack.InteractiveEnvelope(env, fakeslack.BlockAction(user, "C1", ans.TS, ans.Text, action, id, fake.ResponseURL(env))))
	}
	click("env-v1", "U1", actionUp)
	h.labelsNow("C1", ans.TS, actionUp+" 👍 1", actionDown+" 👎")
	click("env-v2", "U1", actionDown) // a change of mind
	h.labelsNow("C1", ans.TS, actionUp+" 👍", actionDown+" 👎 1")
	click("env-v3", "U1", actionDown) // the same click again counts once
	click("env-v4", "U2", actionDown)
	h.labelsNow("C1", ans.TS, actionUp+" 👍", actionDown+" 👎 2")
	if n := len(fake.Calls("chat.postMessage")); n != posts {
		t.Errorf("voting posted %d new messages; want none", n-posts)
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}

	// A restart: a new bot and adapter over the same file and workspace.
	h2 := startOn(t, fake, ModeSocket, chattest.VotingBot(t, path))
	h2.send(fakeslack.InteractiveEnvelope("env-v5", fakeslack.BlockAction("U2", "C1", ans.TS, ans.Text, actionUp, id, fake.ResponseURL("v5"))))
	h2.labelsNow("C1", ans.TS, actionUp+" 👍 1", actionDown+" 👎 1")
	chattest.CheckVotes(t, path, 2, "slack", "What is Stoke building?", "U1")
}

func TestFeedbackOverSignedHTTP(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	h := start(t, ModeHTTP, chattest.VotingBot(t, path))
	q := h.fake.NextTS()
	status, _ := h.post(EventsPath, mustJSON(t, fakeslack.EventCallback("EvQ", mention("C1", "U1", "<@UBOT> What is Stoke building?", q, ""))), time.Now(), secret, nil)
	if status != 200 {
		t.Fatalf("event = %d", status)
	}
	ans := h.answerIn("C1", q)
	id, _ := buttons(t, ans.Blocks)
	payload := mustJSON(t, fakeslack.BlockAction("U1", "C1", ans.TS, ans.Text, actionDown, id, h.fake.ResponseURL("r1")))
	body := []byte(url.Values{"payload": {string(payload)}}.Encode())

	if status, _ := h.post(InteractionsPath, body, time.Now(), "wrong-secret", nil); status != 401 {
		t.Errorf("badly signed interaction = %d; want 401", status)
	}
	if status, _ := h.post(InteractionsPath, []byte("payload=%7Bnot+json"), time.Now(), secret, nil); status != 400 {
		t.Errorf("malformed interaction = %d; want 400", status)
	}
	start := time.Now()
	if status, _ := h.post(InteractionsPath, body, time.Now(), secret, nil); status != 200 {
		t.Fatalf("interaction = %d; want 200", status)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("interaction acknowledged after %v; Slack wants 3s", d)
	}
	h.labelsNow("C1", ans.TS, actionUp+" 👍", actionDown+" 👎 1")
	if votes, _, _ := chat.ReadFeedbackFile(path); len(votes) != 1 || votes[0].Vote != chat.VoteDown {
		t.Errorf("feedback file = %+v; want one 👎", votes)
	}
}

func TestEphemeralCommandAnswerThanksTheVoter(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, chattest.VotingBot(t, filepath.Join(t.TempDir(), "f.jsonl")))
	h.send(fakeslack.CommandEnvelope("env-c", fakeslack.Command("/ask", "What is Stoke building?", "C1", "U1", h.fake.ResponseURL("c1"), "trig-c1")))
	var reply map[string]any
	fakeslack.Wait(t, "the command's answer", func() bool {
		for _, c := range h.fake.Calls("response_url") {
			if c.JSON["response_id"] == "c1" {
				reply = c.JSON
				return true
			}
		}
		return false
	})
	if reply["response_type"] != "ephemeral" {
		t.Errorf("command answer response_type = %v; want ephemeral by default", reply["response_type"])
	}
	bl, _ := json.Marshal(reply["blocks"])
	id, _ := buttons(t, string(bl))
	if id == "" {
		t.Fatalf("command answer has no feedback buttons: %s", bl)
	}
	h.send(fakeslack.InteractiveEnvelope("env-v", fakeslack.BlockAction("U1", "C1", "", "", actionUp, id, h.fake.ResponseURL("v1"))))
	fakeslack.Wait(t, "the thanks", func() bool {
		for _, c := range h.fake.Calls("response_url") {
			if c.JSON["response_id"] == "v1" {
				if c.JSON["text"] != thanks || c.JSON["response_type"] != "ephemeral" {
					t.Errorf("vote on an ephemeral answer got %v; want an ephemeral thanks", c.JSON)
				}
				return true
			}
		}
		return false
	})
	if n := len(h.fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("voting posted %d messages in the channel", n)
	}
}

func TestCommandsInChannel(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, &recorder{reply: "Hi."}, func(c *Config) { c.CommandsInChannel = true })
	h.send(fakeslack.CommandEnvelope("env-c", fakeslack.Command("/ask", "hi", "C1", "U1", h.fake.ResponseURL("c1"), "trig-c1")))
	fakeslack.Wait(t, "the command's answer", func() bool {
		for _, c := range h.fake.Calls("response_url") {
			if c.JSON["response_id"] == "c1" {
				if c.JSON["response_type"] != "in_channel" {
					t.Errorf("response_type = %v; want in_channel with commands_in_channel", c.JSON["response_type"])
				}
				return true
			}
		}
		return false
	})
}

// changedEvent is a message_changed event: the message at ts of user now reads text.
func changedEvent(channel, channelType, user, text, ts, thread, subtype string) map[string]any {
	msg := map[string]any{"type": "message", "user": user, "text": text, "ts": ts, "edited": map[string]any{"user": user, "ts": "9.9"}}
	if thread != "" {
		msg["thread_ts"] = thread
	}
	if subtype != "" {
		msg["subtype"] = subtype
	}
	return map[string]any{
		"type": "message", "subtype": "message_changed", "hidden": true, "channel": channel, "channel_type": channelType,
		"ts": "9.9", "event_ts": "9.9", "message": msg,
		"previous_message": map[string]any{"type": "message", "user": user, "text": "before", "ts": ts},
	}
}

func TestEditedQuestionReanswered(t *testing.T) {
	t.Parallel()
	echo := &chattest.Echo{}
	h := start(t, ModeSocket, echo)
	q := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-q", "EvQ", mention("C1", "U1", "<@UBOT> Who founded Stoke?", q, ""), 0))
	ans := h.answerIn("C1", q)
	fakeslack.Wait(t, "the answer remembered", func() bool { return h.a.answered.Has("C1/" + q) })
	before := len(h.fake.Calls(""))

	// Someone else's "edit" of the message, and an edit that leaves the text as it was
	// (Slack sends one when a link unfurls): nothing happens.
	h.send(fakeslack.EventEnvelope("env-e0", "EvE0", changedEvent("C1", "channel", "U2", "<@UBOT> Who is Altman?", q, "", ""), 0))
	h.send(fakeslack.EventEnvelope("env-e1", "EvE1", changedEvent("C1", "channel", "U1", "<@UBOT> Who founded Stoke?", q, "", ""), 0))
	// The asker's edit, delivered twice.
	edit := changedEvent("C1", "channel", "U1", "<@UBOT> Who founded Stoke Space?", q, "", "")
	h.send(fakeslack.EventEnvelope("env-e2", "EvE2", edit, 0))
	h.send(fakeslack.EventEnvelope("env-e3", "EvE2", edit, 1))
	want := "Answer to Who founded Stoke Space? _(edited: this answers the edited question)_"
	h.answered("C1", q, want)
	h.settle()

	calls := h.fake.Calls("")[before:]
	updates := 0
	for _, c := range calls {
		switch c.Method {
		case "chat.update":
			updates++
			if c.Form.Get("ts") != ans.TS {
				t.Errorf("chat.update of %s; want only the bot's answer %s", c.Form.Get("ts"), ans.TS)
			}
		case "chat.delete":
			t.Errorf("an edit deleted a message")
		}
	}
	if updates != 1 {
		t.Errorf("%d chat.update calls; want exactly 1 for the one real edit", updates)
	}
	if n := len(botMessages(h.fake.Messages("C1"))); n != 1 {
		t.Errorf("bot has %d messages in C1; want its one answer, edited", n)
	}
	got := echo.Messages()
	if len(got) != 3 || !got[1].Edited || got[1].Text != "Who founded Stoke Space?" {
		t.Errorf("handler got %+v; want the question, its edit once, and the settling mention", got)
	}
}

func TestDeletedQuestionRemovesAnswer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		event func(q string) map[string]any
	}{
		{"message_deleted", func(q string) map[string]any {
			return map[string]any{"type": "message", "subtype": "message_deleted", "hidden": true, "channel": "C1", "channel_type": "channel",
				"ts": "9.9", "deleted_ts": q, "event_ts": "9.9", "previous_message": map[string]any{"type": "message", "user": "U1", "text": "<@UBOT> q", "ts": q}}
		}},
		{"tombstone", func(q string) map[string]any {
			return changedEvent("C1", "channel", "USLACKBOT", "This message was deleted.", q, q, "tombstone")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, ModeSocket, &recorder{reply: "An answer."})
			q := h.fake.NextTS()
			h.send(fakeslack.EventEnvelope("env-q", "EvQ", mention("C1", "U1", "<@UBOT> q", q, ""), 0))
			ans := h.answerIn("C1", q)
			fakeslack.Wait(t, "the answer remembered", func() bool { return h.a.answered.Has("C1/" + q) })
			h.send(fakeslack.EventEnvelope("env-d", "EvD", tc.event(q), 0))
			h.send(fakeslack.EventEnvelope("env-d2", "EvD", tc.event(q), 1))
			fakeslack.Wait(t, "the answer removed", func() bool { return len(botMessages(h.fake.Messages("C1"))) == 0 })
			h.settle()
			deletes := h.fake.Calls("chat.delete")
			if len(deletes) != 1 || deletes[0].Form.Get("ts") != ans.TS {
				t.Errorf("chat.delete calls = %v; want one, of the bot's answer %s", deletes, ans.TS)
			}
		})
	}
}

func TestThreadFollowUpWithoutMention(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "An answer."}
	h := start(t, ModeSocket, rec)
	root := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-1", "Ev1", mention("C1", "U1", "<@UBOT> What is Stoke building?", root, ""), 0))
	h.answerIn("C1", root)
	fakeslack.Wait(t, "the thread followed", func() bool { return h.a.threads.Has("C1/" + root) })

	// A follow-up in the thread, no mention: answered.
	f := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-2", "Ev2", message("C1", "channel", "U2", "Who founded it?", f, root), 0))
	// A mention in the thread arrives twice, as app_mention and as message: one answer.
	m := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-3", "Ev3", mention("C1", "U1", "<@UBOT> And when?", m, root), 0))
	h.send(fakeslack.EventEnvelope("env-4", "Ev4", message("C1", "channel", "U1", "<@UBOT> And when?", m, root), 0))
	// Outside the thread a message needs a mention, and so does another thread.
	h.send(fakeslack.EventEnvelope("env-5", "Ev5", message("C1", "channel", "U2", "Anyone for lunch?", h.fake.NextTS(), ""), 0))
	other := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-6", "Ev6", message("C1", "channel", "U2", "in another thread", h.fake.NextTS(), other), 0))
	h.settle()

	var texts []string
	for _, m := range rec.messages() {
		texts = append(texts, m.Text)
		if m.Text == "Who founded it?" && (m.Conversation != "slack:C1/"+root || !m.Mention) {
			t.Errorf("follow-up = %+v; want it in the thread's conversation, addressed to the bot", m)
		}
	}
	// Answered concurrently: in any order.
	sort.Strings(texts)
	want := []string{"And when?", "What is Stoke building?", "Who founded it?", "last"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("answered %q; want %q", texts, want)
	}
}

func TestThreadFollowUpNeedsMentionWhenConfigured(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "An answer."}
	h := start(t, ModeSocket, rec, func(c *Config) { c.MentionInThreads = true })
	root := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-1", "Ev1", mention("C1", "U1", "<@UBOT> What is Stoke building?", root, ""), 0))
	h.answerIn("C1", root)
	h.send(fakeslack.EventEnvelope("env-2", "Ev2", message("C1", "channel", "U2", "Who founded it?", h.fake.NextTS(), root), 0))
	h.settle()
	if n := len(rec.messages()); n != 2 {
		t.Errorf("handler got %d messages; want the mention and the settling one, not the follow-up", n)
	}
}

// An interaction payload is outside text: parsing it never panics, and a click read from
// it always names a vote and an answer.
func FuzzParseInteraction(f *testing.F) {
	p, _ := json.Marshal(fakeslack.BlockAction("U1", "C1", "1.2", "text", actionUp, "0a1b", "http://127.0.0.1/r"))
	f.Add([]byte(url.Values{"payload": {string(p)}}.Encode()))
	f.Add([]byte("payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5Bnull%5D%7D"))
	f.Add([]byte("payload=%ZZ"))
	f.Fuzz(func(t *testing.T, body []byte) {
		cb, err := parseInteraction(body)
		if err != nil {
			return
		}
		for _, c := range clicks(cb) {
			if !c.vote.Valid() {
				t.Fatalf("click %+v has no vote", c)
			}
		}
	})
}
