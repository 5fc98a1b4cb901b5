// Command bot answers questions about a news story, with cited quotes or checked LLM
// answers, in Slack, Discord or a terminal.
//
//	bot [serve]            run every platform whose credentials are set; none: terminal chat
//	bot chat               terminal chat
//	bot ask [--json] [Q]   one answer; no Q: one question per line from stdin
//	bot summary [--json]   the story in cited bullets
//	bot sources [--json]   the articles
//	bot version            the version, commit and commit date of the build
//
// Every command takes --config FILE and --corpus DIR; every configuration key can also be
// set in the environment as STORYBOT_<SECTION>_<KEY>.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "bot: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in how the command was called; main exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is the whole program, with its environment passed in so tests can run it end to end.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

// dispatch runs the command args name.
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, rest, common, err := parseCommon(args, stdout)
	if err != nil {
		return err
	}
	switch cmd {
	case "", "serve":
		return runServe(ctx, rest, common, getenv, stdin, stdout, stderr)
	case "chat":
		return runChat(ctx, rest, common, getenv, stdin, stdout, stderr)
	case "ask":
		return runAsk(ctx, rest, common, getenv, stdin, stdout, stderr)
	case "summary":
		return runSummary(ctx, rest, common, getenv, stdout, stderr)
	case "sources":
		return runSources(ctx, rest, common, getenv, stdout, stderr)
	case "version":
		return runVersion(rest, common, stdout)
	case "help":
		fmt.Fprint(stdout, usageText)
		return nil
	default:
		return usagef("unknown command %q; run 'bot help' for the commands", cmd)
	}
}
