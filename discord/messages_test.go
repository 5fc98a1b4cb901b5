package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/chat"
)

func TestMentionIsAnsweredAsAReply(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	// A quote answer is ready at once: no typing indicator, no placeholder, one call.
	r := start(t, rec, Config{PlaceholderDelay: time.Minute})
	question := "What is Stoke Space building?"
	r.send(userMessage("1001", "10", guildID, "<@"+botID+"> "+question))

	posts := r.f.waitReqs("POST", "/channels/10/messages", 1)
	var s sent
	decode(t, posts[0], &s)
	if s.Reference == nil || s.Reference.MessageID != "1001" {
		t.Errorf("reply's message_reference = %+v; want message 1001", s.Reference)
	}
	if strings.TrimSpace(s.Content) == "" || len([]rune(s.Content)) >= MaxMessage {
		t.Errorf("reply content has %d characters; want 1 to %d", len([]rune(s.Content)), MaxMessage-1)
	}
	if s.Flags&int(discordgo.MessageFlagsSuppressEmbeds) == 0 {
		t.Errorf("reply flags = %d; want SuppressEmbeds set", s.Flags)
	}
	checkNoPings(t, posts[0])
	if n := len(r.f.reqs("", "/channels/10/")); n != 1 {
		t.Errorf("a fast answer made %d calls to the channel (%v); want its one message", n, r.f.summary())
	}

	got := rec.messages()
	if len(got) != 1 {
		t.Fatalf("handler got %d messages; want 1", len(got))
	}
	m := got[0]
	if m.Text != question || !m.Mention || m.Direct || m.ID != "1001" || m.User != "discord:"+userID {
		t.Errorf("handler got %+v; want the question without the mention, Mention, not Direct", m)
	}
	// Neither the question nor the token at info level.
	if logs := r.logs.String(); strings.Contains(logs, "Stoke") || strings.Contains(logs, "test-token") {
		t.Errorf("info logs hold message text or the token:\n%s", logs)
	}
}

func TestNicknameMentionIsStripped(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	r.send(userMessage("1002", "10", guildID, "Hey <@!"+botID+">,   who founded Stoke?"))
	r.f.waitReqs("POST", "/channels/10/messages", 1)
	if got := rec.messages(); len(got) != 1 || got[0].Text != "Hey , who founded Stoke?" {
		t.Errorf("handler got %+v; want the text without the mention", got)
	}
}

func TestDirectMessagesKeepTheirConversation(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	first := userMessage("2001", "20", "", "What is Stoke building?")
	r.f.store(first)
	r.send(first)
	r.f.waitReqs("POST", "/channels/20/messages", 1)
	r.send(userMessage("2002", "20", "", "Who founded it?"))
	r.f.waitReqs("POST", "/channels/20/messages", 2)
	// A reply to the first answer brings that exchange along, read back from Discord.
	answer := r.f.posted("20")[0]
	third := userMessage("2003", "20", "", "And when?")
	third.Type = discordgo.MessageTypeReply
	third.MessageReference = &discordgo.MessageReference{MessageID: answer.ID, ChannelID: "20"}
	third.ReferencedMessage = answer
	r.send(third)
	posts := r.f.waitReqs("POST", "/channels/20/messages", 3)
	for _, p := range posts {
		checkNoPings(t, p)
	}
	got := rec.messages()
	if len(got) != 3 {
		t.Fatalf("handler got %d messages; want 3", len(got))
	}
	for _, m := range got {
		if !m.Direct || m.Conversation != "discord:20" {
			t.Errorf("handler got %+v; want Direct in conversation discord:20", m)
		}
	}
	if h := got[2].History; len(h) != 1 || h[0].Question != first.Content || h[0].Answer != answer.Content {
		t.Errorf("reply's History = %+v; want the first question and its answer", h)
	}
}

func TestReplyToTheBotContinuesTheConversation(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	// An earlier exchange, as Discord keeps it: question, answer replying to it, and so on.
	q0 := userMessage("3000", "30", guildID, "<@"+botID+"> What is Stoke building?")
	a0 := &discordgo.Message{ID: "3001", ChannelID: "30", GuildID: guildID, Author: botUser(),
		Content: "> A fully reusable rocket. [1]", Type: discordgo.MessageTypeReply,
		MessageReference: &discordgo.MessageReference{MessageID: "3000", ChannelID: "30"}}
	q1 := userMessage("3002", "30", guildID, "Who founded it?")
	q1.Type = discordgo.MessageTypeReply
	q1.MessageReference = &discordgo.MessageReference{MessageID: "3001", ChannelID: "30"}
	a1 := &discordgo.Message{ID: "3003", ChannelID: "30", GuildID: guildID, Author: botUser(),
		Content: "> Andy Lapsa founded it. [1]", Type: discordgo.MessageTypeReply,
		MessageReference: &discordgo.MessageReference{MessageID: "3002", ChannelID: "30"}}
	for _, m := range []*discordgo.Message{q0, a0, q1, a1} {
		r.f.store(m)
	}
	// The follow-up replies to the bot's latest answer without mentioning it.
	q2 := userMessage("3004", "30", guildID, "When?")
	q2.Type = discordgo.MessageTypeReply
	q2.MessageReference = &discordgo.MessageReference{MessageID: "3003", ChannelID: "30"}
	q2.ReferencedMessage = a1
	r.send(q2)

	posts := r.f.waitReqs("POST", "/channels/30/messages", 1)
	var s sent
	decode(t, posts[0], &s)
	if s.Reference == nil || s.Reference.MessageID != "3004" {
		t.Errorf("reply's message_reference = %+v; want message 3004", s.Reference)
	}
	got := rec.messages()
	if len(got) != 1 {
		t.Fatalf("handler got %d messages; want 1", len(got))
	}
	m := got[0]
	want := []struct{ q, a string }{
		{"What is Stoke building?", a0.Content},
		{"Who founded it?", a1.Content},
	}
	if len(m.History) != len(want) {
		t.Fatalf("History = %+v; want %d turns", m.History, len(want))
	}
	for i, w := range want {
		if m.History[i].Question != w.q || m.History[i].Answer != w.a {
			t.Errorf("History[%d] = %+v; want question %q, answer %q", i, m.History[i], w.q, w.a)
		}
	}
	if m.Conversation != "discord:30/3000" || !m.Mention || m.Text != "When?" {
		t.Errorf("handler got %+v; want conversation discord:30/3000, Mention, text \"When?\"", m)
	}
	if len(r.f.reqs("GET", "/channels/30/messages/")) == 0 {
		t.Errorf("the conversation was not read back from Discord")
	}
}

func TestMessagesNotForTheBotAreIgnored(t *testing.T) {
	t.Parallel()
	rec := &recorder{next: realBot()}
	r := start(t, rec, Config{})
	own := userMessage("4001", "40", guildID, "<@"+botID+"> my own words")
	own.Author = botUser()
	otherBot := userMessage("4002", "40", guildID, "<@"+botID+"> hello bot")
	otherBot.Author = &discordgo.User{ID: "400", Username: "otherbot", Bot: true}
	hook := userMessage("4003", "40", guildID, "<@"+botID+"> from a webhook")
	hook.WebhookID = "77"
	plain := userMessage("4004", "40", guildID, "just chatting about Stoke")
	system := userMessage("4005", "40", guildID, "<@"+botID+">")
	system.Type = discordgo.MessageTypeChannelPinnedMessage
	for _, m := range []*discordgo.Message{own, otherBot, hook, plain, system} {
		r.send(m)
	}
	// A message for the bot after them: once it is answered, the others were seen.
	r.send(userMessage("4006", "40", guildID, "<@"+botID+"> What is Stoke?"))
	r.f.waitReqs("POST", "/channels/40/messages", 1)
	time.Sleep(50 * time.Millisecond)
	if posts := r.f.reqs("POST", "/channels/40/messages"); len(posts) != 1 {
		t.Errorf("%d replies; want 1 (to message 4006 only): %v", len(posts), posts)
	}
	if got := rec.messages(); len(got) != 1 || got[0].ID != "4006" {
		t.Errorf("handler got %+v; want message 4006 only", got)
	}
}

func TestPingsInTheQuestionCannotPing(t *testing.T) {
	t.Parallel()
	// A careless handler that echoes the question, mentions and all.
	echo := handlerFunc(func(_ context.Context, m chat.Message, progress func(string)) chat.Reply {
		progress("You asked: " + m.Text)
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "You asked: " + m.Text}
	})
	r := start(t, echo, Config{})
	question := "@everyone @here <@" + userID + "> <@&55> what now?"
	r.send(userMessage("5001", "50", guildID, "<@"+botID+"> "+question))
	r.f.current().dispatch("INTERACTION_CREATE", slashCommand("5002", "50", guildID, "ask",
		map[string]any{"name": "question", "type": 3, "value": question}))

	r.f.waitReqs("POST", "/channels/50/messages", 1)
	r.f.waitReqs("PATCH", "/webhooks/"+appID+"/tok-5002/messages/@original", 1)
	time.Sleep(50 * time.Millisecond)
	for _, req := range r.f.reqs("", "") {
		if !strings.Contains(req.Path, "/messages") && !strings.Contains(req.Path, "/callback") && !strings.HasPrefix(req.Path, "/webhooks/") {
			continue
		}
		if req.Method != "POST" && req.Method != "PATCH" {
			continue
		}
		checkNoPings(t, req)
		s := payload(t, req)
		for _, ping := range []string{"@everyone", "@here", "<@" + userID + ">", "<@&55>"} {
			if strings.Contains(s.Content, ping) {
				t.Errorf("%s %s content %q holds %q", req.Method, req.Path, s.Content, ping)
			}
		}
	}
}
