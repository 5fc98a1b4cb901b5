package discord

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestDiscordMarkdown(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Plain text. [1]", "Plain text. [1]"},
		{"- [Stoke Space raises money](https://example.com/a) — Reuters", "- [Stoke Space raises money](<https://example.com/a>) — Reuters"},
		{"- [Already wrapped](<https://example.com/a>)", "- [Already wrapped](<https://example.com/a>)"},
		{"- [A title without address]()", "- A title without address"},
		{"- [Not a web link](mailto:desk@example.com)", "- Not a web link"},
		{"[a](https://x.example/1) and [b](https://x.example/2)", "[a](<https://x.example/1>) and [b](<https://x.example/2>)"},
		{"See https://example.com/x.", "See <https://example.com/x>."},
		{"(see https://example.com/x)", "(see <https://example.com/x>)"},
		{"Already <https://example.com/x> wrapped", "Already <https://example.com/x> wrapped"},
		{"Quote [1] [2]", "Quote [1] [2]"},
		{"hi @everyone and @here", chat.Neutralize("hi @everyone and @here")},
		{"hi <@123> and <@&456>", chat.Neutralize("hi <@123> and <@&456>")},
		{"[<@123>](https://x.example/@here)", chat.Neutralize("[<@123>](<https://x.example/@here>)")},
		{"", ""},
	}
	for _, tt := range tests {
		if got := discordMarkdown(tt.in); got != tt.want {
			t.Errorf("discordMarkdown(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderGolden(t *testing.T) {
	for _, name := range []string{"answer", "long"} {
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			pieces := render(string(in))
			got := strings.Join(pieces, "\n=== next message ===\n") + "\n"
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("render(%s) =\n%s\nwant\n%s", name, got, want)
			}
			for _, p := range pieces {
				if n := utf8.RuneCountInString(p); n >= MaxMessage {
					t.Errorf("render(%s): a piece has %d characters; want under %d", name, n, MaxMessage)
				}
			}
		})
	}
}

func TestNoPingsSerialisesAnEmptyParseList(t *testing.T) {
	b, err := json.Marshal(&discordgo.MessageSend{Content: "x", AllowedMentions: noPings()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
		t.Errorf("message JSON = %s; want allowed_mentions with \"parse\":[]", b)
	}
}

func FuzzRender(f *testing.F) {
	f.Add("Plain text. [1]\n\n- [Title](https://example.com/a)")
	f.Add(strings.Repeat("Très long, naïve sentence here. [2] ", 120))
	f.Add(strings.Repeat("x", 5000))
	f.Add("@everyone <@1> https://a.b/c) [x](<https://a.b>)")
	f.Fuzz(func(t *testing.T, in string) {
		pieces := render(in)
		for _, p := range pieces {
			if n := utf8.RuneCountInString(p); n == 0 || n >= MaxMessage {
				t.Fatalf("render(%q): a piece has %d characters", in, n)
			}
			if utf8.ValidString(in) && !utf8.ValidString(p) {
				t.Fatalf("render(%q): piece %q is not valid UTF-8", in, p)
			}
			if strings.Contains(p, "@everyone") || strings.Contains(p, "@here") {
				t.Fatalf("render(%q): piece %q can ping", in, p)
			}
		}
	})
}

func FuzzStripMention(f *testing.F) {
	f.Add("<@100> What is Stoke?")
	f.Add("hey <@!100>,<@100>   why\n\nnow <@200>")
	f.Fuzz(func(t *testing.T, in string) {
		got := stripMention(in, botID)
		if strings.Contains(got, "<@"+botID+">") || strings.Contains(got, "<@!"+botID+">") {
			// Only when removing one mention joins the halves of another.
			if !strings.Contains(in, "<@<@") && !strings.Contains(in, "<@!<@") {
				t.Fatalf("stripMention(%q) = %q still mentions the bot", in, got)
			}
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("stripMention(%q) = %q has surrounding space", in, got)
		}
	})
}

// FuzzMessageEvent feeds MESSAGE_CREATE payloads as Discord would send them, malformed
// ones included, through the decoding and the filtering the adapter does.
func FuzzMessageEvent(f *testing.F) {
	f.Add(`{"id":"1","channel_id":"2","guild_id":"3","content":"<@100> hi","author":{"id":"300"},"mentions":[{"id":"100"}],"type":0}`)
	f.Add(`{"id":"1","channel_id":"2","content":"dm","author":{"id":"300"},"type":0}`)
	f.Add(`{"id":"1","channel_id":"2","guild_id":"3","content":"re","author":{"id":"300"},"type":19,"referenced_message":{"id":"9","author":{"id":"100"}}}`)
	f.Add(`{"id":"1","author":null,"mentions":[null],"referenced_message":{"author":null}}`)
	f.Add(`{"type":"x"}`)
	f.Fuzz(func(t *testing.T, payload string) {
		var ev discordgo.MessageCreate
		if err := json.Unmarshal([]byte(payload), &ev); err != nil || ev.Message == nil {
			return
		}
		m, ok := toMessage(ev.Message, botID)
		if !ok {
			return
		}
		if ev.Author == nil || ev.Author.ID == botID || ev.Author.Bot {
			t.Fatalf("toMessage(%s) answers a message of the bot or of no one", payload)
		}
		if !m.Direct && !m.Mention {
			t.Fatalf("toMessage(%s) answers a guild message not for the bot", payload)
		}
	})
}

func BenchmarkRender(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("testdata", "long.md"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		render(string(in))
	}
}

// FuzzInteractionEvent feeds INTERACTION_CREATE payloads, malformed ones included, through
// the decoding and the translation into the core's commands.
func FuzzInteractionEvent(f *testing.F) {
	for _, name := range []string{"summary", "ask", "sources", "weather"} {
		b, _ := json.Marshal(slashCommand("1", "2", guildID, name, map[string]any{"name": "question", "type": 3, "value": "why?"}))
		f.Add(string(b))
	}
	f.Add(`{"id":"1","type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":7}]}}`)
	f.Add(`{"id":"1","type":2,"data":null,"member":{"user":null}}`)
	f.Add(`{"type":3,"data":{"custom_id":"x"}}`)
	f.Fuzz(func(t *testing.T, payload string) {
		var ev discordgo.InteractionCreate
		if err := json.Unmarshal([]byte(payload), &ev); err != nil || ev.Interaction == nil {
			return
		}
		if ev.Type != discordgo.InteractionApplicationCommand {
			return
		}
		m, ok := toCommand(ev.Interaction)
		if !ok {
			return
		}
		if !strings.HasPrefix(m.Text, "/") || !m.Mention || m.Conversation == "" {
			t.Fatalf("toCommand(%s) = %+v; want a command addressed to the bot in a conversation", payload, m)
		}
	})
}
