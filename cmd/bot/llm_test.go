package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"storybot"
	"storybot/llm/llmtest"
)

// With llm.embedding_model set, the bot embeds the chunks once into the cache folder and
// answers through the LLM; an embedding endpoint that fails leaves it answering from
// lexical retrieval, with a warning.
func TestAskWithEmbeddingModel(t *testing.T) {
	t.Parallel()
	passage := regexp.MustCompile(`(?s)<passage id="(\d+)">(.*?)</passage>`)
	fake := llmtest.New(t, func(_ int, r llmtest.Request) llmtest.Reply {
		for _, m := range passage.FindAllStringSubmatch(r.User, -1) {
			if strings.Contains(m[2], "founded by former Blue Origin engineers") {
				return llmtest.Reply{Text: "Stoke Space was founded by former Blue Origin engineers [" + m[1] + "]."}
			}
		}
		return llmtest.Reply{Text: "The articles don't say."}
	})
	emb := llmtest.NewEmbeddings(t, 32)
	fake.ServeEmbeddings(emb)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	cache := filepath.Join(dir, "vectors")
	os.WriteFile(cfg, []byte("llm:\n  model: test-model\n  embedding_model: fake-embed\n  embedding_cache: "+cache+"\n  context_tokens: 1500\n"), 0o644)
	getenv := func(k string) string { return map[string]string{"OPENAI_BASE_URL": fake.BaseURL()}[k] }
	ask := func() (storybot.Answer, string) {
		var out, errOut bytes.Buffer
		args := []string{"--config", cfg, "ask", "--json", "Who founded Stoke Space?"}
		if err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut); err != nil {
			t.Fatalf("run(%q): %v", args, err)
		}
		var a storybot.Answer
		if err := json.Unmarshal(out.Bytes(), &a); err != nil {
			t.Fatalf("ask --json printed %q: %v", out.String(), err)
		}
		return a, errOut.String()
	}
	a, logs := ask()
	if files, _ := filepath.Glob(filepath.Join(cache, "*.vec")); a.Mode != storybot.ModeLLM || len(files) != 1 || !strings.Contains(logs, "hybrid retrieval on") {
		t.Errorf("ask = mode %q, cache files %q, log %q; want an LLM answer, one cache file, hybrid retrieval on", a.Mode, files, logs)
	}
	emb.Fail(true)
	a, logs = ask()
	if a.Mode != storybot.ModeLLM || !strings.Contains(logs, "level=WARN") || strings.Contains(logs, "Who founded") {
		t.Errorf("failing embeddings: ask = mode %q, log %q; want an LLM answer and a warning without the question", a.Mode, logs)
	}
}
