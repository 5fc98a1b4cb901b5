// Package answer writes short replies in which every claim is cited: in a language
// model's words when one is configured and its answer passes the checks, otherwise as
// verbatim quotes of the articles.
package answer

import (
	"context"
	"log/slog"
	"sync"

	"storybot"
	"storybot/retrieval"
)

// Completer is a language model: it answers a system and a user prompt, passing pieces
// of text to onDelta as they arrive (onDelta may be nil), and returns the whole text.
// The llm package implements it.
type Completer interface {
	Complete(ctx context.Context, system, user string, onDelta func(string)) (string, error)
}

// Options configure an Engine.
type Options struct {
	// LLM writes answers when set; nil answers with quotes only.
	LLM Completer
	// MaxQuotes bounds the sentences of a quote-only answer; 3 when zero.
	MaxQuotes int
	// ContextTokens bounds the passages of an LLM prompt, in estimated tokens;
	// DefaultContextTokens when zero.
	ContextTokens int
	// Retriever ranks passages for the LLM when set (hybrid retrieval); the index's own
	// lexical search when nil.
	Retriever Retriever
	// Logger receives the LLM route's warnings; none when nil.
	Logger *slog.Logger
}

// Engine answers questions about one corpus. It is safe for concurrent use.
type Engine struct {
	ix   *retrieval.Index
	opts Options
	log  *slog.Logger

	// once guards st, the corpus figures built on first use.
	once sync.Once
	st   *stats
	// lowerOnce guards lower, the words the corpus writes in lower case somewhere, which
	// tell the support check's names from ordinary words opening a sentence.
	lowerOnce sync.Once
	lower     map[string]bool
	// sumOnce guards sum, the extractive summary made on first use.
	sumOnce sync.Once
	sum     storybot.Summary
}

// New returns an Engine over the index.
func New(ix *retrieval.Index, opts Options) *Engine {
	if opts.MaxQuotes <= 0 {
		opts.MaxQuotes = 3
	}
	if opts.ContextTokens <= 0 {
		opts.ContextTokens = DefaultContextTokens
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{ix: ix, opts: opts, log: log}
}

// Prepare builds what the Engine otherwise builds on first use, its figures for every
// sentence and the extractive summary (and the LLM checks' vocabulary), so that a server's first user does not wait for
// them (about a second for a corpus of a few thousand paragraphs). Calling it is optional
// and cheap after the first time.
func (e *Engine) Prepare() {
	e.corpusStats()
	e.extractive()
	if e.opts.LLM != nil {
		e.corpusLower()
	}
}

// Sources returns the corpus' documents, in corpus order.
func (e *Engine) Sources() []storybot.Document { return e.ix.Documents() }

// Ask answers question. history holds the conversation's earlier turns, oldest first, for
// follow-ups. progress, when not nil, receives the growing answer text as it is written
// and checked (LLM mode only). Ask always returns an answer: when nothing relevant is
// found, Found is false and Text says so politely.
func (e *Engine) Ask(ctx context.Context, question string, history []storybot.Turn, progress func(string)) storybot.Answer {
	query := e.standalone(ctx, question, history)
	hits := e.ix.Search(query, 5)
	quoted := e.quotes(question, query, hits)
	if e.opts.LLM == nil {
		return quoted
	}
	return e.askLLM(ctx, question, query, quoted, progress)
}

// standalone returns the question rewritten to stand on its own for retrieval, using the
// conversation's earlier turns: by the LLM when one is configured, else by the core's method.
func (e *Engine) standalone(ctx context.Context, question string, history []storybot.Turn) string {
	if len(history) == 0 {
		return question
	}
	if e.opts.LLM != nil {
		if q, err := e.llmRewrite(ctx, question, history); err == nil {
			return q
		}
	}
	return rewrite(question, history)
}

// NotFound is the reply when the articles do not cover a question.
const NotFound = "I couldn't find that in these articles. Try /summary for the whole story or /sources for the list of articles."

// Summary tells the story in five to eight cited bullets, in order.
func (e *Engine) Summary(ctx context.Context, progress func(string)) storybot.Summary {
	extractive := e.extractive()
	if e.opts.LLM == nil {
		return extractive
	}
	s, err := e.llmSummary(ctx, extractive, progress)
	if err != nil {
		e.logFallback("summary", err)
		extractive.Note = llmNote(err)
		return extractive
	}
	return s
}
