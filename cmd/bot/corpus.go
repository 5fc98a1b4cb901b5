package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"storybot"
	"storybot/answer"
	"storybot/retrieval"
	"storybot/seeds"
)

// corpus is one set of articles and the answer engine built over them. A reload builds a
// new one and swaps it in whole.
type corpus struct {
	docs   []storybot.Document
	chunks int
	engine *answer.Engine
}

// live is the corpus answering now; it is the chat.Engine every Bot answers from. Each
// call reads the corpus once, so a question in flight finishes on the corpus it started
// with while a reload swaps in the next one.
type live struct{ p atomic.Pointer[corpus] }

func newLive(c *corpus) *live {
	l := &live{}
	l.p.Store(c)
	return l
}

func (l *live) now() *corpus { return l.p.Load() }

func (l *live) Ask(ctx context.Context, question string, history []storybot.Turn, progress func(string)) storybot.Answer {
	return l.now().engine.Ask(ctx, question, history, progress)
}

func (l *live) Summary(ctx context.Context, progress func(string)) storybot.Summary {
	return l.now().engine.Summary(ctx, progress)
}

func (l *live) Sources() []storybot.Document { return l.now().engine.Sources() }

// load reads the articles (the folder corpus.dir, or the embedded story) and builds their
// engine, with hybrid retrieval when it is configured (chunk vectors cached on disk, so a
// reload embeds only new chunks). It stops when ctx is done.
func (a *app) load(ctx context.Context) (*corpus, error) {
	docs := seeds.Embedded()
	if dir := a.cfg.Corpus.Dir; dir != "" {
		var err error
		docs, err = seeds.LoadDir(ctx, dir, func(file, why string) {
			a.log.Warn("corpus: file skipped", "file", file, "why", why)
		})
		if err != nil {
			return nil, err
		}
	}
	ix := retrieval.New(docs, retrieval.Options{K1: a.cfg.Retrieval.K1, B: a.cfg.Retrieval.B})
	opts := answer.Options{LLM: a.llm, MaxQuotes: a.cfg.Answer.MaxQuotes, ContextTokens: a.cfg.LLM.ContextTokens, Logger: a.log}
	var err error
	if opts.Retriever, err = newRetriever(ctx, a.cfg, ix, a.getenv, a.log); err != nil {
		return nil, err
	}
	return &corpus{docs: docs, chunks: ix.NumChunks(), engine: answer.New(ix, opts)}, nil
}

// reload builds the corpus again, off the hot path, and swaps it in. When that fails the
// corpus answering now stays, and the failure is logged and counted.
func (a *app) reload(ctx context.Context, why string) {
	start := time.Now()
	c, err := a.load(ctx)
	if err == nil {
		// Built before the swap, so that the first question after it is not slow.
		c.engine.Prepare()
		err = ctx.Err()
	}
	if ctx.Err() != nil {
		return // stopping: not a failure of the articles
	}
	a.metrics.Reloaded(err)
	if err != nil {
		a.log.Error("corpus: reload failed; still answering from the articles loaded before", "trigger", why, "err", err)
		return
	}
	a.live.p.Store(c)
	a.metrics.Indexed(len(c.docs), c.chunks)
	a.log.Info("corpus: reloaded", "trigger", why, "articles", len(c.docs), "chunks", c.chunks, "took", time.Since(start).Round(time.Millisecond))
}

// watchQuiet is how long the corpus folder must stay still before it is reloaded: a copy
// or an editor's save is several events.
const watchQuiet = 300 * time.Millisecond

// reloads reloads the corpus whenever its folder changes (when corpus.watch is on) and on
// SIGHUP, one reload at a time, until ctx is done. The embedded story cannot change: a
// SIGHUP is then only logged, rather than ending the process as it would by default.
func (a *app) reloads(ctx context.Context) {
	dir := a.cfg.Corpus.Dir
	if dir == "" {
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				a.log.Info("corpus: SIGHUP, but the built-in story has nothing to reload (set corpus.dir)")
			}
		}
	}
	// One pending reload is enough however many triggers arrive while one runs.
	trigger := make(chan string, 1)
	pull := func(why string) {
		select {
		case trigger <- why:
		default:
		}
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	var wg sync.WaitGroup
	defer wg.Wait()
	watching := false
	if a.cfg.Corpus.Watch {
		w, err := seeds.Watch(dir)
		if err != nil {
			a.log.Error("corpus: cannot watch the folder; SIGHUP still reloads it", "err", err)
		} else {
			defer w.Close()
			watching = true
			wg.Go(func() {
				w.Run(ctx, watchQuiet, func() { pull("folder changed") }, func(err error) {
					a.log.Warn("corpus: watching the folder", "err", err)
				})
			})
		}
	}
	a.log.Info("corpus: reloading on changes", "dir", dir, "watch", watching, "sighup", true)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			pull("SIGHUP")
		case why := <-trigger:
			a.reload(ctx, why)
		}
	}
}
