package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/chat"
	"storybot/ops"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// feedbackConfig writes a configuration whose feedback.path is path.
func feedbackConfig(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("feedback:\n  path: "+abs+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestFeedbackReportGolden(t *testing.T) {
	t.Parallel()
	cfg := feedbackConfig(t, "testdata/feedback.jsonl")
	for _, tt := range []struct {
		name   string
		args   []string
		golden string
	}{
		{"text", []string{"--config", cfg, "feedback"}, "testdata/feedback.golden"},
		{"json", []string{"--config", cfg, "feedback", "--json", "--top", "2"}, "testdata/feedback_json.golden"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runBot(t, "", tt.args...)
			if err != nil {
				t.Fatalf("bot %s: %v", strings.Join(tt.args, " "), err)
			}
			if !strings.Contains(stderr, "2 lines") {
				t.Errorf("stderr = %q; want the 2 lines that are not votes counted", stderr)
			}
			if *update {
				if err := os.WriteFile(tt.golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(tt.golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("bot feedback printed\n%s\nwant\n%s", out, want)
			}
		})
	}
	out, _, _ := runBot(t, "", "--config", cfg, "feedback", "--json")
	var rep chat.FeedbackReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("feedback --json is not JSON: %v", err)
	}
	// u1 changed their 👍 on "Where do the talks stand?" to 👎: it counts once, as 👎.
	if rep.Up != 1 || rep.Down != 4 || rep.MostDown[0].Question != "Where do the talks stand?" {
		t.Errorf("report = %+v; want 1 👍, 4 👎, the talks question first", rep)
	}
}

func TestFeedbackReportWithoutVotes(t *testing.T) {
	t.Parallel()
	cfg := feedbackConfig(t, filepath.Join(t.TempDir(), "none.jsonl"))
	out, _, err := runBot(t, "", "--config", cfg, "feedback")
	if err != nil || out != "No votes yet.\n" {
		t.Errorf("feedback with no file = %q, %v; want \"No votes yet.\"", out, err)
	}
	if _, _, err := runBot(t, "", "--config", cfg, "feedback", "--top", "-1"); !isUsage(err) {
		t.Errorf("feedback --top -1 = %v; want a usage error", err)
	}
}

// A feedback file that cannot be opened turns the votes off; the bot still answers.
func TestServeWithoutFeedbackFile(t *testing.T) {
	t.Parallel()
	a := &app{cfg: defaultConfig(), log: newLogger(io.Discard, "text", "error")}
	a.cfg.Feedback.Path = filepath.Join(t.TempDir(), "missing-dir", "feedback.jsonl")
	ps, err := a.platforms(func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x"}[k]
	}, ops.NewHealth())
	if err != nil || len(ps) != 1 || a.feedback != nil {
		t.Errorf("platforms with an unwritable feedback.path = %d platforms, %v, feedback %v; want Slack, no error, no votes", len(ps), err, a.feedback)
	}
}
