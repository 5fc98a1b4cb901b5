package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"storybot/chat"
	"storybot/chat/redisstate"
)

// openFeedback opens where the chat platforms record votes: Redis when the state is
// shared there, so that every copy's votes are in one place, else the feedback file.
func (a *app) openFeedback() error {
	if a.sharedVotes != nil {
		a.feedback = a.sharedVotes
		return nil
	}
	f, err := chat.OpenFeedbackFile(a.cfg.Feedback.Path, int64(a.cfg.Feedback.MaxBytes))
	if err != nil {
		return fmt.Errorf("feedback.path %q: %w", a.cfg.Feedback.Path, err)
	}
	if n := f.Skipped(); n > 0 {
		a.log.Warn("feedback file has lines that are not votes; they are skipped", "path", a.cfg.Feedback.Path, "lines", n)
	}
	a.feedback, a.closeFeedback = f, func() { f.Close() }
	return nil
}

// runFeedback reports the votes on answers: counts, and the answers with the most 👎.
func runFeedback(args []string, c common, getenv func(string) string, stdout, stderr io.Writer) error {
	fset := newFlagSet("feedback", &c, stdout)
	asJSON := fset.Bool("json", false, "print the report as JSON")
	top := fset.Int("top", 10, "list the `N` answers with the most 👎")
	if err := parseFlags(fset, args, stdout); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usagef("feedback takes no arguments, got %q", fset.Arg(0))
	}
	if *top < 0 {
		return usagef("feedback: --top is %d; it must be 0 or more", *top)
	}
	cfg, err := loadConfig(c.config, getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	votes, err := readVotes(cfg, getenv, stderr)
	if err != nil {
		return err
	}
	rep := chat.Report(votes, *top)
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	_, err = io.WriteString(stdout, feedbackText(rep))
	return err
}

// readVotes reads the standing votes: from Redis when the state is shared there, else
// from the feedback file.
func readVotes(cfg config, getenv func(string) string, stderr io.Writer) ([]chat.FeedbackRecord, error) {
	if url := redisURL(cfg, getenv); url != "" {
		s, err := redisstate.New(url, redisstate.Options{Timeout: cfg.State.RedisTimeout})
		if err != nil {
			return nil, usagef("state.redis_url or REDIS_URL: %v", err)
		}
		defer s.Close()
		votes, err := s.Feedback().Votes(context.Background())
		if err != nil {
			return nil, fmt.Errorf("feedback: the votes are in Redis, which did not answer: %w", err)
		}
		return votes, nil
	}
	if cfg.Feedback.Path == "" {
		return nil, usagef("feedback: feedback.path is empty in the configuration, so no votes are kept")
	}
	votes, skipped, err := chat.ReadFeedbackFile(cfg.Feedback.Path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "bot: %d lines of %s are not votes and were skipped\n", skipped, cfg.Feedback.Path)
	}
	return votes, nil
}

// feedbackText renders a report for a terminal.
func feedbackText(rep chat.FeedbackReport) string {
	var b strings.Builder
	if rep.Answers == 0 {
		return "No votes yet.\n"
	}
	fmt.Fprintf(&b, "%d votes on %d answers: 👍 %d, 👎 %d\n", rep.Up+rep.Down, rep.Answers, rep.Up, rep.Down)
	platforms := make([]string, 0, len(rep.Platforms))
	for p := range rep.Platforms {
		platforms = append(platforms, p)
	}
	sort.Strings(platforms)
	for _, p := range platforms {
		t := rep.Platforms[p]
		name := p
		if name == "" {
			name = "unknown"
		}
		fmt.Fprintf(&b, "  %-8s 👍 %d, 👎 %d\n", name+":", t.Up, t.Down)
	}
	if len(rep.MostDown) == 0 {
		b.WriteString("\nNo answer has a 👎.\n")
		return b.String()
	}
	b.WriteString("\nMost 👎:\n")
	for i, a := range rep.MostDown {
		q := chat.Clean(a.Question)
		if q == "" {
			q = "(question unknown: answer " + a.Answer + ")"
		}
		fmt.Fprintf(&b, "%d. 👎 %d  👍 %d  %q\n", i+1, a.Down, a.Up, q)
		var cites []string
		for _, c := range a.Citations {
			cites = append(cites, fmt.Sprintf("%s [%d, %d)", c.Source, c.Start, c.End))
		}
		mode := string(a.Mode)
		if mode == "" {
			mode = "unknown mode"
		}
		fmt.Fprintf(&b, "   %s; last vote %s\n", mode, a.Last.UTC().Format("2006-01-02 15:04 UTC"))
		if len(cites) > 0 {
			fmt.Fprintf(&b, "   cites %s\n", strings.Join(cites, ", "))
		}
	}
	return b.String()
}
