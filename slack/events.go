package slack

import (
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"storybot/chat"
)

// incoming is a user message from the Events API, whether it came as app_mention or as
// message: the two events of one channel mention carry the same channel and ts.
type incoming struct {
	EventID     string
	Channel     string
	ChannelType string // "im", "channel", "group", "mpim"; empty for app_mention
	User        string
	BotID       string
	SubType     string
	Text        string
	TS          string
	ThreadTS    string
	AppMention  bool
	// Changed is set for an edit or a deletion of a message (message_changed,
	// message_deleted): then User, Text, TS and ThreadTS are the message's as it now
	// stands, and Deleted says whether it is gone.
	Changed bool
	Deleted bool
	// Edited is when an edit was made, from its edited.ts; zero when Slack does not say.
	Edited time.Time
}

// identity is who the bot is on Slack, learned from auth.test.
type identity struct {
	UserID string // the bot's user, as mentioned: <@UserID>
	BotID  string // set on the messages the bot posts
}

// fromEventsAPI extracts the user message of an Events API callback; ok is false for
// every other event.
func fromEventsAPI(ev slackevents.EventsAPIEvent) (in incoming, ok bool) {
	if cb, isCB := ev.Data.(*slackevents.EventsAPICallbackEvent); isCB {
		in.EventID = cb.EventID
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		in.Channel, in.User, in.BotID, in.Text = e.Channel, e.User, e.BotID, e.Text
		in.TS, in.ThreadTS, in.AppMention = e.TimeStamp, e.ThreadTimeStamp, true
	case *slackevents.MessageEvent:
		in.Channel, in.ChannelType, in.User, in.BotID = e.Channel, e.ChannelType, e.User, e.BotID
		in.SubType, in.Text, in.TS, in.ThreadTS = e.SubType, e.Text, e.TimeStamp, e.ThreadTimeStamp
		changed(e, &in)
	default:
		return incoming{}, false
	}
	return in, true
}

// changed fills in the message an edit or a deletion is about. A deleted message that has
// replies stays as a "tombstone": Slack reports it as a change to the subtype tombstone.
func changed(e *slackevents.MessageEvent, in *incoming) {
	switch e.SubType {
	case "message_changed":
		if e.Message == nil {
			return
		}
		in.Changed = true
		in.User, in.BotID, in.Text = e.Message.User, e.Message.BotID, e.Message.Text
		in.TS, in.ThreadTS = e.Message.Timestamp, e.Message.ThreadTimestamp
		in.Deleted = e.Message.SubType == "tombstone"
		if e.Message.Edited != nil {
			in.Edited = tsTime(e.Message.Edited.Timestamp)
		}
	case "message_deleted":
		in.Changed, in.Deleted = true, true
		in.TS, in.Text = e.DeletedTimeStamp, ""
		if e.PreviousMessage != nil {
			in.User, in.ThreadTS = e.PreviousMessage.User, e.PreviousMessage.ThreadTimestamp
		}
	}
}

// userSubtypes are the message subtypes a person writes; every other subtype is an edit,
// a deletion, a join, a bot or some other change that is not a question.
var userSubtypes = map[string]bool{"": true, "file_share": true, "thread_broadcast": true}

// target says where a reply goes and where its context comes from.
type target struct {
	Channel string
	// Thread is the ts to reply under; empty replies at the top level of a DM.
	Thread string
	// ReadThread is true when the thread existed before this message and is read back from
	// Slack as the conversation's context.
	ReadThread bool
	// TS is the message answered.
	TS string
	// Raw is the message's text as Slack sent it, to tell a later edit that changes it.
	Raw string
}

// accept decides whether the bot answers in, and if so builds the chat message and where
// the reply goes. It ignores the bot's own messages, other bots, non-user subtypes, and
// channel messages that do not mention the bot, except in a thread that followed reports
// the bot follows (one it answered in). An edit (in.Changed) is judged as the message it
// now is.
func accept(me identity, in incoming, followed func(channel, thread string) bool) (chat.Message, target, bool) {
	switch {
	case in.User == "" || in.Channel == "" || in.TS == "":
		return chat.Message{}, target{}, false
	case in.BotID != "" || in.User == me.UserID || (me.BotID != "" && in.BotID == me.BotID):
		return chat.Message{}, target{}, false
	case !in.Changed && !userSubtypes[in.SubType]:
		return chat.Message{}, target{}, false
	}
	direct := in.ChannelType == "im"
	threaded := in.ThreadTS != "" && in.ThreadTS != in.TS
	mention := in.AppMention || mentions(in.Text, me.UserID) ||
		(!direct && threaded && followed != nil && followed(in.Channel, in.ThreadTS))
	if !direct && !mention {
		return chat.Message{}, target{}, false
	}
	t := target{Channel: in.Channel, TS: in.TS, ReadThread: threaded, Raw: in.Text}
	conv := "slack:" + in.Channel
	switch {
	case threaded:
		t.Thread = in.ThreadTS
		conv = threadConversation(in.Channel, in.ThreadTS)
	case !direct:
		// A channel mention starts a thread of its own.
		t.Thread = in.TS
		conv = threadConversation(in.Channel, in.TS)
	}
	m := chat.Message{
		// The key the message is claimed under: a redelivery of its event, and the
		// app_mention and message events of one mention, all carry its channel and ts.
		ID:           "slack:" + in.Channel + "/" + in.TS,
		Text:         question(in.Text, me.UserID),
		User:         in.User,
		Conversation: conv,
		Direct:       direct,
		Mention:      mention,
	}
	return m, t, true
}

// mentions reports whether Slack text mentions the user id.
func mentions(text, userID string) bool {
	return userID != "" && (strings.Contains(text, "<@"+userID+">") || strings.Contains(text, "<@"+userID+"|"))
}

// markup matches Slack's <…> markup in message text: mentions, channels, links.
var markup = regexp.MustCompile(`<([^<>]*)>`)

// question turns Slack message text into the plain text of a question: the bot's mentions
// removed, links, user and channel references reduced to readable text, entities unescaped.
func question(text, botUserID string) string {
	text = markup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		body, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case botUserID != "" && body == "@"+botUserID:
			return ""
		case strings.HasPrefix(body, "@"), strings.HasPrefix(body, "#"):
			if hasLabel && label != "" {
				return body[:1] + label
			}
			return body[:1] + "someone"
		case strings.HasPrefix(body, "!"):
			// <!here>, <!channel>, <!subteam^…>: a ping, not part of the question.
			if hasLabel && label != "" {
				return label
			}
			return ""
		case hasLabel && label != "":
			return label
		}
		return body
	})
	text = unescape(text)
	return strings.Join(strings.Fields(text), " ")
}

// fromCommand builds the chat message of a slash command: /summary and /sources become
// those commands, /ask a question; any other command gets the help.
func fromCommand(names Commands, cmd slack.SlashCommand) chat.Message {
	var text string
	switch cmd.Command {
	case names.Summary:
		text = "/summary"
	case names.Sources:
		text = "/sources"
	case names.Ask:
		text = "/ask " + question(cmd.Text, "")
	default:
		text = "/help"
	}
	return chat.Message{
		ID:           "slack-command:" + cmd.TriggerID,
		Text:         strings.TrimSpace(text),
		User:         cmd.UserID,
		Conversation: "slack:" + cmd.ChannelID + "/commands/" + cmd.UserID,
		Direct:       strings.HasPrefix(cmd.ChannelID, "D"),
		// A slash command is addressed to the bot as surely as a mention is.
		Mention: true,
	}
}

// threadConversation names the conversation of a thread: its turns are kept under it.
func threadConversation(channel, thread string) string {
	return "slack:" + channel + "/" + thread
}
