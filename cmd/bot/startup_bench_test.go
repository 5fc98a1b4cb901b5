package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkAskProcess times `bot ask` on the embedded story as a user runs it, a whole
// process, against the same binary's `bot version`, the process start-up alone, taking
// turns so that a change in the machine's load falls on both. It reports each in ms and
// their ratio, ask/start-up, which issue 9 bounds at 3:
//
//	go test -run XXX -bench AskProcess ./cmd/bot/
func BenchmarkAskProcess(b *testing.B) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		b.Fatalf("building the bot needs the go command on PATH: %v", err)
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "bot")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	// No token, no LLM key, no configuration: the quote-only answer a fresh install gives.
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	runOnce := func(args ...string) (string, time.Duration) {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, dir
		t := time.Now()
		out, err := cmd.Output()
		took := time.Since(t)
		if err != nil {
			b.Fatalf("bot %s: %v", strings.Join(args, " "), err)
		}
		return string(out), took
	}
	if out, _ := runOnce("ask", "Who founded Stoke Space?"); !strings.Contains(out, "Blue Origin") {
		b.Fatalf("bot ask did not answer from the articles:\n%s", out)
	}
	var start, ask time.Duration
	for b.Loop() {
		_, s := runOnce("version")
		_, a := runOnce("ask", "Who founded Stoke Space?")
		start, ask = start+s, ask+a
	}
	n := float64(b.N)
	b.ReportMetric(float64(start.Microseconds())/1000/n, "start-up-ms")
	b.ReportMetric(float64(ask.Microseconds())/1000/n, "ask-ms")
	b.ReportMetric(float64(ask)/float64(start), "ask/start-up")
}
