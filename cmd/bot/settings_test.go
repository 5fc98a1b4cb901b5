package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The environment wins over the file, which wins over the defaults.
func TestEnvironmentOverridesFile(t *testing.T) {
	t.Parallel()
	path := writeConfig(t, "llm:\n  model: from-file\n  timeout: 20s\nchat:\n  rate_per_minute: 5\n")
	c, err := loadConfig(path, envOf(map[string]string{
		"STORYBOT_LLM_MODEL":            "from-env",
		"STORYBOT_CHAT_RATE_PER_MINUTE": "7",
		"STORYBOT_DISCORD_GUILD_IDS":    "123, 456",
		"STORYBOT_SLACK_COMMANDS_ASK":   "/question",
		"STORYBOT_CORPUS_WATCH":         "false",
		"STORYBOT_OPS_LISTEN":           "127.0.0.1:9090",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.LLM.Model != "from-env" || c.Chat.RatePerMinute != 7 {
		t.Errorf("model %q, rate %d; want the environment's from-env and 7", c.LLM.Model, c.Chat.RatePerMinute)
	}
	if c.LLM.Timeout != 20*time.Second {
		t.Errorf("timeout %v; want the file's 20s", c.LLM.Timeout)
	}
	if c.Answer.MaxQuotes != 3 {
		t.Errorf("max_quotes %d; want the default 3", c.Answer.MaxQuotes)
	}
	if strings.Join(c.Discord.GuildIDs, ",") != "123,456" || c.Slack.Commands.Ask != "/question" || c.Corpus.Watch || c.Ops.Listen != "127.0.0.1:9090" {
		t.Errorf("guild ids %q, ask command %q, watch %v, ops.listen %q; want the environment's", c.Discord.GuildIDs, c.Slack.Commands.Ask, c.Corpus.Watch, c.Ops.Listen)
	}
}

// goType matches the way Go names its types in errors, which a user should never see.
var goType = regexp.MustCompile(`\b(int|int64|float64|bool|string|time\.Duration|main\.config|\[\]string)\b|!!`)

// Every bad setting names the key as written in YAML, or the variable, and what it wants.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		env  map[string]string
		want []string
	}{
		{env: map[string]string{"STORYBOT_CHAT_MAX_QUESTION": "lots"}, want: []string{"STORYBOT_CHAT_MAX_QUESTION", "whole number", "lots"}},
		{env: map[string]string{"STORYBOT_CHAT_MAX_QUESTION": "0"}, want: []string{"STORYBOT_CHAT_MAX_QUESTION", "chat.max_question", "at least 1"}},
		{env: map[string]string{"STORYBOT_RETRIEVAL_B": "NaN"}, want: []string{"STORYBOT_RETRIEVAL_B", "finite"}},
		{env: map[string]string{"STORYBOT_LLM_TIMEOUT": "soon"}, want: []string{"STORYBOT_LLM_TIMEOUT", "duration"}},
		{env: map[string]string{"STORYBOT_CORPUS_WATCH": "maybe"}, want: []string{"STORYBOT_CORPUS_WATCH", "true or false"}},
		{env: map[string]string{"STORYBOT_LOG_FORMAT": "xml"}, want: []string{"STORYBOT_LOG_FORMAT", "text or json"}},
		{file: "chat:\n  max_question: lots\n", want: []string{"line 2", "chat.max_question", "whole number"}},
		{file: "retrieval:\n  k1: .nan\n", want: []string{"retrieval.k1", "finite"}},
		{file: "retrieval:\n  b: .inf\n", want: []string{"retrieval.b", "finite"}},
		{file: "llm:\n  temperature: NaN\n", want: []string{"llm.temperature", "finite"}},
		{file: "retrieval:\n  k1: 1e999\n", want: []string{"retrieval.k1", "finite"}},
		{file: "chat:\n  max_question: 99999999999999999999\n", want: []string{"chat.max_question", "too large"}},
		{file: "slack:\n  max_concurrent: 9223372036854775807\n", want: []string{"slack.max_concurrent", "1 to 1000"}},
		{file: "chat:\n  history_turns: 0\n", want: []string{"chat.history_turns"}},
		{file: "llm:\n  timeout: 30\n", want: []string{"llm.timeout", "duration such as 30s"}},
		{file: "discord:\n  guild_ids: 123\n", want: []string{"discord.guild_ids", "list"}},
		{file: "discord:\n  guild_ids: [[1]]\n", want: []string{"discord.guild_ids"}},
		{file: "chat: 5\n", want: []string{"chat", "section"}},
		{file: "chat:\n  max_questions: 5\n", want: []string{"line 2", "unknown key chat.max_questions"}},
		{file: "- a\n- b\n", want: []string{"the file", "section"}},
		{file: "ops:\n  listen: nine-thousand\n", want: []string{"ops.listen"}},
		{file: "slack:\n  grace: -1s\n", want: []string{"slack.grace", "positive"}},
		{file: "llm:\n  max_retries: 11\n", want: []string{"llm.max_retries"}},
	}
	for _, tt := range tests {
		path := ""
		if tt.file != "" {
			path = writeConfig(t, tt.file)
		}
		_, err := loadConfig(path, envOf(tt.env))
		if err == nil {
			t.Errorf("loadConfig(%q, %v) = nil; want an error", tt.file, tt.env)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("loadConfig(%q, %v) = %q; want it to mention %q", tt.file, tt.env, err, w)
			}
		}
		if m := goType.FindString(err.Error()); m != "" {
			t.Errorf("loadConfig(%q, %v) = %q; it names a Go type (%q)", tt.file, tt.env, err, m)
		}
	}
}

// A huge limit means "no practical limit": questions are still answered.
func TestHugeLimitsStillAnswer(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, "chat:\n  max_question: 9223372036854775807\n  rate_per_minute: 9223372036854775807\nllm:\n  max_tokens: 9223372036854775807\n")
	out, _, err := runBot(t, "", "--config", cfg, "ask", "Who founded Stoke Space?")
	if err != nil || !strings.Contains(out, "Blue Origin") {
		t.Fatalf("ask with huge limits = %q, %v; want the answer", out, err)
	}
}

// config.example.yaml documents every key, each under a comment.
func TestConfigExampleDocumentsEveryKey(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	var walk func(n *yaml.Node, prefix string, commented bool)
	walk = func(n *yaml.Node, prefix string, commented bool) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := join(prefix, k.Value)
			has := commented || k.HeadComment != "" || k.LineComment != ""
			if v.Kind == yaml.MappingNode {
				walk(v, key, has && prefix != "") // a subsection's comment covers its keys
				continue
			}
			documented[key] = has
		}
	}
	walk(doc.Content[0], "", false)
	c := defaultConfig()
	for _, s := range settings(&c) {
		has, ok := documented[s.key]
		switch {
		case !ok:
			t.Errorf("config.example.yaml lacks %s", s.key)
		case !has:
			t.Errorf("config.example.yaml has %s without a comment", s.key)
		}
	}
}
