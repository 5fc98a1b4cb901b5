package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"storybot"
	"storybot/chat"
	"storybot/llm/llmtest"
	"storybot/seeds"
)

// runBot runs the command end to end with an empty environment.
func runBot(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

func TestAskJSONCitesExactBytes(t *testing.T) {
	t.Parallel()
	out, _, err := runBot(t, "", "ask", "--json", "Who founded Stoke Space?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	var a storybot.Answer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("ask --json printed %q: %v", out, err)
	}
	if a.Question != "Who founded Stoke Space?" || !a.Found || a.Mode != storybot.ModeQuotes || len(a.Citations) == 0 {
		t.Fatalf("ask --json = %+v; want a found quote answer with citations", a)
	}
	text := map[string]string{}
	for _, d := range seeds.Embedded() {
		text[d.Source] = d.Text
	}
	for _, c := range a.Citations {
		src, ok := text[c.Source]
		if !ok {
			t.Fatalf("citation %d names source %q, not an article", c.N, c.Source)
		}
		if c.Start < 0 || c.End > len(src) || c.Start >= c.End || src[c.Start:c.End] != c.Quote {
			t.Errorf("citation %d quote %q is not the bytes [%d,%d) of %s", c.N, c.Quote, c.Start, c.End, c.Source)
		}
	}
}

// The JSON keys are a contract with scripts; check them by name, not through our own types.
func TestAskJSONKeys(t *testing.T) {
	t.Parallel()
	out, _, err := runBot(t, "", "ask", "--json", "Who founded Stoke Space?")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"question", "answer", "found", "mode", "citations"} {
		if _, ok := m[k]; !ok {
			t.Errorf("ask --json lacks key %q: %s", k, out)
		}
	}
	cits, _ := m["citations"].([]any)
	if len(cits) == 0 {
		t.Fatalf("no citations in %s", out)
	}
	c := cits[0].(map[string]any)
	for _, k := range []string{"n", "source", "title", "outlet", "date", "quote", "start", "end"} {
		if _, ok := c[k]; !ok {
			t.Errorf("citation lacks key %q: %v", k, c)
		}
	}
}

func TestAskStdinAnswersEachLineInOrder(t *testing.T) {
	t.Parallel()
	questions := []string{"Who founded Stoke Space?", "", "What rocket is Stoke developing?", strings.Repeat("x", 100_000), "bad \xff\xfe utf8 \x00\x07 Stoke?"}
	out, _, err := runBot(t, strings.Join(questions, "\n")+"\n", "ask", "--json")
	if err != nil {
		t.Fatalf("ask from stdin: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var a storybot.Answer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v", n+1, err)
		}
		if n < len(questions) && a.Question != questions[n] && n != 3 && n != 4 {
			t.Errorf("answer %d is for %q; want %q", n+1, a.Question, questions[n])
		}
		if a.Text == "" {
			t.Errorf("answer %d is empty", n+1)
		}
		n++
	}
	if n != len(questions) {
		t.Fatalf("got %d answers for %d questions", n, len(questions))
	}
}

func TestSummaryJSON(t *testing.T) {
	t.Parallel()
	out, _, err := runBot(t, "", "summary", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var s storybot.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("summary --json printed %q: %v", out, err)
	}
	if s.Text == "" || len(s.Bullets) == 0 {
		t.Fatalf("summary --json = %+v; want bullets", s)
	}
	for i, b := range s.Bullets {
		if len(b.Citations) == 0 {
			t.Errorf("bullet %d %q has no citation", i+1, b.Text)
		}
	}
}

func TestSourcesJSON(t *testing.T) {
	t.Parallel()
	out, _, err := runBot(t, "", "sources", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Sources []source `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != len(seeds.Embedded()) {
		t.Fatalf("sources --json lists %d articles; want %d", len(got.Sources), len(seeds.Embedded()))
	}
}

func TestCorpusFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	article := "Zebra Crossing Daily\n\nThe town council approved a new zebra crossing on Main Street on Tuesday. The crossing will open in March.\n"
	if err := os.WriteFile(filepath.Join(dir, "crossing.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runBot(t, "", "--corpus", dir, "ask", "--json", "When will the zebra crossing open?")
	if err != nil {
		t.Fatal(err)
	}
	var a storybot.Answer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Found || len(a.Citations) == 0 || a.Citations[0].Source != "crossing.txt" || a.Citations[0].Title != "Zebra Crossing Daily" {
		t.Fatalf("ask over --corpus = %+v; want an answer cited to crossing.txt titled by its first line", a)
	}
	// The flag may also follow the command.
	if _, _, err := runBot(t, "", "sources", "--corpus", dir); err != nil {
		t.Fatalf("sources --corpus after the command: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	badYAML := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(badYAML, []byte("retrieval: [k1"), 0o644)
	unknownKey := filepath.Join(t.TempDir(), "unknown.yaml")
	os.WriteFile(unknownKey, []byte("retreival:\n  k1: 1.2\n"), 0o644)
	badValue := filepath.Join(t.TempDir(), "value.yaml")
	os.WriteFile(badValue, []byte("retrieval:\n  b: 7\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"ask", "   "}, "question is empty"},
		{[]string{"ask", "--nope"}, "flag provided but not defined"},
		{[]string{"summary", "extra"}, "no arguments"},
		{[]string{"--corpus", filepath.Join(empty, "missing"), "sources"}, "does not exist"},
		{[]string{"--corpus", empty, "sources"}, "no articles"},
		{[]string{"--config", filepath.Join(empty, "none.yaml"), "sources"}, "none.yaml"},
		{[]string{"--config", badYAML, "sources"}, "bad.yaml"},
		{[]string{"--config", unknownKey, "sources"}, "retreival"},
		{[]string{"--config", badValue, "sources"}, "retrieval.b"},
	}
	for _, tt := range tests {
		_, _, err := runBot(t, "", tt.args...)
		if err == nil || !isUsage(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v; want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestConfigExampleIsValidAndComplete(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := defaultConfig()
	if err := parseConfig(b, &c); err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if !reflect.DeepEqual(c, defaultConfig()) {
		t.Errorf("config.example.yaml does not state the defaults:\n got %+v\nwant %+v", c, defaultConfig())
	}
}

// With no tokens, bot (serve) is the terminal chat: replies in order, follow-ups in context.
func TestRunIsATerminalChatWithoutTokens(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"serve"}, {"chat"}} {
		in := "Who founded Stoke Space?\nWhat rocket is it developing?\n/summary\nWho won the 2018 World Cup?\n"
		out, _, err := runBot(t, in, args...)
		if err != nil {
			t.Fatalf("run(%q): %v", args, err)
		}
		replies := strings.Split(strings.TrimSpace(out), "\n\n")
		for _, want := range []string{"Blue Origin", "Nova", "Summary", "couldn't find"} {
			if !strings.Contains(out, want) {
				t.Errorf("run(%q) output lacks %q:\n%s", args, want, out)
			}
		}
		if i, j := strings.Index(out, "Blue Origin"), strings.LastIndex(out, "couldn't find"); i > j {
			t.Errorf("run(%q) replies are out of order:\n%s", args, out)
		}
		if len(replies) < 4 {
			t.Errorf("run(%q) printed %d paragraphs; want a reply to each of 4 lines", args, len(replies))
		}
	}
}

// With OPENAI_BASE_URL set, ask answers through the LLM and says so; when the LLM's
// answer cites nothing, it falls back to quotes and says why.
func TestAskWithLLM(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply    string
		wantMode storybot.Mode
		wantText string
	}{
		{"Stoke Space was founded by former Blue Origin engineers [1].", storybot.ModeLLM, chat.LLMNote},
		{"Stoke Space was founded by former Blue Origin engineers.", storybot.ModeQuotes, "showing quotes"},
	}
	for _, tt := range tests {
		fake := llmtest.New(t, func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Text: tt.reply} })
		cfg := filepath.Join(t.TempDir(), "config.yaml")
		os.WriteFile(cfg, []byte("llm:\n  model: test-model\n  timeout: 20s\n"), 0o644)
		env := map[string]string{"OPENAI_BASE_URL": fake.BaseURL()}
		getenv := func(k string) string { return env[k] }
		for _, asJSON := range []bool{true, false} {
			args := []string{"--config", cfg, "ask", "Who founded Stoke Space?"}
			if asJSON {
				args = []string{"--config", cfg, "ask", "--json", "Who founded Stoke Space?"}
			}
			var out, errOut bytes.Buffer
			if err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut); err != nil {
				t.Fatalf("run(%q): %v", args, err)
			}
			if !asJSON {
				if !strings.Contains(out.String(), tt.wantText) {
					t.Errorf("LLM reply %q: ask printed %q; want it to say %q", tt.reply, out.String(), tt.wantText)
				}
				continue
			}
			var a storybot.Answer
			if err := json.Unmarshal(out.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			if a.Mode != tt.wantMode || len(a.Citations) == 0 {
				t.Errorf("LLM reply %q: ask --json = mode %q with %d citations; want mode %q, cited", tt.reply, a.Mode, len(a.Citations), tt.wantMode)
			}
		}
		if len(fake.Requests()) == 0 {
			t.Errorf("the LLM was never asked")
		}
	}
}

func TestHelpExitsCleanly(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"ask", "-h"}, {"summary", "--help"}} {
		out, errOut, err := runBot(t, "", args...)
		if err != nil {
			t.Errorf("run(%q) = %v; want nil", args, err)
		}
		if !strings.Contains(out+errOut, "Usage: bot") {
			t.Errorf("run(%q) printed no usage", args)
		}
	}
}
