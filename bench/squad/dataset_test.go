package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bench/internal/squadpath"
)

func TestParseCorpus(t *testing.T) {
	// "é" takes two bytes: SQuAD counts characters, the corpus counts bytes.
	const data = `{"data":[{"title":"Café","paragraphs":[
		{"context":"Le café est à Paris. It opened in 1686.","qas":[
			{"id":"q1","question":"Where is the café?","answers":[{"text":"Paris","answer_start":14},{"text":"Paris","answer_start":14}]},
			{"id":"q2","question":"When?","answers":[{"text":"1686","answer_start":3}]},
			{"id":"q3","question":"Who?","answers":[{"text":"nobody","answer_start":0}]}]},
		{"context":"Second.","qas":[]}]}]}`
	c, err := parseCorpus([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 1 || len(c.Docs) != 2 || len(c.Questions) != 3 || c.Unlocated != 1 {
		t.Fatalf("parseCorpus = %d articles, %d docs, %d questions, %d unlocated; want 1, 2, 3, 1", c.Articles, len(c.Docs), len(c.Questions), c.Unlocated)
	}
	if c.Docs[1].Source != "Café/1" || c.Docs[0].Title != "" {
		t.Errorf("doc 1 source %q, doc 0 title %q; want %q and no title", c.Docs[1].Source, c.Docs[0].Title, "Café/1")
	}
	text := c.Docs[0].Text
	for i, want := range []string{"Paris", "1686"} {
		q := c.Questions[i]
		if len(q.Gold) != 1 {
			t.Fatalf("question %s gold = %v; want one span", q.ID, q.Gold)
		}
		if got := text[q.Gold[0].Start:q.Gold[0].End]; got != want {
			t.Errorf("question %s gold span = %q; want %q", q.ID, got, want)
		}
	}
	if len(c.Questions[2].Gold) != 0 {
		t.Errorf("question q3 gold = %v; want none", c.Questions[2].Gold)
	}
}

func TestParseCorpusErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "not SQuAD"},
		{`[1,2]`, "not SQuAD"},
		{`{"data":[]}`, "no paragraphs"},
		{`{"data":[{"title":"t","paragraphs":[{"context":"c","qas":[]}]}]}`, "no questions"},
	} {
		_, err := parseCorpus([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseCorpus(%q) = %v; want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func FuzzParseCorpus(f *testing.F) {
	f.Add([]byte(`{"data":[{"title":"T","paragraphs":[{"context":"A b c.","qas":[{"id":"1","question":"b?","answers":[{"text":"b","answer_start":2}]}]}]}]}`))
	f.Add([]byte(`{"data":[{"title":"T","paragraphs":[{"context":"ünï","qas":[{"id":"1","question":"?","answers":[{"text":"ï","answer_start":-4}]}]}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseCorpus(b)
		if err != nil {
			return
		}
		for _, q := range c.Questions {
			for _, g := range q.Gold {
				if g.Doc != q.Doc || g.Start < 0 || g.End > len(c.Docs[g.Doc].Text) || g.Start >= g.End {
					t.Fatalf("question %q: gold span %+v outside its paragraph", q.ID, g)
				}
			}
		}
	})
}

func TestResolveData(t *testing.T) {
	root := t.TempDir()
	caller := filepath.Join(root, "repo")
	work := filepath.Join(caller, "bench")
	file := filepath.Join(root, squadpath.Rel)
	for _, d := range []string{work, filepath.Dir(file)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	// As after `go run -C bench` from the repo: the path is relative to $PWD.
	t.Setenv("PWD", caller)
	for _, in := range []string{"../shared/datasets/squad-dev-v1.1.json", "../../shared/datasets/squad-dev-v1.1.json", "", file} {
		got, err := squadpath.Resolve(in)
		if err != nil {
			t.Errorf("squadpath.Resolve(%q) = %v", in, err)
			continue
		}
		if filepath.Clean(got) != file {
			t.Errorf("squadpath.Resolve(%q) = %q; want %q", in, got, file)
		}
	}
	if _, err := squadpath.Resolve("nowhere.json"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("squadpath.Resolve(missing) = %v; want a not-found error", err)
	}
}
