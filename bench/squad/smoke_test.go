package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bench/internal/squadpath"
)

// smokeData finds the SQuAD file for the smoke test: $SQUAD_DATA, else shared/ beside the
// clone. CI always has it, so its absence is a failure, not a reason to skip.
func smokeData(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SQUAD_DATA"); p != "" {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := squadpath.Find(wd)
	if !ok {
		t.Fatalf("SQuAD dev set not found: want %s in a folder above %s (shared/ beside the clone), or set SQUAD_DATA", squadpath.Rel, wd)
	}
	return p
}

// TestSmoke runs the whole harness on a few hundred questions and a small scale table and
// checks that the figures are sane and the tables complete.
func TestSmoke(t *testing.T) {
	data := smokeData(t)
	var out, errs bytes.Buffer
	missFile := filepath.Join(t.TempDir(), "misses.jsonl")
	args := []string{"-data", data, "-questions", "300", "-scale", "1,2", "-scale-questions", "100", "-warmup", "20", "-misses", missFile, "-json", "-story", "../../answer/testdata/dev.txt"}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("run(%q) = %v; stderr:\n%s", args, err, errs.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("run -json printed invalid JSON: %v\n%s", err, out.String())
	}
	if rep.Paragraphs != 2067 || rep.Articles != 48 || rep.Questions != 300 {
		t.Errorf("corpus = %d articles, %d paragraphs, %d questions; want 48, 2067, 300", rep.Articles, rep.Paragraphs, rep.Questions)
	}
	if len(rep.Rows) != 2 {
		t.Fatalf("got %d rows; want storybot and bleve", len(rep.Rows))
	}
	checkRows(t, rep.Rows)
	// Any real retrieval finds the paragraph in its top five for most questions (storybot's
	// first BM25F measured 0.88 on these, bleve 0.86); the placeholder measured 0.48.
	const floor = 0.7
	if sb := rep.Rows[0]; sb.System != "storybot" || sb.Quality.Top5 < floor {
		t.Errorf("first row %s top-5 = %.3f; want storybot with at least %.2f", sb.System, sb.Quality.Top5, floor)
	}
	if bl := rep.Rows[1]; bl.Quality.Top5 < 0.7 {
		t.Errorf("bleve top-5 = %.3f; want at least 0.7 (it measured 0.93 on the whole set)", bl.Quality.Top5)
	}
	if len(rep.Scale) != 4 {
		t.Fatalf("got %d scale rows; want 2 systems × 2 scales", len(rep.Scale))
	}
	for _, s := range rep.Scale {
		if s.Docs != 2067*s.Scale || s.Heap <= 0 || s.Tokens <= 0 || s.Search.N == 0 {
			t.Errorf("scale row %+v: want %d docs, positive heap, tokens and queries", s, 2067*s.Scale)
		}
	}
	checkMisses(t, missFile, rep.Rows[0].Quality)
	var table bytes.Buffer
	if err := rep.write(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| storybot |", "| " + bleveLabel + " |", "| storybot | ×2 |", "bytes per indexed token"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.json"
	if err := os.WriteFile(bad, []byte(`{"data": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := dir + "/empty.json"
	if err := os.WriteFile(empty, []byte(`{"data": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-data", dir + "/missing.json"}, "read SQuAD data"},
		{[]string{"-data", bad}, "not SQuAD v1.1 JSON"},
		{[]string{"-data", empty}, "no paragraphs"},
		{[]string{"-data", bad, "-systems", "lucene"}, `unknown system "lucene"`},
		{[]string{"-data", bad, "-scale", "1,x"}, "-scale"},
		{[]string{"-data", bad, "extra"}, "unexpected arguments"},
		{[]string{"-data", bad, "-systems", "bleve", "-misses", dir + "/m"}, "add storybot"},
	} {
		var out, errs bytes.Buffer
		err := run(context.Background(), tc.args, &out, &errs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v; want an error containing %q", tc.args, err, tc.want)
		}
	}
}

// checkMisses reads the misses file: one line per question storybot got wrong, as many as
// its top-1 and first-sentence rates imply at least.
func checkMisses(t *testing.T, path string, q quality) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, l := range lines {
		var m miss
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("misses line %q: %v", l, err)
		}
		if m.Rank == 1 && m.QuoteHolds {
			t.Errorf("misses lists %s, which storybot got right", m.ID)
		}
	}
	wrong := max(1-q.Top1, 1-q.Sentence1) * float64(q.Questions)
	if float64(len(lines)) < wrong-0.5 {
		t.Errorf("misses has %d lines; want at least %.0f", len(lines), wrong)
	}
}

// checkRows checks that every row's figures are possible ones.
func checkRows(t *testing.T, rows []row) {
	t.Helper()
	for _, r := range rows {
		q := r.Quality
		for name, v := range map[string]float64{"top-1": q.Top1, "top-5": q.Top5, "MRR@10": q.MRR, "sentence": q.Sentence1, "in answer": q.SentenceInAnswer} {
			if v < 0 || v > 1 {
				t.Errorf("%s %s = %v; want a rate in [0, 1]", r.System, name, v)
			}
		}
		if q.Top1 > q.Top5 || q.MRR < q.Top1 || q.MRR > q.Top5+(1-q.Top5)/6 {
			t.Errorf("%s: top-1 %.3f, top-5 %.3f, MRR %.3f are inconsistent", r.System, q.Top1, q.Top5, q.MRR)
		}
		if q.Sentence1 > q.SentenceInAnswer {
			t.Errorf("%s: first sentence %.3f beats the whole answer %.3f", r.System, q.Sentence1, q.SentenceInAnswer)
		}
		if r.Index <= 0 || r.Search.P50 <= 0 || r.Search.P99 < r.Search.P50 || r.Search.N != 300 {
			t.Errorf("%s: index %v, latency %+v; want positive times, p99 >= p50, 300 queries", r.System, r.Index, r.Search)
		}
	}
}

// TestQuoteGroupsOfRealAnswers reads real quote-only answers: every citation belongs to a
// quote and there are at most three quotes, so the first-quote figure reads the answer the
// way a person does, whatever the answer engine's Markdown looks like now.
func TestQuoteGroupsOfRealAnswers(t *testing.T) {
	c, err := loadCorpus(smokeData(t))
	if err != nil {
		t.Fatal(err)
	}
	sb := newStorybot(c.Docs)
	sb.prepare()
	found := 0
	for _, q := range sampleQuestions(c.Questions, 100) {
		a := sb.eng.Ask(context.Background(), q.Text, nil, nil)
		groups := quoteGroups(a, sb.docOf)
		if !a.Found {
			continue
		}
		found++
		cited := map[span]bool{}
		for _, g := range groups {
			for _, s := range g {
				cited[s] = true
			}
		}
		if len(groups) == 0 || len(groups) > maxQuoted || len(cited) != len(a.Citations) {
			t.Errorf("Ask(%q): %d citations read as quotes %v; want 1 to %d quotes covering every citation\n%s",
				q.Text, len(a.Citations), groups, maxQuoted, a.Text)
		}
	}
	if found < 50 {
		t.Errorf("storybot answered %d of 100 SQuAD questions; want most", found)
	}
}
