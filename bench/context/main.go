// Command context measures what storybot's LLM route gives the model on SQuAD v1.1's dev
// set, every paragraph a document: how often the paragraph a question was written for is
// in the prompt at several token budgets (context recall), and what the vector cache
// costs on its 2,067 paragraphs with a fake embedder (time and bytes on disk).
//
//	go run -C bench ./context -data ../shared/datasets/squad-dev-v1.1.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"storybot"
	"storybot/answer"
	"storybot/bench/internal/squadpath"
	"storybot/retrieval"
	"storybot/vector"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "context:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("context", flag.ContinueOnError)
	data := fs.String("data", "", "SQuAD v1.1 `FILE`; relative paths are tried from the working directory, then from $PWD (default: "+squadpath.Rel+" in a folder above)")
	dims := fs.Int("dims", 768, "the fake embedder's vector length (nomic-embed-text: 768; text-embedding-3-small: 1536)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := squadpath.Resolve(*data)
	if err != nil {
		return err
	}
	docs, qs, err := load(path)
	if err != nil {
		return err
	}
	ix := retrieval.New(docs, retrieval.DefaultOptions())
	fmt.Fprintf(out, "SQuAD dev: %d paragraphs, %d chunks, %d questions\n\n", len(docs), ix.NumChunks(), len(qs))
	recall(out, ix, qs)
	return cacheCost(out, ix, qs, *dims)
}

// question is a SQuAD question and the paragraph it was written for.
type question struct {
	text string
	doc  int
}

// load reads the paragraphs and questions of a SQuAD v1.1 file.
func load(path string) ([]storybot.Document, []question, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var f struct {
		Data []struct {
			Title      string `json:"title"`
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					Question string `json:"question"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var docs []storybot.Document
	var qs []question
	for _, a := range f.Data {
		for i, p := range a.Paragraphs {
			for _, q := range p.QAs {
				qs = append(qs, question{q.Question, len(docs)})
			}
			docs = append(docs, storybot.Document{Source: fmt.Sprintf("%s/%d", a.Title, i), Text: p.Context})
		}
	}
	if len(qs) == 0 {
		return nil, nil, fmt.Errorf("%s: no questions", path)
	}
	return docs, qs, nil
}

// recall prints, per token budget, the share of questions whose paragraph is in the prompt.
func recall(out io.Writer, ix *retrieval.Index, qs []question) {
	fmt.Fprintf(out, "context recall (the question's paragraph is in the prompt):\n")
	top5 := 0
	for _, q := range qs {
		for _, h := range ix.Search(q.text, 5) {
			if h.Doc == q.doc {
				top5++
				break
			}
		}
	}
	fmt.Fprintf(out, "  before (5 best chunks):      %5.1f%%\n", pct(top5, len(qs)))
	for _, budget := range []int{1000, 2000, answer.DefaultContextTokens, 6000, 12000} {
		eng := answer.New(ix, answer.Options{ContextTokens: budget})
		in, passages := 0, 0
		start := time.Now()
		for _, q := range qs {
			ps := eng.Context(context.Background(), q.text)
			passages += len(ps)
			for _, p := range ps {
				if p.Doc == q.doc {
					in++
					break
				}
			}
		}
		fmt.Fprintf(out, "  budget %6d tokens:         %5.1f%%  (%.1f passages a prompt, %v a question)\n",
			budget, pct(in, len(qs)), float64(passages)/float64(len(qs)), time.Since(start)/time.Duration(len(qs)))
	}
	fmt.Fprintln(out)
}

// cacheCost prints what building the vector index costs cold and warm, and a query's
// brute-force search.
func cacheCost(out io.Writer, ix *retrieval.Index, qs []question, dims int) error {
	dir, err := os.MkdirTemp("", "storybot-vectors-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	emb := fakeEmbedder{dims: dims}
	opts := vector.Options{Model: "fake", CacheDir: dir}
	fmt.Fprintf(out, "vector cache, fake embedder of %d dimensions (the embedder's own time is not a real model's):\n", dims)
	for _, run := range []string{"cold", "warm"} {
		start := time.Now()
		_, st, err := vector.Build(context.Background(), ix, emb, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s build: %v, %d chunks embedded, %d from the cache, %.1f MB on disk\n",
			run, time.Since(start).Round(time.Millisecond), st.Embedded, st.Cached, float64(st.CacheBytes)/1e6)
	}
	v, _, err := vector.Build(context.Background(), ix, emb, opts)
	if err != nil {
		return err
	}
	n := min(1000, len(qs))
	start := time.Now()
	for _, q := range qs[:n] {
		v.Search(context.Background(), q.text, 60)
	}
	fmt.Fprintf(out, "  hybrid search (fake embedding, BM25, brute-force cosine over every chunk, fusion): %v a query\n",
		time.Since(start)/time.Duration(n))
	return nil
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(b) }

// fakeEmbedder embeds a text as its hashed bag of words: it costs about what reading the
// text costs, so the figures above are the cache's and the search's own.
type fakeEmbedder struct{ dims int }

func (f fakeEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, f.dims)
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[h.Sum32()%uint32(f.dims)]++
		}
		out[i] = v
	}
	return out, nil
}
