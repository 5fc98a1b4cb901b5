package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
	"storybot/slack/fakeslack"
)

func TestMentionAnswersInThread(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, realBot())
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-1", "Ev1", mention("C1", "U1", "<@UBOT> Who wants to control Stoke Space?", ts, ""), 0))
	want := expected(t, "Who wants to control Stoke Space?")
	msgs := h.answered("C1", ts, want[0])

	bot := botMessages(msgs)
	if len(bot) != len(want) {
		t.Fatalf("bot posted %d messages in C1; want %d (the answer's pieces)", len(bot), len(want))
	}
	// A quote answer is ready at once: it is posted as it is, without a placeholder.
	posts := h.fake.Calls("chat.postMessage")
	for _, p := range posts {
		if p.Form.Get("text") == placeholder {
			t.Errorf("a fast answer posted the placeholder")
		}
		if p.Form.Get("thread_ts") != ts || p.Form.Get("unfurl_links") != "false" || p.Form.Get("unfurl_media") != "false" {
			t.Errorf("post %v: want thread_ts=%s and unfurling off", p.Form, ts)
		}
	}
	if n := len(h.fake.Calls("chat.update")); n != 0 {
		t.Errorf("a fast answer made %d chat.update calls; want none", n)
	}
}

func TestFastAnswerIsOneCall(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, &recorder{reply: "Stoke builds rockets [1]."})
	before := len(h.fake.Calls(""))
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-1", "Ev1", mention("C1", "U1", "<@UBOT> What is Stoke building?", ts, ""), 0))
	h.answered("C1", ts, "Stoke builds rockets [1].")
	h.settle()
	// The settling mention costs one call too.
	calls := h.fake.Calls("")[before:]
	if len(calls) != 2 || calls[0].Method != "chat.postMessage" {
		var names []string
		for _, c := range calls {
			names = append(names, c.Method)
		}
		t.Errorf("two fast answers made the calls %v; want one chat.postMessage each", names)
	}
}

func TestSlowAnswerGetsPlaceholder(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	h := start(t, ModeSocket, &gate{started: started, release: release, reply: "Done [1]."}, func(c *Config) {
		c.PlaceholderDelay = 30 * time.Millisecond
	})
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-1", "Ev1", mention("C1", "U1", "<@UBOT> slow one", ts, ""), 0))
	<-started
	h.answered("C1", ts, placeholder)
	close(release)
	msgs := h.answered("C1", ts, "Done [1].")
	if n := len(botMessages(msgs)); n != 1 {
		t.Errorf("bot left %d messages; want the placeholder edited into the answer", n)
	}
	if n := len(h.fake.Calls("chat.update")); n < 1 {
		t.Errorf("placeholder never edited into the answer")
	}
}

func TestDirectMessageAnsweredInDM(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "Stoke builds **rockets** [1]."}
	h := start(t, ModeSocket, rec)
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-dm", "EvDM", message("D1", "im", "U1", "What is Stoke building?", ts, ""), 0))
	h.answered("D1", "", "Stoke builds *rockets* [1].")

	got := rec.messages()
	if len(got) != 1 {
		t.Fatalf("handler got %d messages; want 1", len(got))
	}
	m := got[0]
	if !m.Direct || m.Text != "What is Stoke building?" || m.User != "U1" || m.Conversation != "slack:D1" {
		t.Errorf("handler got %+v; want a direct message from U1 in conversation slack:D1", m)
	}
	if len(h.fake.Calls("conversations.replies")) != 0 {
		t.Errorf("a top-level DM read a thread back")
	}
}

func TestThreadFollowUpHasContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, channel, channelType string
		asMention                  bool
	}{
		{"channel thread", "C1", "channel", true},
		{"DM thread", "D1", "im", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{reply: "He co-founded it."}
			h := start(t, ModeSocket, rec)
			root := h.fake.AddMessage(fakeslack.Message{Channel: tc.channel, User: "U1", Text: "<@UBOT> What is Stoke building?"})
			h.fake.AddMessage(fakeslack.Message{Channel: tc.channel, ThreadTS: root, User: fakeslack.BotUserID, BotID: fakeslack.BotID, Text: "A reusable rocket &amp; more."})
			h.fake.AddMessage(fakeslack.Message{Channel: tc.channel, ThreadTS: root, User: "U2", Text: "nice"})
			ts := h.fake.AddMessage(fakeslack.Message{Channel: tc.channel, ThreadTS: root, User: "U1", Text: "<@UBOT> Who founded it?"})
			ev := message(tc.channel, tc.channelType, "U1", "<@UBOT> Who founded it?", ts, root)
			if tc.asMention {
				ev = mention(tc.channel, "U1", "<@UBOT> Who founded it?", ts, root)
			}
			h.send(fakeslack.EventEnvelope("env-f", "EvF", ev, 0))
			h.answered(tc.channel, root, "He co-founded it.")

			m := rec.messages()[0]
			want := []storybot.Turn{{Question: "What is Stoke building?", Answer: "A reusable rocket & more."}}
			if len(m.History) != 1 || m.History[0] != want[0] {
				t.Errorf("History = %#v; want %#v", m.History, want)
			}
			if m.Text != "Who founded it?" || m.Conversation != "slack:"+tc.channel+"/"+root {
				t.Errorf("handler got text %q in %q", m.Text, m.Conversation)
			}
		})
	}
}

func TestSlashCommands(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, realBot())
	for i, tc := range []struct{ command, text, core string }{
		{"/summary", "", "/summary"},
		{"/ask", "Why does Altman want a rocket company?", "/ask Why does Altman want a rocket company?"},
		{"/sources", "", "/sources"},
	} {
		t.Run(tc.command, func(t *testing.T) {
			id := "resp" + string(rune('A'+i))
			env := "env-cmd-" + id
			h.send(fakeslack.CommandEnvelope(env, fakeslack.Command(tc.command, tc.text, "C1", "U1", h.fake.ResponseURL(id), "trig-"+id)))
			ack, _ := h.fake.Ack(env)
			var payload struct{ Text, Response_type string }
			if err := json.Unmarshal(ack, &payload); err != nil || payload.Text != placeholder || payload.Response_type != "ephemeral" {
				t.Errorf("ack payload = %s; want an ephemeral %q", ack, placeholder)
			}
			want := expected(t, tc.core)
			var got []string
			fakeslack.Wait(t, "response_url posts", func() bool {
				got = nil
				for _, c := range h.fake.Calls("response_url") {
					if c.JSON["response_id"] == id {
						got = append(got, c.JSON["text"].(string))
						if c.JSON["response_type"] != "ephemeral" || c.JSON["unfurl_links"] != false || c.JSON["unfurl_media"] != false {
							t.Errorf("response %v: want ephemeral (the default), unfurling off", c.JSON)
						}
					}
				}
				return len(got) >= len(want)
			})
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s replied %q; want %q", tc.command, got, want)
			}
		})
	}
}

// settle sends a last mention and waits for its answer, then stops the adapter: every
// event sent before has then been handled to the end.
func (h *harness) settle() {
	h.t.Helper()
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-settle", "EvSettle", mention("CS", "U9", "<@UBOT> last", ts, ""), 0))
	fakeslack.Wait(h.t, "the last answer", func() bool {
		for _, m := range h.fake.Messages("CS") {
			if m.BotID != "" && m.Text != placeholder {
				return true
			}
		}
		return false
	})
	if err := h.stop(); err != nil {
		h.t.Fatalf("Run: %v", err)
	}
}

func TestEachMessageAnsweredOnce(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "once"}
	h := start(t, ModeSocket, rec)
	first := h.fake.NextTS()
	// A redelivery: the same event id in a new envelope with retry_attempt set.
	h.send(fakeslack.EventEnvelope("env-r1", "EvR", mention("C1", "U1", "<@UBOT> hi", first, ""), 0))
	h.send(fakeslack.EventEnvelope("env-r2", "EvR", mention("C1", "U1", "<@UBOT> hi", first, ""), 1))
	// A channel mention also arrives as a message event, with its own event id.
	second := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-m1", "EvM1", mention("C2", "U1", "<@UBOT> hello", second, ""), 0))
	h.send(fakeslack.EventEnvelope("env-m2", "EvM2", message("C2", "channel", "U1", "<@UBOT> hello", second, ""), 0))
	h.settle()

	for _, ch := range []string{"C1", "C2"} {
		if n := len(botMessages(h.fake.Messages(ch))); n != 1 {
			t.Errorf("bot posted %d messages in %s; want exactly 1", n, ch)
		}
	}
	if n := len(rec.messages()); n != 3 { // C1, C2 and the settling mention
		t.Errorf("handler called %d times; want 3", n)
	}
}

func TestIgnoresBotsEditsAndUnmentionedMessages(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "should not appear"}
	h := start(t, ModeSocket, rec)
	ts := func() string { return h.fake.NextTS() }
	bot := message("C1", "channel", "", "<@UBOT> I am a bot", ts(), "")
	bot["bot_id"], bot["subtype"] = "BOTHER", "bot_message"
	own := message("D1", "im", fakeslack.BotUserID, "my own answer", ts(), "")
	own["bot_id"] = fakeslack.BotID
	edit := message("D1", "im", "U1", "", ts(), "")
	edit["subtype"] = "message_changed"
	edit["message"] = map[string]any{"type": "message", "user": "U1", "text": "edited", "ts": "1.1"}
	deleted := message("D1", "im", "", "", ts(), "")
	deleted["subtype"] = "message_deleted"
	otherBotMention := mention("C1", "U7", "<@UBOT> ping from a bot", ts(), "")
	otherBotMention["bot_id"] = "BOTHER"
	for i, ev := range []map[string]any{
		bot, own, edit, deleted, otherBotMention,
		message("C1", "channel", "U1", "no mention here", ts(), ""),
	} {
		h.send(fakeslack.EventEnvelope("env-ign-"+string(rune('a'+i)), "EvIgn"+string(rune('a'+i)), ev, 0))
	}
	h.settle()
	if n := len(rec.messages()); n != 1 {
		t.Errorf("handler called %d times; want only the settling mention: %+v", n, rec.messages())
	}
	for _, ch := range []string{"C1", "D1"} {
		if n := len(botMessages(h.fake.Messages(ch))); n != 0 {
			t.Errorf("bot posted %d messages in %s; want none", n, ch)
		}
	}
}

// echo replies with the question, as a careless language model might.
var echo = handlerFunc(func(_ context.Context, m chat.Message, _ func(string)) chat.Reply {
	return chat.Reply{Kind: chat.AnswerReply, Markdown: "You asked: " + m.Text}
})

func TestPingInQuestionNeverPings(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, echo)
	ts := h.fake.NextTS()
	q := "<@UBOT> hey <!channel> <!here> <@U123> <!subteam^S1|@team> @everyone @here <#C9|general> what?"
	h.send(fakeslack.EventEnvelope("env-p", "EvP", mention("C1", "U1", q, ts, ""), 0))
	h.settle()
	msgs := botMessages(h.fake.Messages("C1"))
	if len(msgs) != 1 {
		t.Fatalf("bot posted %d messages; want 1", len(msgs))
	}
	checkNoPing(t, msgs[0].Text)
	if !strings.Contains(msgs[0].Text, "You asked") {
		t.Errorf("answer %q lost the reply", msgs[0].Text)
	}
}

// checkNoPing fails when text holds Slack markup that could notify someone.
func checkNoPing(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"<!", "<@", "<#", "@here", "@channel", "@everyone"} {
		if strings.Contains(text, bad) {
			t.Errorf("reply %q contains %q", text, bad)
		}
	}
}

func TestRateLimitedPostIsRetried(t *testing.T) {
	t.Parallel()
	rec := &recorder{reply: "after the wait"}
	h := start(t, ModeSocket, rec)
	h.fake.Fail("chat.postMessage", fakeslack.Fault{Status: 429, RetryAfter: "1"})
	h.fake.Fail("chat.update", fakeslack.Fault{Status: 200, Error: "ratelimited"})
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-rl", "EvRL", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, "after the wait")
	if n := len(h.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("chat.postMessage called %d times; want 2 (429, then success)", n)
	}
	if n := len(botMessages(h.fake.Messages("C1"))); n != 1 {
		t.Errorf("bot left %d messages; want 1", n)
	}
}

func TestFailureBecomesApology(t *testing.T) {
	t.Parallel()
	boom := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply { panic("boom") })
	h := start(t, ModeSocket, boom)
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-x", "EvX", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, apology)
}

func TestUndeliverableEditFallsBackToPost(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, &recorder{reply: "the answer"})
	for range maxAttempts {
		h.fake.Fail("chat.update", fakeslack.Fault{Status: 500})
	}
	ts := h.fake.NextTS()
	h.send(fakeslack.EventEnvelope("env-u", "EvU", mention("C1", "U1", "<@UBOT> q", ts, ""), 0))
	h.answered("C1", ts, "the answer")
	h.settle()
	if bot := botMessages(h.fake.Messages("C1")); len(bot) != 1 {
		t.Errorf("bot left %d messages (%+v); want the answer alone, the placeholder removed", len(bot), bot)
	}
}

func TestUnreadableEnvelopeIsAcked(t *testing.T) {
	t.Parallel()
	h := start(t, ModeSocket, echo)
	// An inner event type slack-go does not know fails to parse; Slack must not redeliver it.
	h.send(fakeslack.EventEnvelope("env-bad", "EvBad", map[string]any{"type": "no_such_event"}, 0))
	h.settle()
}
