package llm_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"storybot/llm"
	"storybot/llm/llmtest"
)

func TestEmbed(t *testing.T) {
	fake := llmtest.NewEmbeddings(t, 24)
	e, err := llm.NewEmbedder(llm.Config{BaseURL: fake.BaseURL()}, "nomic-embed-text")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i := range 150 {
		texts = append(texts, fmt.Sprintf("text number %d", i))
	}
	texts = append(texts, "Stoke Space", "stoke space")
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil || len(vecs) != len(texts) {
		t.Fatalf("Embed(%d texts) = %d vectors, %v", len(texts), len(vecs), err)
	}
	for i, v := range vecs {
		if len(v) != 24 {
			t.Errorf("vector %d has %d dimensions; want 24", i, len(v))
		}
	}
	if fmt.Sprint(vecs[150]) != fmt.Sprint(vecs[151]) || fmt.Sprint(vecs[0]) == fmt.Sprint(vecs[150]) {
		t.Errorf("vectors are out of order: the same words embed differently, or different ones alike")
	}
	if n, reqs := fake.Inputs(); n != len(texts) || reqs != 3 {
		t.Errorf("the server embedded %d texts in %d requests; want %d in 3 batches", n, reqs, len(texts))
	}
}

func TestEmbedFails(t *testing.T) {
	if _, err := llm.NewEmbedder(llm.Config{BaseURL: "http://127.0.0.1:1/v1"}, " "); err == nil {
		t.Errorf("NewEmbedder without a model name succeeded")
	}
	fake := llmtest.NewEmbeddings(t, 8)
	e, err := llm.NewEmbedder(llm.Config{BaseURL: fake.BaseURL()}, "m")
	if err != nil {
		t.Fatal(err)
	}
	fake.Fail(true)
	if _, err := e.Embed(context.Background(), []string{"a"}); err == nil {
		t.Errorf("Embed against a failing server succeeded")
	}
	fake.Fail(false)
	fake.Hang(true)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := e.Embed(ctx, []string{"a"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Embed against a hanging server: error = %v; want the deadline", err)
	}
}
