package answer_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"storybot"
	"storybot/answer"
	"storybot/llm"
	"storybot/llm/llmtest"
	"storybot/retrieval"
	"storybot/seeds"
	"storybot/vector"
)

// hybridSetup returns an engine whose LLM is the oracle and whose retrieval is hybrid,
// through go-openai's embeddings client against the fake embeddings endpoint, with the
// vector cache in dir; and the log it writes.
func hybridSetup(t *testing.T, emb *llmtest.Embeddings, dir string, facts map[string]string) (*answer.Engine, vector.BuildStats, *bytes.Buffer) {
	t.Helper()
	srv := llmtest.New(t, func(_ int, r llmtest.Request) llmtest.Reply { return oracleReply(t, facts, r) })
	c, err := llm.New(llm.Config{BaseURL: srv.BaseURL(), Model: "fake", Timeout: 5 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := llm.NewEmbedder(llm.Config{BaseURL: emb.BaseURL()}, "fake-embed")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	v, st, err := vector.Build(context.Background(), ix, e, vector.Options{Model: e.Model(), CacheDir: dir,
		QueryTimeout: 200 * time.Millisecond, Logger: log})
	if err != nil {
		t.Fatalf("vector.Build: %v", err)
	}
	return answer.New(ix, answer.Options{LLM: c, Retriever: v, Logger: log, ContextTokens: hybridBudget}), st, &logs
}

// hybridBudget is a token budget at which lexical retrieval alone leaves the lawsuit out
// of the prompt for the paraphrase below.
const hybridBudget = 1500

// With an embedding model, a question in other words than the articles' reaches the
// passage that answers it even with a small budget; the vectors are embedded once and
// then read from the cache; and an embedding endpoint that fails or hangs leaves the
// lexical route, with a warning, never an error.
func TestAskLLMHybrid(t *testing.T) {
	const q = "Did the billionaire take the AI lab to court?"
	facts := map[string]string{q: "filed a lawsuit", "What is the name of Stoke's rocket?": "Nova"}
	lexical := answer.New(retrieval.New(seeds.Embedded(), retrieval.DefaultOptions()), answer.Options{ContextTokens: hybridBudget})
	for _, p := range lexical.Context(llmWithin(t), q) {
		if strings.Contains(p.Text, "filed a lawsuit") {
			t.Fatalf("lexical retrieval alone finds the lawsuit for %q; the test proves nothing", q)
		}
	}
	emb := llmtest.NewEmbeddings(t, 256)
	emb.Synonyms = map[string]string{"court": "lawsuit", "take": "filed", "billionaire": "musk"}
	dir := t.TempDir()

	eng, cold, _ := hybridSetup(t, emb, dir, facts)
	texts, _ := emb.Inputs()
	if cold.Embedded == 0 || cold.Cached != 0 || texts != cold.Chunks {
		t.Fatalf("cold cache: %+v, %d texts embedded; want every chunk embedded once", cold, texts)
	}
	a := eng.Ask(llmWithin(t), q, nil, nil)
	llmTrustworthy(t, eng, a)
	if a.Mode != storybot.ModeLLM || !a.Found || !strings.Contains(a.Text, "filed a lawsuit") {
		t.Errorf("hybrid Ask(%q) = %+v; want the LLM's answer with the lawsuit", q, a)
	}

	eng, warm, logs := hybridSetup(t, emb, dir, facts)
	if after, _ := emb.Inputs(); warm.Cached != warm.Chunks || warm.Embedded != 0 || after != texts+1 {
		t.Fatalf("warm cache: %+v, %d texts embedded since; want all from the cache and only the question embedded", warm, after-texts-1)
	}
	for _, mode := range []string{"failing", "hanging"} {
		emb.Fail(mode == "failing")
		emb.Hang(mode == "hanging")
		logs.Reset()
		a := eng.Ask(llmWithin(t), "What is the name of Stoke's rocket?", nil, nil)
		llmTrustworthy(t, eng, a)
		if a.Mode != storybot.ModeLLM || !a.Found {
			t.Errorf("%s embedding endpoint: Ask = %+v; want an LLM answer from lexical retrieval", mode, a)
		}
		if !strings.Contains(logs.String(), "level=WARN msg=\"question not embedded") || strings.Contains(logs.String(), "Stoke's rocket") {
			t.Errorf("%s embedding endpoint: log = %q; want a warning without the question", mode, logs.String())
		}
	}
}

// A failing embedding endpoint at start-up is an error from vector.Build, which the
// caller turns into lexical retrieval.
func TestVectorBuildFailingEndpoint(t *testing.T) {
	emb := llmtest.NewEmbeddings(t, 16)
	emb.Fail(true)
	e, err := llm.NewEmbedder(llm.Config{BaseURL: emb.BaseURL()}, "fake-embed")
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	if _, _, err := vector.Build(context.Background(), ix, e, vector.Options{Model: "fake-embed"}); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("vector.Build against a failing endpoint: error = %v; want the server's 500", err)
	}
}
