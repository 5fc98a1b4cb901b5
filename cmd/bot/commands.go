package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"storybot"
	"storybot/chat"
	"storybot/console"
)

// runAsk answers the question in args, or one question per line of stdin.
func runAsk(ctx context.Context, args []string, c common, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", &c, stdout)
	asJSON := fs.Bool("json", false, "print one JSON object per answer")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 && strings.TrimSpace(strings.Join(fs.Args(), " ")) == "" {
		return usagef("ask: the question is empty; try: bot ask \"Who founded Stoke Space?\"")
	}
	a, err := newApp(ctx, c, getenv, stderr)
	if err != nil {
		return err
	}
	bot := a.bot("ask", false)
	answerOne := func(q string) error {
		r := bot.Handle(ctx, chat.Message{Text: "/ask " + q, Direct: true}, nil)
		if *asJSON {
			return writeJSON(stdout, askJSON(q, r))
		}
		_, err := fmt.Fprintln(stdout, terminal(r.Markdown)+"\n")
		return err
	}
	if fs.NArg() > 0 {
		return answerOne(strings.Join(fs.Args(), " "))
	}
	return eachLine(stdin, func(line string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return answerOne(line)
	})
}

// askJSON is the JSON form of the reply to one question, whatever kind of reply it is.
func askJSON(q string, r chat.Reply) storybot.Answer {
	if r.Answer != nil {
		a := *r.Answer
		a.Question = q
		if a.Citations == nil {
			a.Citations = []storybot.Citation{}
		}
		return a
	}
	// A notice (empty or too long a question): no answer, said plainly.
	return storybot.Answer{Question: q, Text: r.Markdown, Mode: storybot.ModeQuotes, Citations: []storybot.Citation{}}
}

// runSummary prints the story's summary.
func runSummary(ctx context.Context, args []string, c common, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("summary", &c, stdout)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("summary takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(ctx, c, getenv, stderr)
	if err != nil {
		return err
	}
	r := a.bot("summary", false).Handle(ctx, chat.Message{Text: "/summary", Direct: true}, nil)
	if *asJSON {
		s := storybot.Summary{Mode: storybot.ModeQuotes, Bullets: []storybot.Bullet{}}
		if r.Summary != nil {
			s = *r.Summary
		}
		return writeJSON(stdout, s)
	}
	_, err = fmt.Fprintln(stdout, terminal(r.Markdown))
	return err
}

// source is one article in the JSON of 'bot sources'.
type source struct {
	Source string `json:"source"`
	Title  string `json:"title"`
	Outlet string `json:"outlet"`
	Date   string `json:"date"`
	URL    string `json:"url,omitempty"`
}

// runSources lists the articles.
func runSources(ctx context.Context, args []string, c common, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sources", &c, stdout)
	asJSON := fs.Bool("json", false, "print the articles as JSON")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sources takes no arguments, got %q", fs.Arg(0))
	}
	a, err := newApp(ctx, c, getenv, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		docs := a.live.Sources()
		out := make([]source, 0, len(docs))
		for _, d := range docs {
			out = append(out, source{Source: d.Source, Title: d.Title, Outlet: d.Outlet, Date: d.Date, URL: d.URL})
		}
		return writeJSON(stdout, map[string]any{"sources": out})
	}
	r := a.bot("sources", false).Handle(ctx, chat.Message{Text: "/sources", Direct: true}, nil)
	_, err = fmt.Fprintln(stdout, terminal(r.Markdown))
	return err
}

// writeJSON prints v as one line of JSON, without escaping <, > and & so quotes read as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// eachLine calls f with each line of r, without its line ending. Lines are cut at
// console.MaxLine, still longer than any question the bot accepts, so a huge line gets
// the "too long" reply rather than an error.
func eachLine(r io.Reader, f func(string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := console.ReadLine(br, console.MaxLine)
		if err == nil || line != "" {
			if ferr := f(line); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
	}
}
