// Package chat is the platform-neutral conversation core: it turns an incoming message
// into a reply, the same way on every platform. Adapters (console, slack, discord) convert
// their platform's events into Messages and Replies back into their platform's format.
//
// The Bot understands the commands (see Parse), cleans what people write, limits how fast
// each of them may ask, remembers the last turns of each conversation for follow-ups, and
// renders every reply as Markdown with nothing in it that could ping anyone.
package chat

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"storybot"
)

// Message is one incoming user message, already stripped of the platform's markup for
// mentioning the bot.
type Message struct {
	// ID identifies the message on its platform, for de-duplication; may be empty.
	ID string
	// Text is what the user wrote: a question, or a command such as "/ask QUESTION".
	Text string
	// User identifies the author on its platform; rate limits apply per user.
	User string
	// Conversation identifies the conversation (a DM, or a channel thread): follow-ups in
	// the same conversation get the earlier turns as context.
	Conversation string
	// Direct is true in a direct message.
	Direct bool
	// Mention is true when the message mentions the bot. A slash command, or anything else
	// addressed to the bot alone, counts as a mention.
	Mention bool
	// History holds the conversation's earlier turns, oldest first, when the platform can
	// read them back (a Slack thread); nil lets the bot use the turns it remembers.
	History []storybot.Turn
}

// Kind says what a reply is.
type Kind int

// The kinds of reply.
const (
	// Ignore means the message was not for the bot: send nothing.
	Ignore Kind = iota
	// AnswerReply answers a question; Reply.Answer is set.
	AnswerReply
	// SummaryReply tells the story; Reply.Summary is set.
	SummaryReply
	// SourcesReply lists the articles.
	SourcesReply
	// HelpReply explains the commands.
	HelpReply
	// NoticeReply is a short notice: a rate limit, a question too long, an empty question.
	NoticeReply
)

// String names the kind, for logs and test failures.
func (k Kind) String() string {
	switch k {
	case Ignore:
		return "ignore"
	case AnswerReply:
		return "answer"
	case SummaryReply:
		return "summary"
	case SourcesReply:
		return "sources"
	case HelpReply:
		return "help"
	case NoticeReply:
		return "notice"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// LogValue logs the kind by its name, in text and JSON logs alike.
func (k Kind) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Reply is the bot's answer to a message.
type Reply struct {
	Kind Kind
	// Markdown is the whole reply, rendered for people. It never contains a mention that
	// would notify anyone (@everyone, @here, <!channel>, <@U…>).
	Markdown string
	// Answer is set for AnswerReply.
	Answer *storybot.Answer
	// Summary is set for SummaryReply.
	Summary *storybot.Summary
}

// Options configure a Bot.
type Options struct {
	// RatePerMinute bounds the messages one user may send a minute; 0 means unlimited.
	// A user may send that many at once, then one more every 60/RatePerMinute seconds.
	RatePerMinute int
	// MaxQuestion bounds a question's length in bytes; 2000 when zero.
	MaxQuestion int
	// HistoryTurns bounds the earlier turns a question gets as context, remembered or read
	// back from the platform (the last ones); 3 when zero.
	HistoryTurns int
	// Conversations bounds the conversations the default LocalStore remembers at once, the
	// one idle longest forgotten first; DefaultMaxConversations when zero.
	Conversations int
	// HistoryTTL is how long an idle conversation is remembered; one hour when zero.
	HistoryTTL time.Duration
	// Store keeps the rate limits and the conversations' turns; a LocalStore when nil.
	// Share one with the platform adapters, which claim messages in it.
	Store Store
	// Now returns the current time for the default LocalStore; time.Now when nil. Tests
	// pass a fake clock.
	Now func() time.Time
	// Logger receives what goes wrong; nothing is logged when nil. Message text is never
	// logged. Each message's lines are logged with a context that carries its Request.
	Logger *slog.Logger
	// Platform names where the messages come from ("slack", "discord", "console"), in
	// each message's Request and Outcome.
	Platform string
	// Observe, when set, is told what became of each question and summary (see Outcome),
	// after its reply is ready; it must be quick and safe for concurrent use.
	Observe func(Outcome)
}

// Defaults for the zero Options.
const (
	DefaultMaxQuestion  = 2000
	DefaultHistoryTurns = 3
	DefaultHistoryTTL   = time.Hour
)

// Engine is what the Bot needs of an answer.Engine: the one it answers from, or one that
// hands each call to the engine of the moment when the articles are reloaded.
type Engine interface {
	Ask(ctx context.Context, question string, history []storybot.Turn, progress func(string)) storybot.Answer
	Summary(ctx context.Context, progress func(string)) storybot.Summary
	Sources() []storybot.Document
}

// Bot is the conversation core. It is safe for concurrent use.
type Bot struct {
	eng   Engine
	opts  Options
	log   *slog.Logger
	store Store
}

// New returns a Bot answering from eng, an *answer.Engine or a wrapper of one.
func New(eng Engine, opts Options) *Bot {
	return newBot(eng, opts)
}

func newBot(eng Engine, opts Options) *Bot {
	if opts.MaxQuestion <= 0 {
		opts.MaxQuestion = DefaultMaxQuestion
	}
	if opts.HistoryTurns <= 0 {
		opts.HistoryTurns = DefaultHistoryTurns
	}
	if opts.HistoryTTL <= 0 {
		opts.HistoryTTL = DefaultHistoryTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b := &Bot{eng: eng, opts: opts, log: opts.Logger, store: opts.Store}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if b.store == nil {
		b.store = NewLocalStore(LocalOptions{MaxConversations: opts.Conversations, Now: opts.Now})
	}
	return b
}

// Handle answers m. progress, when not nil, receives the growing reply as Markdown while
// an answer is written (adapters edit a placeholder with it); it is never called after
// Handle returns. A Reply of Kind Ignore means the message was not for the bot: a channel
// message that does not mention it. Every other message gets a reply, a notice at worst.
//
// Every line logged about the message carries its Request, made here unless ctx has one
// (see WithRequest); Options.Observe is told the Outcome of questions and summaries.
func (b *Bot) Handle(ctx context.Context, m Message, progress func(markdown string)) (r Reply) {
	if !m.Direct && !m.Mention {
		return Reply{Kind: Ignore}
	}
	if _, ok := RequestFrom(ctx); !ok {
		ctx = WithRequest(ctx, Request{ID: NewRequestID(), Platform: b.opts.Platform})
	}
	start := b.opts.Now()
	var limited, failed bool
	defer func() {
		// One bad answer must not take down every conversation the process serves.
		if v := recover(); v != nil {
			b.log.ErrorContext(ctx, "chat: answering a message panicked", "panic", v, "stack", string(debug.Stack()))
			r, failed = notice(noticeFailed), true
		}
		b.observe(ctx, r, limited, failed, b.opts.Now().Sub(start))
	}()
	if ok, wait := b.allow(ctx, m.User); !ok {
		limited = true
		return notice(slowDown(wait))
	}
	// Cleaning a huge message would cost time and memory for a question refused anyway.
	// Divided, not multiplied: a huge MaxQuestion must not overflow into refusing everything.
	if len(m.Text)/16 > b.opts.MaxQuestion {
		return notice(tooLong(len(m.Text), b.opts.MaxQuestion))
	}
	cmd, arg := Parse(m.Text)
	switch cmd {
	case HelpCommand:
		return Reply{Kind: HelpReply, Markdown: HelpMarkdown(len(b.eng.Sources()))}
	case SourcesCommand:
		return Reply{Kind: SourcesReply, Markdown: SourcesMarkdown(b.eng.Sources())}
	case UnknownCommand:
		return notice(unknownCommand(arg))
	case SummaryCommand:
		p, stop := guard(progress)
		defer stop()
		s := b.eng.Summary(ctx, p)
		return Reply{Kind: SummaryReply, Markdown: SummaryMarkdown(s), Summary: &s}
	}
	return b.ask(ctx, m, arg, progress)
}

// ask answers the question q of m, with the conversation's earlier turns as context.
func (b *Bot) ask(ctx context.Context, m Message, q string, progress func(string)) Reply {
	switch {
	case !hasWords(q):
		return notice(noticeEmpty)
	case len(q) > b.opts.MaxQuestion:
		return notice(tooLong(len(q), b.opts.MaxQuestion))
	}
	history := recent(m.History, b.opts.HistoryTurns)
	if m.History == nil && m.Conversation != "" {
		history = b.history(ctx, m.Conversation)
	}
	p, stop := guard(progress)
	defer stop()
	a := b.eng.Ask(ctx, q, history, p)
	// An empty conversation id would share one memory between unrelated messages, and an
	// answer cut short by a cancelled context is not one the user saw.
	if m.Conversation != "" && ctx.Err() == nil {
		b.remember(ctx, m.Conversation, storybot.Turn{Question: q, Answer: a.Text})
	}
	return Reply{Kind: AnswerReply, Markdown: AnswerMarkdown(a), Answer: &a}
}

// recent returns a copy of the last n turns of a history read back from a platform, each
// cut to the length the bot remembers: a long thread must not become a huge prompt.
func recent(history []storybot.Turn, n int) []storybot.Turn {
	if history == nil {
		return nil
	}
	history = history[max(0, len(history)-n):]
	out := make([]storybot.Turn, len(history))
	for i, t := range history {
		out[i] = storybot.Turn{Question: truncate(t.Question, maxTurnText), Answer: truncate(t.Answer, maxTurnText)}
	}
	return out
}

// guard wraps progress to render the engine's growing text as Markdown, and to stop
// passing it on once stop has been called: an engine that reports late must not overwrite
// the final reply an adapter has posted. p is nil when progress is.
func guard(progress func(string)) (p func(string), stop func()) {
	if progress == nil {
		return nil, func() {}
	}
	var mu sync.Mutex
	done := false
	p = func(text string) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			progress(progressMarkdown(text))
		}
	}
	stop = func() {
		mu.Lock()
		done = true
		mu.Unlock()
	}
	return p, stop
}

// notice returns a short notice reply.
func notice(text string) Reply {
	return Reply{Kind: NoticeReply, Markdown: Neutralize(text)}
}
