package main

import (
	"context"
	"io"
	"os"

	"storybot/console"
)

// runChat runs the terminal chat.
func runChat(ctx context.Context, args []string, c common, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("chat", &c, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("chat takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(c, getenv, stderr)
	if err != nil {
		return err
	}
	return terminalChat(ctx, a, stdin, stdout)
}

// runServe runs every platform whose credentials are set, or the terminal chat when none are.
func runServe(ctx context.Context, args []string, c common, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", &c, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(c, getenv, stderr)
	if err != nil {
		return err
	}
	var closeStore func()
	if a.store, closeStore, err = newStore(ctx, a.cfg, getenv, a.log); err != nil {
		return usageError{err.Error()}
	}
	defer closeStore()
	ps, err := a.platforms(getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(ps) == 0 {
		return terminalChat(ctx, a, stdin, stdout)
	}
	// Before connecting, so the first message is answered at full speed.
	a.engine.Prepare()
	return a.serve(ctx, ps)
}

// terminalChat is the chat on stdin and stdout. When stdin is not a terminal (a pipe or a
// file) only the replies are printed, so the output can be read by another program.
func terminalChat(ctx context.Context, a *app, stdin io.Reader, stdout io.Writer) error {
	return console.Run(ctx, a.bot(false), stdin, stdout, console.Options{Logger: a.log, Quiet: !isTerminal(stdin)})
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
