package main

import (
	"context"
	"io"
	"strings"

	"storybot/chat"
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
	ps, err := a.platforms(getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	if len(ps) == 0 {
		return terminalChat(ctx, a, stdin, stdout)
	}
	return a.serve(ctx, ps)
}

// terminalChat is the chat on stdin and stdout. PLACEHOLDER until console lands.
func terminalChat(ctx context.Context, a *app, stdin io.Reader, stdout io.Writer) error {
	bot := a.bot(false)
	return eachLine(stdin, func(line string) error {
		r := bot.Handle(ctx, chat.Message{Text: line, Direct: true, Conversation: "terminal"}, nil)
		_, err := io.WriteString(stdout, terminal(r.Markdown)+"\n\n")
		return err
	})
}

// terminal renders a reply's Markdown for a terminal. PLACEHOLDER until console lands.
func terminal(markdown string) string { return strings.TrimSpace(markdown) }
