package main

import (
	"runtime"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		out, errOut, err := runBot(t, "", args...)
		if err != nil || errOut != "" {
			t.Fatalf("run(%q) = %v, stderr %q", args, err, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "storybot ") || !strings.HasPrefix(lines[1], "commit: ") ||
			!strings.HasPrefix(lines[2], "date:") || !strings.Contains(lines[3], runtime.Version()) {
			t.Errorf("run(%q) printed %q; want storybot VERSION, then commit, date and Go version lines", args, out)
		}
	}
	if _, _, err := runBot(t, "", "version", "extra"); err == nil || !isUsage(err) {
		t.Errorf("version extra = %v; want a usage error", err)
	}
}

// Each command's -h prints its own synopsis and flags to stdout, and nothing to stderr.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"ask", "-h"}, []string{"Usage: bot ask", "-json", "-config", "-corpus"}},
		{[]string{"summary", "--help"}, []string{"Usage: bot summary", "-json"}},
		{[]string{"sources", "-h"}, []string{"Usage: bot sources", "-json"}},
		{[]string{"chat", "-h"}, []string{"Usage: bot chat", "arrows"}},
		{[]string{"serve", "-h"}, []string{"Usage: bot serve", "SIGHUP", "/readyz"}},
		{[]string{"version", "-h"}, []string{"Usage: bot version"}},
		{[]string{"-h"}, []string{"Usage: bot [--config FILE]", "Commands:", "STORYBOT_"}},
	}
	for _, tt := range tests {
		out, errOut, err := runBot(t, "", tt.args...)
		if err != nil || errOut != "" {
			t.Errorf("run(%q) = %v, stderr %q; want help on stdout only", tt.args, err, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("run(%q) printed %q; want it to mention %q", tt.args, out, w)
			}
		}
	}
	if out, _, _ := runBot(t, "", "ask", "-h"); strings.Contains(out, "-version") {
		t.Errorf("ask -h lists bot's own -version flag:\n%s", out)
	}
}

// A usage mistake prints nothing itself: main prints the error once, with one prefix.
func TestUsageErrorPrintedOnce(t *testing.T) {
	t.Parallel()
	out, errOut, err := runBot(t, "", "ask", "--nope")
	if out != "" || errOut != "" {
		t.Errorf("ask --nope printed stdout %q, stderr %q; want nothing (main prints the error)", out, errOut)
	}
	if err == nil || strings.Count(err.Error(), "flag provided but not defined") != 1 || strings.HasPrefix(err.Error(), "bot:") {
		t.Errorf("ask --nope = %v; want one error without a prefix of its own", err)
	}
	if !strings.Contains(err.Error(), "bot ask -h") {
		t.Errorf("ask --nope = %v; want it to point at 'bot ask -h'", err)
	}
}
