package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"storybot"
	"storybot/chat"
)

// maxTurns bounds the context read back from a thread, as the core bounds the turns it
// remembers: the latest matter most.
const maxTurns = chat.DefaultHistoryTurns

// history reads the thread back from Slack (conversations.replies) and returns its turns
// before the message at ts, oldest first. Reading it from Slack rather than from memory
// means a follow-up keeps its context across restarts.
func (a *Adapter) history(ctx context.Context, channel, thread, ts string) ([]storybot.Turn, error) {
	var msgs []slack.Message
	err := a.retry(ctx, "read thread", func(ctx context.Context) error {
		var err error
		msgs, _, _, err = a.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: thread, Limit: 200, Inclusive: true,
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read thread %s/%s: %w", channel, thread, err)
	}
	return turns(a.me, msgs, ts), nil
}

// turns pairs each question of a thread with the bot's reply to it, ignoring messages at
// or after ts, placeholders and messages of other bots. Consecutive bot messages are the
// pieces of one long reply.
func turns(me identity, msgs []slack.Message, ts string) []storybot.Turn {
	out := []storybot.Turn{}
	var pending string
	lastWasBot := false
	for _, m := range msgs {
		if !tsBefore(m.Timestamp, ts) {
			continue
		}
		mine := m.User == me.UserID || (me.BotID != "" && m.BotID == me.BotID)
		switch {
		case mine:
			text := unescape(m.Text)
			if text == placeholder {
				continue
			}
			if pending != "" {
				out = append(out, storybot.Turn{Question: pending, Answer: text})
				pending = ""
			} else if lastWasBot && len(out) > 0 {
				out[len(out)-1].Answer += "\n\n" + text
			}
			lastWasBot = true
		case m.BotID == "" && userSubtypes[m.SubType]:
			if q := question(m.Text, me.UserID); q != "" {
				pending = q
			}
			lastWasBot = false
		}
	}
	if len(out) > maxTurns {
		out = out[len(out)-maxTurns:]
	}
	return out
}

// unescape undoes Slack's escaping of &, < and >.
func unescape(s string) string { return unescaper.Replace(s) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// tsBefore reports whether Slack timestamp a ("seconds.micros") is earlier than b.
// Comparing as strings fails when the lengths differ; as float64 it loses the micros.
func tsBefore(a, b string) bool {
	as, af := splitTS(a)
	bs, bf := splitTS(b)
	if as != bs {
		return as < bs
	}
	return af < bf
}

// tsTime returns the time of a Slack timestamp; zero when it is not one.
func tsTime(ts string) time.Time {
	sec, frac := splitTS(ts)
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, frac*1000)
}

func splitTS(ts string) (sec, frac int64) {
	s, f, _ := strings.Cut(ts, ".")
	sec, _ = strconv.ParseInt(s, 10, 64)
	f = (f + "000000")[:6]
	frac, _ = strconv.ParseInt(f, 10, 64)
	return sec, frac
}
