package console

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"storybot/answer"
	"storybot/chat"
	"storybot/retrieval"
	"storybot/seeds"
)

// newBot returns a Bot over the embedded story, answering with quotes, unlimited.
func newBot() *chat.Bot {
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	return chat.New(answer.New(ix, answer.Options{}), chat.Options{})
}

// chatWith runs a console session over the input and returns what it printed.
func chatWith(t *testing.T, input string, opts Options) string {
	t.Helper()
	var out bytes.Buffer
	if err := Run(context.Background(), newBot(), strings.NewReader(input), &out, opts); err != nil {
		t.Fatalf("Run = %v; want nil", err)
	}
	return out.String()
}

// replies splits a session's output into the replies between prompts.
func replies(out string) []string {
	var rs []string
	for _, part := range strings.Split(out, "\n"+Prompt)[1:] {
		if r := strings.TrimSpace(strings.TrimSuffix(part, "Bye.\n")); r != "" {
			rs = append(rs, r)
		}
	}
	return rs
}

func TestRunSession(t *testing.T) {
	input := strings.Join([]string{
		"/help",
		"",
		"What is Stoke building?",
		"Who founded it?",
		"/summary",
		"/sources",
		"/ask",
		"/frobnicate",
		"@everyone who founded <!here> Stoke Space?\r",
		"What rocket \xff\xfe is Stoke developing?",
		strings.Repeat("a", 100_000),
		"How much revenue does OpenAI expect this year?",
	}, "\n")
	out := chatWith(t, input, Options{})
	if !strings.HasPrefix(out, Greeting+"\n"+Prompt) {
		t.Errorf("output starts %q; want the greeting and a prompt", out[:min(len(out), 120)])
	}
	if !strings.HasSuffix(out, "\nBye.\n") {
		t.Errorf("output ends %q; want a goodbye at the end of input", out[max(0, len(out)-80):])
	}
	rs := replies(out)
	checks := []struct {
		what, want string
	}{
		{"/help", "/summary: the story in a few cited bullets"},
		{"question", "Sources:"},
		{"follow-up", "Blue Origin"},
		{"/summary", "Summary"},
		{"/sources", "The 5 articles I answer from:"},
		{"/ask alone", "What would you like to know"},
		{"unknown command", "I don't know the command /frobnicate"},
		{"pings", "Sources:"},
		{"invalid UTF-8", "Sources:"},
		{"100 kB line", "too long for me (100,000 bytes; I take up to 2,000)"},
		{"last line", "Sources:"},
	}
	if len(rs) != len(checks) {
		t.Fatalf("got %d replies; want %d (the empty line gets none):\n%s", len(rs), len(checks), out)
	}
	for i, c := range checks {
		if !strings.Contains(rs[i], c.want) {
			t.Errorf("reply to %s = %q; want it to contain %q", c.what, rs[i], c.want)
		}
	}
	for _, bad := range []string{"**", "](", "@everyone", "<!here>", "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q; want plain, inert text", bad)
		}
	}
}

func TestRunQuiet(t *testing.T) {
	out := chatWith(t, "/help\n/quit\n/sources\n", Options{Quiet: true})
	if !strings.HasPrefix(out, "I answer questions about one news story") {
		t.Errorf("quiet output starts %q; want the help reply and no greeting", out[:min(len(out), 80)])
	}
	if strings.Contains(out, Prompt) || strings.Contains(out, "Bye.") || strings.Contains(out, "The 5 articles I answer from") {
		t.Errorf("quiet output = %q; want only the help reply: no prompt, no goodbye, nothing after /quit", out)
	}
}

func TestRunEmptyInput(t *testing.T) {
	if got, want := chatWith(t, "", Options{}), Greeting+"\n"+Prompt+"\nBye.\n"; got != want {
		t.Errorf("session on empty input = %q; want %q", got, want)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- Run(ctx, newBot(), pr, &out, Options{Quiet: true}) }()
	if _, err := io.WriteString(pw, "/help\n"); err != nil {
		t.Fatal(err)
	}
	// The pipe now blocks: Run must still return when the context ends.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v; want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// failReader fails every read.
type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("device gone") }

func TestRunErrors(t *testing.T) {
	err := Run(context.Background(), newBot(), strings.NewReader("/help\n"), failWriter{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Run with a failing output = %v; want the write error", err)
	}
	err = Run(context.Background(), newBot(), failReader{}, io.Discard, Options{})
	if err == nil || !strings.Contains(err.Error(), "read input: device gone") {
		t.Errorf("Run with a failing input = %v; want the read error", err)
	}
}

func TestReadLine(t *testing.T) {
	long := strings.Repeat("x", 200_000)
	tests := []struct {
		in    string
		max   int
		lines []string
	}{
		{"a\nb\r\nc", 100, []string{"a", "b", "c"}},
		{"\n\n", 100, []string{"", ""}},
		{long + "\nnext\n", 1000, []string{long[:1000], "next"}},
		{long, 150_000, []string{long[:150_000]}},
	}
	for _, tt := range tests {
		r := bufioReader(tt.in)
		var got []string
		for {
			s, err := ReadLine(r, tt.max)
			if err != nil && (!errors.Is(err, io.EOF) || s == "") {
				break
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(tt.lines, "|") {
			t.Errorf("ReadLine over %d bytes (max %d) = %d lines %.40q; want %d lines %.40q", len(tt.in), tt.max, len(got), got, len(tt.lines), tt.lines)
		}
	}
}

func bufioReader(s string) *bufio.Reader {
	return bufio.NewReaderSize(strings.NewReader(s), 4096)
}

func TestWorking(t *testing.T) {
	var out bytes.Buffer
	p := working(&out, false)
	p("Acme")
	p("Acme bought")
	if got, want := out.String(), "Looking through the articles…\n"; got != want {
		t.Errorf("progress printed %q; want %q once", got, want)
	}
	if working(&out, true) != nil {
		t.Error("quiet output has a progress callback; want none")
	}
}
