package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"sync"

	"storybot/console"
	"storybot/ops"
)

// runChat runs the terminal chat.
func runChat(ctx context.Context, args []string, c common, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("chat", &c, stdout)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("chat takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(ctx, c, getenv, stderr)
	if err != nil {
		return err
	}
	return terminalChat(ctx, a, stdin, stdout)
}

// runServe runs every platform whose credentials are set, or the terminal chat when none are.
func runServe(ctx context.Context, args []string, c common, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", &c, stdout)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(ctx, c, getenv, stderr)
	if err != nil {
		return err
	}
	state, err := newStore(ctx, a.cfg, getenv, a.log)
	if err != nil {
		return usageError{err.Error()}
	}
	defer state.close()
	a.store, a.sharedVotes, a.followed = claimFor(state.store, a.cfg.Chat.DedupeTTL), state.votes, state.followed
	health := ops.NewHealth()
	ps, err := a.platforms(getenv, health)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(ps) == 0 {
		return terminalChat(ctx, a, stdin, stdout)
	}
	if a.closeFeedback != nil {
		defer a.closeFeedback()
	}
	var ln net.Listener
	if addr := a.cfg.Ops.Listen; addr != "" {
		if ln, err = net.Listen("tcp", addr); err != nil {
			return fmt.Errorf("ops.listen: %w", err)
		}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx) // ends the ops server and the reloads on return
	defer cancel()
	if ln != nil {
		a.log.Info("ops: serving /healthz, /readyz and /metrics", "addr", ln.Addr().String())
		wg.Go(func() {
			if err := ops.Serve(ctx, ln, ops.Handler(a.metrics, health), a.log); err != nil {
				a.log.Error("ops: stopped serving", "err", err)
			}
		})
	}
	// Before connecting, so the first message is answered at full speed.
	a.live.now().engine.Prepare()
	health.Indexed()
	wg.Go(func() { a.reloads(ctx) })
	return a.serve(ctx, ps)
}

// terminalChat is the chat on stdin and stdout, its corpus reloaded as it changes. When
// stdin is a terminal its lines can be edited; otherwise (a pipe or a file) only the
// replies are printed, so the output can be read by another program.
func terminalChat(ctx context.Context, a *app, stdin io.Reader, stdout io.Writer) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx) // ends the reloads on return
	defer cancel()
	wg.Go(func() { a.reloads(ctx) })
	opts := console.Options{Logger: a.log, Quiet: !isTerminal(stdin)}
	if in, ok := stdin.(*os.File); ok && !opts.Quiet {
		if out, ok := stdout.(*os.File); ok {
			if e, ok := console.NewEditor(in, out); ok {
				defer e.Close()
				opts.Editor = e
			}
		}
	}
	return console.Run(ctx, a.bot("console", false), stdin, stdout, opts)
}

// terminal renders a reply's Markdown as plain text for a terminal.
func terminal(markdown string) string { return console.Plain(markdown) }

// isTerminal reports whether r is a character device such as a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
