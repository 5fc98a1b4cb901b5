package discord

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
	"storybot/chat/chattest"
)

// withComponents is a message payload with its components, as the tests read them.
type withComponents struct {
	Type       int    `json:"type"`
	Content    string `json:"content"`
	Flags      int    `json:"flags"`
	Components []struct {
		Components []struct {
			CustomID string `json:"custom_id"`
			Label    string `json:"label"`
			Emoji    struct {
				Name string `json:"name"`
			} `json:"emoji"`
		} `json:"components"`
	} `json:"components"`
}

// read decodes a request's message payload; an interaction callback nests it under "data".
func read(t *testing.T, r request) withComponents {
	t.Helper()
	var out withComponents
	if strings.HasSuffix(r.Path, "/callback") {
		var cb struct {
			Type int            `json:"type"`
			Data withComponents `json:"data"`
		}
		decode(t, r, &cb)
		out = cb.Data
		out.Type = cb.Type
		return out
	}
	decode(t, r, &out)
	return out
}

// buttonsOf returns "emoji label" per button and the custom ids.
func buttonsOf(p withComponents) (labels, ids []string) {
	for _, row := range p.Components {
		for _, b := range row.Components {
			labels = append(labels, strings.TrimSpace(b.Emoji.Name+" "+b.Label))
			ids = append(ids, b.CustomID)
		}
	}
	return labels, ids
}

func TestFeedbackButtonsOnDiscord(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	r := start(t, chattest.VotingBot(t, path), Config{PlaceholderDelay: time.Minute})
	r.send(userMessage("1101", "11", guildID, "<@"+botID+"> What is Stoke building?"))
	post := r.f.waitReqs("POST", "/channels/11/messages", 1)[0]
	answerMsg := read(t, post)
	labels, ids := buttonsOf(answerMsg)
	if strings.Join(labels, ",") != "👍,👎" || !strings.HasPrefix(ids[0], votePrefix+"up:") || !strings.HasPrefix(ids[1], votePrefix+"down:") {
		t.Fatalf("answer buttons = %q %q; want 👍 and 👎 voting on the answer", labels, ids)
	}
	msg := &discordgo.Message{ID: "5001", ChannelID: "11", GuildID: guildID, Content: answerMsg.Content, Author: botUser()}
	click := func(id, user, customID string) withComponents {
		t.Helper()
		r.f.current().dispatch("INTERACTION_CREATE", buttonClick(id, "11", guildID, user, customID, msg))
		cb := r.f.waitReqs("POST", "/interactions/"+id+"/tok-"+id+"/callback", 1)
		return read(t, cb[0])
	}
	for _, step := range []struct {
		id, user, button string
		want             string
	}{
		{"1111", "301", ids[0], "👍 1,👎"},
		{"1112", "301", ids[1], "👍,👎 1"}, // a change of mind
		{"1113", "301", ids[1], "👍,👎 1"}, // the same click again
		{"1114", "302", ids[1], "👍,👎 2"},
	} {
		got := click(step.id, step.user, step.button)
		labels, _ := buttonsOf(got)
		if got.Type != int(discordgo.InteractionResponseUpdateMessage) || strings.Join(labels, ",") != step.want || got.Content != answerMsg.Content {
			t.Errorf("click %s: callback type %d, buttons %q; want the message updated in place with %q", step.id, got.Type, labels, step.want)
		}
	}
	if n := len(r.f.reqs("POST", "/channels/11/messages")); n != 1 {
		t.Errorf("voting posted %d messages; want none beyond the answer", n-1)
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}

	// A restart: the votes are in the file.
	r2 := start(t, chattest.VotingBot(t, path), Config{})
	r2.f.current().dispatch("INTERACTION_CREATE", buttonClick("1121", "11", guildID, "301", ids[0], msg))
	got := read(t, r2.f.waitReqs("POST", "/interactions/1121/tok-1121/callback", 1)[0])
	if labels, _ := buttonsOf(got); strings.Join(labels, ",") != "👍 1,👎 1" {
		t.Errorf("after a restart, a changed vote shows %q; want 👍 1, 👎 1", labels)
	}
	chattest.CheckVotes(t, path, 2, "discord", "What is Stoke building?", "301")
}

func TestFastSlashCommandIsOneEphemeralResponse(t *testing.T) {
	t.Parallel()
	for _, inChannel := range []bool{false, true} {
		r := start(t, chattest.VotingBot(t, filepath.Join(t.TempDir(), "f.jsonl")), Config{PlaceholderDelay: time.Minute, CommandsInChannel: inChannel})
		r.f.current().dispatch("INTERACTION_CREATE", slashCommand("6201", "62", guildID, "ask",
			map[string]any{"name": "question", "type": 3, "value": "What is Stoke building?"}))
		cb := read(t, r.f.waitReqs("POST", "/interactions/6201/tok-6201/callback", 1)[0])
		r.stop(t)
		if cb.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || cb.Content == "" {
			t.Errorf("callback type %d with %d characters; want the answer itself (type 4)", cb.Type, len(cb.Content))
		}
		if ephemeral := cb.Flags&int(discordgo.MessageFlagsEphemeral) != 0; ephemeral == inChannel {
			t.Errorf("commands_in_channel %v: flags %d", inChannel, cb.Flags)
		}
		if labels, _ := buttonsOf(cb); len(labels) != 2 {
			t.Errorf("slash answer buttons = %q; want 👍 and 👎", labels)
		}
		if n := len(r.f.reqs("", "/webhooks/")); n != 0 {
			t.Errorf("a fast slash answer made %d more calls; want the one response", n)
		}
	}
}

func TestSlowAnswerShowsTyping(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply {
		<-release
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "Done."}
	})
	r := start(t, h, Config{PlaceholderDelay: 20 * time.Millisecond})
	r.send(userMessage("1201", "12", guildID, "<@"+botID+"> slow"))
	r.f.waitReqs("POST", "/channels/12/typing", 1)
	close(release)
	r.f.waitReqs("POST", "/channels/12/messages", 1)
}

func TestEditedAndDeletedQuestions(t *testing.T) {
	t.Parallel()
	echo := &chattest.Echo{}
	r := start(t, echo, Config{PlaceholderDelay: time.Minute})
	q := userMessage("1301", "13", guildID, "<@"+botID+"> Who founded Stoke?")
	r.send(q)
	r.f.waitReqs("POST", "/channels/13/messages", 1)
	answerID := r.f.posted("13")[0].ID
	// The answer is remembered once posted; an edit before that finds nothing to edit.
	chattest.Wait(t, "the answer remembered", func() bool { return r.a.answered.Has("13/1301") })

	edited := time.Now()
	update := func(author, content string, at time.Duration) {
		m := userMessage("1301", "13", guildID, content)
		m.Author.ID = author
		when := edited.Add(at)
		m.EditedTimestamp = &when
		r.f.current().dispatch("MESSAGE_UPDATE", m)
	}
	update("999", "<@"+botID+"> Who is Altman?", time.Second)         // someone else: never
	update(userID, "<@"+botID+">  Who founded Stoke?", 2*time.Second) // no change to the text
	update(userID, "<@"+botID+"> Who founded Stoke Space?", 3*time.Second)
	update(userID, "<@"+botID+"> Who founded Stoke Space?", 3*time.Second) // delivered again
	// An embed appearing: an update without an edit time.
	r.f.current().dispatch("MESSAGE_UPDATE", userMessage("1301", "13", guildID, "<@"+botID+"> Who?"))
	edits := r.f.waitReqs("PATCH", "/channels/13/messages/", 1)
	// A settling message in another channel: every event before it has been handled.
	r.send(userMessage("1399", "14", guildID, "<@"+botID+"> last"))
	r.f.waitReqs("POST", "/channels/14/messages", 1)
	edits = r.f.reqs("PATCH", "/channels/13/messages/")
	if len(edits) != 1 || !strings.HasSuffix(edits[0].Path, "/"+answerID) {
		t.Fatalf("edits = %v; want one, of the bot's answer %s", edits, answerID)
	}
	if c := read(t, edits[0]).Content; c != "Answer to Who founded Stoke Space? _(edited: this answers the edited question)_" {
		t.Errorf("edited answer = %q", c)
	}

	del := map[string]any{"id": "1301", "channel_id": "13", "guild_id": guildID}
	r.f.current().dispatch("MESSAGE_DELETE", del)
	r.f.current().dispatch("MESSAGE_DELETE", del)
	r.f.current().dispatch("MESSAGE_DELETE", map[string]any{"id": "7777", "channel_id": "13", "guild_id": guildID})
	r.f.waitReqs("DELETE", "/channels/13/messages/", 1)
	r.send(userMessage("1398", "15", guildID, "<@"+botID+"> last"))
	r.f.waitReqs("POST", "/channels/15/messages", 1)
	if dels := r.f.reqs("DELETE", ""); len(dels) != 1 || !strings.HasSuffix(dels[0].Path, "/"+answerID) {
		t.Errorf("deletes = %v; want one, of the bot's answer", dels)
	}
	got := echo.Messages()
	if len(got) != 4 || !got[1].Edited || got[1].Text != "Who founded Stoke Space?" {
		t.Errorf("handler got %+v; want the question, its edit once, and two settling messages", got)
	}
}

// A button's custom_id comes back from Discord: parsing it never panics, and accepts only
// a vote with an answer id.
func FuzzParseVote(f *testing.F) {
	f.Add(votePrefix + "up:0a1b2c")
	f.Add(votePrefix + "sideways:0a")
	f.Add(votePrefix + "down:")
	f.Fuzz(func(t *testing.T, id string) {
		vote, answer, ok := parseVote(id)
		if ok && (!vote.Valid() || answer == "") {
			t.Fatalf("parseVote(%q) = %q, %q, true", id, vote, answer)
		}
	})
}
