package discord

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestSlashCommandsAreDeferredThenEdited(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	tests := []struct {
		id, guild, name string
		options         []map[string]any
		text            string
		conversation    string
	}{
		{"6001", guildID, "summary", nil, "/summary", "discord:60/commands/" + userID},
		{"6002", guildID, "ask", []map[string]any{{"name": "question", "type": 3, "value": "  Who founded Stoke? "}}, "/ask Who founded Stoke?", "discord:60/commands/" + userID},
		{"6003", guildID, "sources", nil, "/sources", "discord:60/commands/" + userID},
		{"6004", "", "ask", []map[string]any{{"name": "question", "type": 3, "value": "What is Stoke?"}}, "/ask What is Stoke?", "discord:60"},
	}
	for _, tt := range tests {
		r.f.current().dispatch("INTERACTION_CREATE", slashCommand(tt.id, "60", tt.guild, tt.name, tt.options...))
	}
	for _, tt := range tests {
		edits := r.f.waitReqs("PATCH", "/webhooks/"+appID+"/tok-"+tt.id+"/messages/@original", 1)
		callbacks := r.f.reqs("POST", "/interactions/"+tt.id+"/tok-"+tt.id+"/callback")
		if len(callbacks) != 1 {
			t.Fatalf("/%s: %d callbacks; want 1", tt.name, len(callbacks))
		}
		var cb struct {
			Type int `json:"type"`
		}
		decode(t, callbacks[0], &cb)
		if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
			t.Errorf("/%s: callback type %d; want %d (deferred)", tt.name, cb.Type, discordgo.InteractionResponseDeferredChannelMessageWithSource)
		}
		if before(edits[0], callbacks[0]) {
			t.Errorf("/%s: the response was edited before it was deferred", tt.name)
		}
		last := payload(t, edits[len(edits)-1])
		if strings.TrimSpace(last.Content) == "" || len([]rune(last.Content)) >= MaxMessage {
			t.Errorf("/%s: edited content has %d characters; want 1 to %d", tt.name, len([]rune(last.Content)), MaxMessage-1)
		}
		checkNoPings(t, edits[len(edits)-1])
	}
	byID := map[string]string{}
	conv := map[string]string{}
	for _, m := range rec.messages() {
		byID[m.ID] = m.Text
		conv[m.ID] = m.Conversation
		if !m.Mention || m.User != "discord:"+userID {
			t.Errorf("handler got %+v; want Mention from user %s", m, userID)
		}
	}
	for _, tt := range tests {
		if byID[tt.id] != tt.text || conv[tt.id] != tt.conversation {
			t.Errorf("/%s: handler got text %q in %q; want %q in %q", tt.name, byID[tt.id], conv[tt.id], tt.text, tt.conversation)
		}
	}
}

// before reports whether the fake received a before b.
func before(a, b request) bool { return a.N < b.N }

func TestCommandsRegisteredGloballyOrPerGuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		guilds []string
		paths  []string
	}{
		{nil, []string{"/applications/" + appID + "/commands"}},
		{[]string{"111", "222"}, []string{"/applications/" + appID + "/guilds/111/commands", "/applications/" + appID + "/guilds/222/commands"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.guilds, ","), func(t *testing.T) {
			t.Parallel()
			r := start(t, &recorder{next: realBot()}, Config{GuildIDs: tt.guilds})
			puts := r.f.waitReqs("PUT", "/applications/", len(tt.paths))
			var paths []string
			for _, p := range puts {
				paths = append(paths, p.Path)
				var cmds []struct {
					Name    string `json:"name"`
					Options []struct {
						Name     string `json:"name"`
						Type     int    `json:"type"`
						Required bool   `json:"required"`
					} `json:"options"`
				}
				decode(t, p, &cmds)
				var names []string
				for _, c := range cmds {
					names = append(names, c.Name)
					if c.Name == "ask" && (len(c.Options) != 1 || c.Options[0].Name != "question" || c.Options[0].Type != 3 || !c.Options[0].Required) {
						t.Errorf("/ask options = %+v; want one required string option \"question\"", c.Options)
					}
				}
				sort.Strings(names)
				if strings.Join(names, " ") != "ask sources summary" {
					t.Errorf("PUT %s registers %v; want ask, sources, summary", p.Path, names)
				}
			}
			sort.Strings(paths)
			if strings.Join(paths, " ") != strings.Join(tt.paths, " ") {
				t.Errorf("commands registered at %v; want %v", paths, tt.paths)
			}
		})
	}
}

func TestCommandText(t *testing.T) {
	str := func(name string, v any) *discordgo.ApplicationCommandInteractionDataOption {
		return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	tests := []struct {
		data discordgo.ApplicationCommandInteractionData
		want string
	}{
		{discordgo.ApplicationCommandInteractionData{Name: "summary"}, "/summary"},
		{discordgo.ApplicationCommandInteractionData{Name: "sources"}, "/sources"},
		{discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{str("question", " why? ")}}, "/ask why?"},
		{discordgo.ApplicationCommandInteractionData{Name: "ask"}, "/ask"},
		{discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{nil, str("question", 42)}}, "/ask"},
		{discordgo.ApplicationCommandInteractionData{Name: "weather"}, ""},
	}
	for _, tt := range tests {
		b, _ := json.Marshal(tt.data)
		if got := commandText(tt.data); got != tt.want {
			t.Errorf("commandText(%s) = %q; want %q", b, got, tt.want)
		}
	}
}

func TestReplyToASlashAnswerContinuesTheCommands(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	r.f.current().dispatch("INTERACTION_CREATE", slashCommand("6101", "61", guildID, "ask",
		map[string]any{"name": "question", "type": 3, "value": "What is Stoke building?"}))
	r.f.waitReqs("PATCH", "/webhooks/"+appID+"/tok-6101/messages/@original", 1)
	// Discord's copy of the answer names the interaction and who used it, not the question.
	answer := &discordgo.Message{ID: "6102", ChannelID: "61", GuildID: guildID, Author: botUser(),
		Content: "> A rocket. [1]", Type: discordgo.MessageTypeChatInputCommand,
		InteractionMetadata: &discordgo.MessageInteractionMetadata{ID: "6101", Type: discordgo.InteractionApplicationCommand,
			User: &discordgo.User{ID: userID}}}
	follow := userMessage("6103", "61", guildID, "Who founded it?")
	follow.Type = discordgo.MessageTypeReply
	follow.MessageReference = &discordgo.MessageReference{MessageID: "6102", ChannelID: "61"}
	follow.ReferencedMessage = answer
	r.send(follow)
	r.f.waitReqs("POST", "/channels/61/messages", 1)
	got := rec.messages()
	if len(got) != 2 {
		t.Fatalf("handler got %d messages; want 2", len(got))
	}
	if got[1].Conversation != got[0].Conversation || got[1].History != nil {
		t.Errorf("reply to the slash answer: conversation %q, history %v; want %q and the core's memory", got[1].Conversation, got[1].History, got[0].Conversation)
	}
}
