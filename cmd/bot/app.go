package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"storybot"
	"storybot/answer"
	"storybot/chat"
	"storybot/retrieval"
	"storybot/seeds"
)

// common holds the flags every command takes.
type common struct {
	config string
	corpus string
}

// register adds the common flags to fs, defaulting to what c already holds, so that they
// may stand before or after the command name.
func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", c.config, "YAML configuration `FILE`")
	fs.StringVar(&c.corpus, "corpus", c.corpus, "folder `DIR` of .txt/.md articles instead of the embedded story")
}

// newFlagSet returns a flag set for a command that reports errors instead of exiting.
func newFlagSet(name string, c *common, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usageText) }
	c.register(fs)
	return fs
}

// errHelp says -h or --help was given: the usage is printed and the command does nothing.
var errHelp = errors.New("help requested")

// parseFlags parses args into fs, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

// parseCommon parses the flags before the command and returns the command's name and args.
func parseCommon(args []string, stderr io.Writer) (cmd string, rest []string, c common, err error) {
	fs := newFlagSet("bot", &c, stderr)
	if err := parseFlags(fs, args); err != nil {
		return "", nil, c, err
	}
	rest = fs.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	return cmd, rest, c, nil
}

// app is everything a command needs, built once from the configuration.
type app struct {
	cfg    config
	log    *slog.Logger
	docs   []storybot.Document
	engine *answer.Engine
	// store is the state the chat platforms share; set by serve.
	store chat.Store
}

// newApp loads the configuration and the corpus and builds the answer engine.
func newApp(c common, getenv func(string) string, stderr io.Writer) (*app, error) {
	cfg, err := loadConfig(c.config)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if c.corpus != "" {
		cfg.Corpus.Dir = c.corpus
	}
	log := newLogger(stderr, cfg.Log.Level)
	docs := seeds.Embedded()
	if cfg.Corpus.Dir != "" {
		if docs, err = seeds.LoadDir(cfg.Corpus.Dir); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	ix := retrieval.New(docs, retrieval.Options{K1: cfg.Retrieval.K1, B: cfg.Retrieval.B})
	opts := answer.Options{MaxQuotes: cfg.Answer.MaxQuotes, ContextTokens: cfg.LLM.ContextTokens, Logger: log}
	if opts.LLM, err = newLLM(cfg, getenv, log); err != nil {
		return nil, usageError{err.Error()}
	}
	if opts.Retriever, err = newRetriever(context.Background(), cfg, ix, getenv, log); err != nil {
		return nil, usageError{err.Error()}
	}
	log.Debug("corpus loaded", "articles", len(docs), "chunks", ix.NumChunks(), "llm", opts.LLM != nil)
	return &app{cfg: cfg, log: log, docs: docs, engine: answer.New(ix, opts)}, nil
}

// bot returns the conversation core; limited applies the per-user rate limit of chat
// platforms, and keeps their state in the store they share.
func (a *app) bot(limited bool) *chat.Bot {
	opts := chat.Options{MaxQuestion: a.cfg.Chat.MaxQuestion}
	if limited {
		opts.RatePerMinute = a.cfg.Chat.RatePerMinute
		opts.Store = a.store
	}
	return chat.New(a.engine, opts)
}

// newLogger logs text lines at level to w.
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(strings.ToUpper(level)))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
