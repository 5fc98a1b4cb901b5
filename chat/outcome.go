package chat

import (
	"context"
	"time"

	"storybot"
	"storybot/answer"
)

// Result is what became of a question, in a word fit for a metric's label.
type Result string

// The results of a question.
const (
	// ResultAnswered: an answer or a summary was written.
	ResultAnswered Result = "answered"
	// ResultNotFound: the articles do not cover the question.
	ResultNotFound Result = "not_found"
	// ResultLimited: the user asked too fast and got the rate-limit notice.
	ResultLimited Result = "limited"
	// ResultRejected: the message was empty, too long, or an unknown command.
	ResultRejected Result = "rejected"
	// ResultError: answering failed (a bug caught, or the answer cut short).
	ResultError Result = "error"
)

// Outcome is what became of one question or summary request, for metrics. It holds
// nothing of what the user wrote and nothing that identifies them.
type Outcome struct {
	// Platform is Options.Platform.
	Platform string
	// Kind is the reply's kind: AnswerReply, SummaryReply or NoticeReply.
	Kind Kind
	// Mode is how the reply was written, quotes or llm; "" when nothing was written.
	Mode storybot.Mode
	// Result is what became of it.
	Result Result
	// Fallback names why an LLM answer fell back to quotes ("timeout", "unverified",
	// "unavailable"), or is "" when it did not.
	Fallback string
	// Elapsed is how long Handle took.
	Elapsed time.Duration
}

// observe logs one line about a reply and tells Options.Observe its Outcome. Help, the
// sources and ignored messages are neither questions nor worth a line.
func (b *Bot) observe(ctx context.Context, r Reply, limited, failed bool, elapsed time.Duration) {
	o := Outcome{Platform: b.opts.Platform, Kind: r.Kind, Elapsed: elapsed}
	switch {
	case failed || (ctx.Err() != nil && r.Kind != NoticeReply):
		o.Result = ResultError
	case limited:
		o.Result = ResultLimited
	case r.Kind == NoticeReply:
		o.Result = ResultRejected
	case r.Kind == AnswerReply && r.Answer != nil:
		o.Mode, o.Fallback, o.Result = r.Answer.Mode, answer.FallbackReason(r.Answer.Note), ResultNotFound
		if r.Answer.Found {
			o.Result = ResultAnswered
		}
	case r.Kind == SummaryReply && r.Summary != nil:
		o.Mode, o.Fallback, o.Result = r.Summary.Mode, answer.FallbackReason(r.Summary.Note), ResultAnswered
	default:
		return
	}
	b.log.DebugContext(ctx, "chat: replied", "kind", o.Kind, "mode", o.Mode, "result", o.Result,
		"fallback", o.Fallback, "elapsed", elapsed.Round(time.Millisecond))
	if b.opts.Observe != nil {
		b.opts.Observe(o)
	}
}
