package slack

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"storybot"
	"storybot/slack/fakeslack"
)

var me = identity{UserID: "UBOT", BotID: "BBOT"}

func TestAccept(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     incoming
		ok     bool
		text   string
		conv   string
		target target
	}{
		{"channel mention", incoming{Channel: "C1", User: "U1", Text: "<@UBOT> hi there", TS: "10.1", AppMention: true},
			true, "hi there", "slack:C1/10.1", target{Channel: "C1", Thread: "10.1", TS: "10.1"}},
		{"mention in a thread", incoming{Channel: "C1", User: "U1", Text: "<@UBOT|storybot> and then?", TS: "12.0", ThreadTS: "10.1", AppMention: true},
			true, "and then?", "slack:C1/10.1", target{Channel: "C1", Thread: "10.1", TS: "12.0", ReadThread: true}},
		{"channel message mentioning the bot", incoming{Channel: "C1", ChannelType: "channel", User: "U1", Text: "hey <@UBOT>", TS: "10.1"},
			true, "hey", "slack:C1/10.1", target{Channel: "C1", Thread: "10.1", TS: "10.1"}},
		{"DM", incoming{Channel: "D1", ChannelType: "im", User: "U1", Text: "what happened?", TS: "10.1"},
			true, "what happened?", "slack:D1", target{Channel: "D1", TS: "10.1"}},
		{"DM thread", incoming{Channel: "D1", ChannelType: "im", User: "U1", Text: "why?", TS: "11.1", ThreadTS: "10.1"},
			true, "why?", "slack:D1/10.1", target{Channel: "D1", Thread: "10.1", TS: "11.1", ReadThread: true}},
		{"DM with a file", incoming{Channel: "D1", ChannelType: "im", User: "U1", Text: "see this", TS: "10.1", SubType: "file_share"},
			true, "see this", "slack:D1", target{Channel: "D1", TS: "10.1"}},
		{"channel message without mention", incoming{Channel: "C1", ChannelType: "channel", User: "U1", Text: "hi <@U2>", TS: "10.1"}, false, "", "", target{}},
		{"own message", incoming{Channel: "D1", ChannelType: "im", User: "UBOT", BotID: "BBOT", Text: "answer", TS: "10.1"}, false, "", "", target{}},
		{"own user without bot id", incoming{Channel: "D1", ChannelType: "im", User: "UBOT", Text: "answer", TS: "10.1"}, false, "", "", target{}},
		{"other bot", incoming{Channel: "C1", User: "U9", BotID: "B9", Text: "<@UBOT> hi", TS: "10.1", AppMention: true}, false, "", "", target{}},
		{"bot_message", incoming{Channel: "D1", ChannelType: "im", SubType: "bot_message", BotID: "B9", Text: "hi", TS: "10.1"}, false, "", "", target{}},
		{"edit", incoming{Channel: "D1", ChannelType: "im", SubType: "message_changed", TS: "10.1"}, false, "", "", target{}},
		{"edit with a user", incoming{Channel: "D1", ChannelType: "im", User: "U1", SubType: "message_changed", TS: "10.1"}, false, "", "", target{}},
		{"deletion", incoming{Channel: "D1", ChannelType: "im", User: "U1", SubType: "message_deleted", TS: "10.1"}, false, "", "", target{}},
		{"join", incoming{Channel: "C1", ChannelType: "channel", User: "U1", SubType: "channel_join", Text: "<@U1> joined", TS: "10.1"}, false, "", "", target{}},
		{"no user", incoming{Channel: "C1", Text: "<@UBOT>", TS: "10.1", AppMention: true}, false, "", "", target{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, tg, ok := accept(me, tc.in, nil)
			if ok != tc.ok {
				t.Fatalf("accept(%+v) ok = %v; want %v", tc.in, ok, tc.ok)
			}
			if !ok {
				return
			}
			if tg.Raw != tc.in.Text {
				t.Errorf("accept(%+v): target Raw = %q; want the text as sent", tc.in, tg.Raw)
			}
			tg.Raw = ""
			if m.Text != tc.text || m.Conversation != tc.conv || tg != tc.target || m.User != tc.in.User {
				t.Errorf("accept(%+v) = %+v, %+v; want text %q, conversation %q, target %+v", tc.in, m, tg, tc.text, tc.conv, tc.target)
			}
			if m.Direct != (tc.in.ChannelType == "im") || (!m.Direct && !m.Mention) {
				t.Errorf("accept(%+v): Direct %v, Mention %v", tc.in, m.Direct, m.Mention)
			}
		})
	}
}

func TestQuestion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@UBOT> Who founded Stoke?", "Who founded Stoke?"},
		{"<@UBOT|storybot>   what   now", "what now"},
		{"ask <@U2|alice> and <@U3> in <#C1|general> or <#C2>", "ask @alice and @someone in #general or #someone"},
		{"<!here> is it true?", "is it true?"},
		{"<!subteam^S1|@team> hi", "@team hi"},
		{"see <https://example.com/a?b=1&amp;c=2|the article> and <https://x.y>", "see the article and https://x.y"},
		{"1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"},
		{"", ""},
		{"<@UBOT>", ""},
	} {
		if got := question(tc.in, "UBOT"); got != tc.want {
			t.Errorf("question(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestFromCommand(t *testing.T) {
	names := Config{}.defaults().Commands
	for _, tc := range []struct{ command, text, want string }{
		{"/summary", "ignored", "/summary"},
		{"/sources", "", "/sources"},
		{"/ask", "  Who is <@U1|bob>? ", "/ask Who is @bob?"},
		{"/ask", "", "/ask"},
		{"/weather", "x", "/help"},
	} {
		m := fromCommand(names, slack.SlashCommand{Command: tc.command, Text: tc.text, ChannelID: "C1", UserID: "U1", TriggerID: "t"})
		if m.Text != tc.want || !m.Mention || m.User != "U1" {
			t.Errorf("fromCommand(%s %q) = %+v; want text %q", tc.command, tc.text, m, tc.want)
		}
	}
}

func TestTurns(t *testing.T) {
	msg := func(user, bot, text, ts string) slack.Message {
		return slack.Message{Msg: slack.Msg{User: user, BotID: bot, Text: text, Timestamp: ts}}
	}
	thread := []slack.Message{
		msg("U1", "", "<@UBOT> What is Stoke building?", "100.000001"),
		msg("UBOT", "BBOT", "A rocket &amp; more.", "100.000002"),
		msg("UBOT", "BBOT", "Second piece.", "100.000003"),
		msg("U2", "", "cool", "100.000004"),
		msg("U9", "B9", "another bot", "100.000005"),
		msg("U1", "", "<@UBOT> Who founded it?", "100.000006"),
		msg("UBOT", "BBOT", placeholder, "100.000007"),
		msg("U1", "", "<@UBOT> later question", "100.000010"),
	}
	got := turns(me, thread, "100.000006")
	want := []storybot.Turn{{Question: "What is Stoke building?", Answer: "A rocket & more.\n\nSecond piece."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("turns = %#v; want %#v", got, want)
	}
	var long []slack.Message
	for i := range 2 * maxTurns {
		ts := fmt.Sprintf("200.%06d", 2*i+1)
		long = append(long, msg("U1", "", fmt.Sprintf("q%d", i), ts), msg("UBOT", "BBOT", fmt.Sprintf("a%d", i), fmt.Sprintf("200.%06d", 2*i+2)))
	}
	got = turns(me, long, "300.0")
	if len(got) != maxTurns || got[len(got)-1] != (storybot.Turn{Question: fmt.Sprintf("q%d", 2*maxTurns-1), Answer: fmt.Sprintf("a%d", 2*maxTurns-1)}) {
		t.Errorf("turns of a long thread = %#v; want the latest %d", got, maxTurns)
	}
	if got := turns(me, nil, "1.0"); got == nil || len(got) != 0 {
		t.Errorf("turns of an empty thread = %#v; want empty, not nil (nil means unknown)", got)
	}
}

func TestTSBefore(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"1.000001", "1.000002", true},
		{"9.5", "10.1", true},
		{"10.000100", "10.0001", false},
		{"10.1", "10.1", false},
		{"1700000001.000001", "1700000000.999999", false},
	} {
		if got := tsBefore(tc.a, tc.b); got != tc.want {
			t.Errorf("tsBefore(%q, %q) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzQuestion(f *testing.F) {
	for _, s := range []string{"<@UBOT> hi", "<<@U1|a>>", "<!here|x> &amp;lt;", "<#C1|>", "<|>", "\xff<@UBOT>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := question(s, "UBOT")
		if strings.Contains(q, "<@UBOT>") {
			t.Errorf("question(%q) = %q keeps the bot's mention", s, q)
		}
		if q != strings.TrimSpace(q) {
			t.Errorf("question(%q) = %q not trimmed", s, q)
		}
	})
}

// FuzzEventPayload feeds arbitrary Events API payloads through the decoding the adapter
// does: never a panic, and an accepted message always has its user, channel and place.
func FuzzEventPayload(f *testing.F) {
	for _, ev := range []map[string]any{
		mention("C1", "U1", "<@UBOT> hi", "1.1", ""),
		message("D1", "im", "U1", "hi", "1.2", "1.1"),
		{"type": "message", "subtype": "message_changed", "message": map[string]any{"text": 1}},
		{"type": "reaction_added"},
	} {
		b, _ := json.Marshal(fakeslack.EventCallback("Ev1", ev))
		f.Add(b)
	}
	f.Add([]byte(`{"type":"url_verification","challenge":"x"}`))
	f.Add([]byte(`{"type":"event_callback","event":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
		if err != nil {
			return
		}
		in, ok := fromEventsAPI(ev)
		if !ok {
			return
		}
		m, tg, ok := accept(me, in, nil)
		if ok && (m.User == "" || tg.Channel == "" || tg.TS == "" || (!m.Direct && tg.Thread == "")) {
			t.Errorf("accepted %+v as %+v, %+v", in, m, tg)
		}
	})
}

func FuzzParseCommand(f *testing.F) {
	f.Add([]byte(fakeslack.Command("/ask", "hi & bye", "C1", "U1", "https://hooks.slack.com/x", "t").Encode()))
	f.Add([]byte("command=%2Fsummary&response_url=javascript:x"))
	f.Add([]byte("%zz"))
	f.Fuzz(func(t *testing.T, body []byte) {
		cmd, err := parseCommand(body)
		if err != nil {
			return
		}
		if cmd.Command == "" {
			t.Errorf("parseCommand(%q) accepted a command without a name", body)
		}
		m := fromCommand(Config{}.defaults().Commands, cmd)
		if !strings.HasPrefix(m.Text, "/") {
			t.Errorf("fromCommand(%+v) = %q; want a command", cmd, m.Text)
		}
	})
}
