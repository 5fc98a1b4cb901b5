// Package chat is the platform-neutral conversation core: it turns an incoming message
// into a reply, the same way on every platform. Adapters (console, slack, discord) convert
// their platform's events into Messages and Replies back into their platform's format.
//
// SKELETON: the API below is fixed; the implementation is a placeholder.
package chat

import (
	"context"
	"strings"

	"storybot"
	"storybot/answer"
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
	// Mention is true when the message mentions the bot.
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
	RatePerMinute int
	// MaxQuestion bounds a question's length in bytes; 2000 when zero.
	MaxQuestion int
}

// Bot is the conversation core. It is safe for concurrent use.
type Bot struct {
	eng  *answer.Engine
	opts Options
}

// New returns a Bot answering from eng.
func New(eng *answer.Engine, opts Options) *Bot {
	return &Bot{eng: eng, opts: opts}
}

// Handle answers m. progress, when not nil, receives the growing reply as Markdown while
// an answer is written (adapters edit a placeholder with it). A Reply of Kind Ignore means
// the message was not for the bot.
func (b *Bot) Handle(ctx context.Context, m Message, progress func(markdown string)) Reply {
	if !m.Direct && !m.Mention {
		return Reply{Kind: Ignore}
	}
	text := strings.TrimSpace(m.Text)
	switch {
	case text == "/summary":
		s := b.eng.Summary(ctx, progress)
		return Reply{Kind: SummaryReply, Markdown: Neutralize(s.Text), Summary: &s}
	default:
		text = strings.TrimSpace(strings.TrimPrefix(text, "/ask"))
		a := b.eng.Ask(ctx, text, m.History, progress)
		return Reply{Kind: AnswerReply, Markdown: Neutralize(a.Text), Answer: &a}
	}
}
