package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"storybot/answer"
	"storybot/chat"
	"storybot/ops"
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

// newFlagSet returns the flag set of command name. Its errors are returned, not printed:
// -h prints the command's help to stdout (see parseFlags), a mistake is a usage error that
// main prints once.
func newFlagSet(name string, c *common, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.register(fs)
	return fs
}

// errHelp says -h or --help was given: the help is printed and the command does nothing.
var errHelp = errors.New("help requested")

// parseFlags parses args into fs. -h prints the command's help to stdout; any other
// mistake becomes a usage error that points at it.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, fs)
			return errHelp
		}
		return usagef("%s: %v (see 'bot %s -h')", fs.Name(), err, fs.Name())
	}
	return nil
}

// parseCommon parses the flags before the command and returns the command's name and args.
func parseCommon(args []string, stdout io.Writer) (cmd string, rest []string, c common, err error) {
	fs := newFlagSet("bot", &c, stdout)
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := parseFlags(fs, args, stdout); err != nil {
		return "", nil, c, err
	}
	rest = fs.Args()
	if *showVersion {
		return "version", nil, c, nil
	}
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	return cmd, rest, c, nil
}

// app is everything a command needs, built once from the configuration.
type app struct {
	cfg     config
	getenv  func(string) string
	log     *slog.Logger
	llm     answer.Completer
	metrics *ops.Metrics
	// live is the corpus answering now; reloads swap it.
	live *live
	// store is the state the chat platforms share; set by serve. sharedVotes is its vote
	// store when the state is in Redis, nil otherwise.
	store       chat.Store
	sharedVotes chat.FeedbackStore
	// followed is, when the state is in Redis, where a platform's questions are followed
	// for edits; nil otherwise.
	followed func(platform string) chat.Followed
	// feedback keeps the votes on answers: sharedVotes, or the feedback file; nil when
	// feedback is off or no chat platform runs. closeFeedback releases it.
	feedback      chat.FeedbackStore
	closeFeedback func()
}

// newApp loads the configuration and the corpus and builds the answer engine. Loading
// stops when ctx is done.
func newApp(ctx context.Context, c common, getenv func(string) string, stderr io.Writer) (*app, error) {
	cfg, err := loadConfig(c.config, getenv)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if c.corpus != "" {
		cfg.Corpus.Dir = c.corpus
	}
	info := readBuildInfo()
	a := &app{cfg: cfg, getenv: getenv, log: newLogger(stderr, cfg.Log.Format, cfg.Log.Level), metrics: ops.NewMetrics(info.Version, info.Commit)}
	if a.llm, err = newLLM(cfg, getenv, a.log, a.metrics); err != nil {
		return nil, usageError{err.Error()}
	}
	cur, err := a.load(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("stopped while loading the articles: %w", ctx.Err())
		}
		return nil, usageError{err.Error()}
	}
	a.live = newLive(cur)
	a.metrics.Indexed(len(cur.docs), cur.chunks)
	a.log.Debug("corpus loaded", "articles", len(cur.docs), "chunks", cur.chunks, "llm", a.llm != nil)
	return a, nil
}

// bot returns the conversation core for platform; limited applies the per-user rate
// limit of chat platforms, and keeps their state in the store they share.
func (a *app) bot(platform string, limited bool) *chat.Bot {
	opts := chat.Options{
		MaxQuestion:  a.cfg.Chat.MaxQuestion,
		HistoryTurns: a.cfg.Chat.HistoryTurns,
		Logger:       a.log,
		Platform:     platform,
		Observe:      a.metrics.Observe,
	}
	if limited {
		opts.RatePerMinute = a.cfg.Chat.RatePerMinute
		opts.Store = a.store
	}
	if a.feedback != nil {
		opts.Feedback = a.feedback
	}
	return chat.New(a.live, opts)
}

// onConnection returns the hook a platform calls when its connection goes up or down.
func (a *app) onConnection(platform string, health *ops.Health) func(up bool) {
	return func(up bool) {
		health.Connection(platform, up)
		a.metrics.Connection(platform, up)
	}
}
