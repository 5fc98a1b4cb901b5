package vector_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot"
	"storybot/llm/llmtest"
	"storybot/retrieval"
	"storybot/vector"
)

// fakeEmbedder is an in-process Embedder: llmtest.HashEmbedding of each text. It counts
// what it was asked, and fails or stalls when told to.
type fakeEmbedder struct {
	dims     int
	synonyms map[string]string
	fail     bool
	stall    time.Duration
	// failAfter, when positive, fails a request that would take the texts embedded past it.
	failAfter int

	mu    sync.Mutex
	texts int
}

func (f *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if f.fail {
		return nil, errors.New("fake endpoint down")
	}
	if f.stall > 0 {
		select {
		case <-time.After(f.stall):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	if f.failAfter > 0 && f.texts+len(texts) > f.failAfter {
		f.mu.Unlock()
		return nil, errors.New("fake rate limit")
	}
	f.texts += len(texts)
	f.mu.Unlock()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = llmtest.HashEmbedding(t, f.dims, f.synonyms)
	}
	return out, nil
}

func (f *fakeEmbedder) asked() int { f.mu.Lock(); defer f.mu.Unlock(); return f.texts }

var testDocs = []storybot.Document{
	{Source: "a.txt", Title: "Rockets", Text: "Stoke Space builds a fully reusable rocket called Nova in Washington."},
	{Source: "b.txt", Title: "Stalled", Text: "The negotiations with the launch company have cooled since the fall."},
	{Source: "c.txt", Title: "Chips", Text: "Nvidia shares fell thirteen percent last month."},
}

// logBuffer returns a logger writing text lines to the returned buffer.
func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}

func TestBuildCache(t *testing.T) {
	dir := t.TempDir()
	lex := retrieval.New(testDocs, retrieval.DefaultOptions())
	emb := &fakeEmbedder{dims: 32}
	opts := vector.Options{Model: "fake-embed", CacheDir: dir}

	_, cold, err := vector.Build(context.Background(), lex, emb, opts)
	if err != nil || cold.Embedded != lex.NumChunks() || cold.Cached != 0 || cold.CacheBytes == 0 {
		t.Fatalf("cold Build = %+v, %v; want every chunk embedded and a cache file", cold, err)
	}
	_, warm, err := vector.Build(context.Background(), lex, emb, opts)
	if err != nil || warm.Embedded != 0 || warm.Cached != lex.NumChunks() || emb.asked() != lex.NumChunks() {
		t.Fatalf("warm Build = %+v, %v (embedder asked %d texts); want every chunk from the cache", warm, err, emb.asked())
	}
	// Another model never reads this model's vectors.
	if _, other, err := vector.Build(context.Background(), lex, emb, vector.Options{Model: "other", CacheDir: dir}); err != nil || other.Cached != 0 {
		t.Errorf("Build for another model = %+v, %v; want nothing cached", other, err)
	}
	// A changed article: only its chunk is embedded again.
	changed := append([]storybot.Document(nil), testDocs...)
	changed[2].Text = "Nvidia shares rose last month."
	_, st, err := vector.Build(context.Background(), retrieval.New(changed, retrieval.DefaultOptions()), emb, opts)
	if err != nil || st.Embedded != 1 || st.Cached != lex.NumChunks()-1 {
		t.Errorf("Build after one article changed = %+v, %v; want one chunk embedded", st, err)
	}
}

func TestBuildCorruptCache(t *testing.T) {
	dir := t.TempDir()
	lex := retrieval.New(testDocs, retrieval.DefaultOptions())
	emb := &fakeEmbedder{dims: 16}
	opts := vector.Options{Model: "m", CacheDir: dir}
	if _, _, err := vector.Build(context.Background(), lex, emb, opts); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.vec"))
	if len(files) != 1 {
		t.Fatalf("cache files = %q; want one", files)
	}
	for _, garbage := range []string{"", "not a cache", "storybot-vectors-1\n\x10\x00\x00\x00\x05\x00\x00\x00short"} {
		os.WriteFile(files[0], []byte(garbage), 0o644)
		log, buf := logBuffer()
		opts.Logger = log
		_, st, err := vector.Build(context.Background(), lex, emb, opts)
		if err != nil || st.Embedded != lex.NumChunks() {
			t.Errorf("Build over a cache of %q = %+v, %v; want every chunk embedded again", garbage, st, err)
		}
		if garbage != "" && !strings.Contains(buf.String(), "level=WARN") {
			t.Errorf("a corrupt cache was not logged: %q", buf.String())
		}
	}
}

func TestBuildFails(t *testing.T) {
	lex := retrieval.New(testDocs, retrieval.DefaultOptions())
	if _, _, err := vector.Build(context.Background(), lex, &fakeEmbedder{dims: 8, fail: true}, vector.Options{Model: "m"}); err == nil {
		t.Errorf("Build with a failing embedder succeeded")
	}
	if _, _, err := vector.Build(context.Background(), lex, &fakeEmbedder{dims: 8}, vector.Options{}); err == nil {
		t.Errorf("Build without a model name succeeded")
	}
}

// A question in other words than the article's finds it through its vector; when the
// question cannot be embedded, search is lexical and says so.
func TestSearch(t *testing.T) {
	// Words WordNet does not tie to the article's own, so that lexical search, which
	// follows WordNet, misses b.txt.
	const q = "Is the courtship of the Nova maker's spaceflight rival still alive?"
	lex := retrieval.New(testDocs, retrieval.DefaultOptions())
	emb := &fakeEmbedder{dims: 64, synonyms: map[string]string{"courtship": "negotiations", "rival": "company", "spaceflight": "launch"}}
	log, buf := logBuffer()
	v, _, err := vector.Build(context.Background(), lex, emb, vector.Options{Model: "m", Logger: log, QueryTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	has := func(hits []retrieval.Hit, src string) bool {
		for _, h := range hits {
			if testDocs[h.Doc].Source == src {
				return true
			}
		}
		return false
	}
	if has(lex.Search(q, 3), "b.txt") {
		t.Fatalf("lexical search already finds b.txt; the test proves nothing")
	}
	if got := v.Search(context.Background(), q, 3); !has(got, "b.txt") || !has(got, "a.txt") {
		t.Errorf("hybrid Search(%q) = %v; want a.txt (by its words) and b.txt (by its meaning)", q, got)
	}
	for _, tt := range []struct {
		name string
		mod  func()
	}{
		{"failing endpoint", func() { emb.fail = true }},
		{"slow endpoint", func() { emb.fail, emb.stall = false, time.Second }},
	} {
		tt.mod()
		buf.Reset()
		start := time.Now()
		got := v.Search(context.Background(), q, 3)
		want := lex.Search(q, 3)
		if len(got) != len(want) || (len(got) > 0 && got[0].Chunk != want[0].Chunk) {
			t.Errorf("%s: Search = %v; want the lexical ranking %v", tt.name, got, want)
		}
		if time.Since(start) > 900*time.Millisecond {
			t.Errorf("%s: Search took %v; want it within the query timeout", tt.name, time.Since(start))
		}
		if !strings.Contains(buf.String(), "level=WARN") || strings.Contains(buf.String(), "rocket firm") {
			t.Errorf("%s: log = %q; want a warning without the question", tt.name, buf.String())
		}
	}
}

// A build that fails part way keeps what it embedded: the next one resumes there.
func TestBuildResumes(t *testing.T) {
	var docs []storybot.Document
	for i := range 300 {
		docs = append(docs, storybot.Document{Source: fmt.Sprintf("%03d.txt", i), Text: fmt.Sprintf("Article number %d says something about rockets.", i)})
	}
	lex := retrieval.New(docs, retrieval.DefaultOptions())
	dir := t.TempDir()
	emb := &fakeEmbedder{dims: 8, failAfter: 299}
	if _, st, err := vector.Build(context.Background(), lex, emb, vector.Options{Model: "m", CacheDir: dir}); err == nil || st.Embedded == 0 || st.CacheBytes == 0 {
		t.Fatalf("first Build = %+v, %v; want an error after some chunks were embedded and cached", st, err)
	}
	done := emb.asked()
	emb.failAfter = 0
	_, st, err := vector.Build(context.Background(), lex, emb, vector.Options{Model: "m", CacheDir: dir})
	if err != nil || st.Cached != done || st.Embedded != lex.NumChunks()-done {
		t.Errorf("second Build = %+v, %v; want the %d chunks of the first from the cache", st, err, done)
	}
}
