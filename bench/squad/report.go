package main

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// canonicalCommand is the documented one-line command, run from the repository root.
const canonicalCommand = "go run -C bench ./squad -data ../shared/datasets/squad-dev-v1.1.json"

// report is everything one run measured.
type report struct {
	Machine machine
	// LoadAvgEnd is the 1-minute load average when the run ended.
	LoadAvgEnd string
	// Args are the run's command-line arguments.
	Args           string
	Articles       int
	Paragraphs     int
	Questions      int
	Unlocated      int
	Warmup         int
	Rows           []row
	ScaleQuestions int
	Scale          []scaleRow
	Elapsed        time.Duration
	CPU            time.Duration
}

// write prints the report as Markdown tables.
func (r *report) write(out io.Writer) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# storybot on SQuAD v1.1 dev, side by side with bleve\n\n")
	fmt.Fprintf(w, "Regenerate from the repository root, with the team's shared/ beside the clone (bench/README.md says what is measured and how):\n\n    %s > BENCHMARKS.md\n\n", canonicalCommand)
	fmt.Fprintf(w, "This run: %s, arguments `%s`. Machine: %s, %s at the end.\n\n", r.Machine.Date, r.Args, r.Machine, r.LoadAvgEnd)
	fmt.Fprintf(w, "SQuAD v1.1 dev: %d articles, %d paragraphs (one document each, paragraph text only, no title), %d questions, each against every paragraph.\n",
		r.Articles, r.Paragraphs, r.Questions)
	if r.Unlocated > 0 {
		fmt.Fprintf(w, "%d gold answers could not be located in their paragraph and count as misses.\n", r.Unlocated)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| system | index | p50 query | p99 query | top-1 | top-5 | MRR@10 | 1st quoted sentence holds answer | answer within quote (≤3 sentences) | p50 answer | sentences from |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	for _, x := range r.Rows {
		q := x.Quality
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.3f | %s | %s | %s | %s |\n",
			x.System, dur(x.Index), dur(x.Search.P50), dur(x.Search.P99),
			pct(q.Top1), pct(q.Top5), q.MRR, pct(q.Sentence1), pct(q.SentenceInAnswer), dur(x.Answer.P50), x.Sentences)
	}
	if len(r.Rows) == 2 && r.Rows[0].Search.P50 > 0 && r.Rows[1].Search.P50 > 0 {
		fmt.Fprintf(w, "\np50 query: %s is %s than %s (same run).\n", r.Rows[0].System, speedup(r.Rows[0].Search.P50, r.Rows[1].Search.P50), r.Rows[1].System)
	}
	fmt.Fprint(w, "\nFirst answer, with whatever set-up a system leaves for the first question:")
	for i, x := range r.Rows {
		sep := ","
		if i == len(r.Rows)-1 {
			sep = "."
		}
		fmt.Fprintf(w, " %s %s%s", x.System, dur(x.FirstAnswer), sep)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\nQuery = a search for the top 10 paragraphs, timed one at a time on one goroutine after %d warm-up queries, the systems taking turns every 500 questions, with a GC between turns, so that the machine's load falls on both alike. Answer = storybot: the whole quote-only `bot ask` path; bleve: its search, then storybot's quote selection named in the last column. A sentence counts when it is in the question's paragraph and contains a gold answer span; the first quote counts with every article it cites.\n", r.Warmup)
	r.writeGate(w)
	if len(r.Scale) > 0 {
		r.writeScale(w)
	}
	r.writeBar(w)
	fmt.Fprintf(w, "\nWhole run: %s wall clock, %s of CPU.\n", r.Elapsed.Round(time.Second), r.CPU.Round(time.Second))
	return w.Flush()
}

// writeGate prints how storybot decides that the articles cover a question.
func (r *report) writeGate(w io.Writer) {
	for _, x := range r.Rows {
		g := x.Gate
		if g == nil {
			continue
		}
		fmt.Fprintf(w, "\nEvery storybot figure is held out: the scorer's weights are fitted on half of the %d articles (and the story's dev questions) and measured on the other half's questions, then the halves swap (bench/squad/fit.go). ", r.Articles)
		fmt.Fprintf(w, "Whether the articles cover a question is decided by the calibrated confidence of the best sentence; over the same %d questions:\n\n", g.Questions)
		fmt.Fprintln(w, "| top-ranked sentence holds the answer (no gate) | answered | answered, first quote holds the answer | precision | asked of the other half's articles only: answered anyway |")
		fmt.Fprintln(w, "|--:|--:|--:|--:|--:|")
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", pct(g.Ranked1), pct(g.Answered), pct(g.Right), pct(g.Precision), pct(g.Uncovered))
	}
}

// writeScale prints the scale table; each figure in brackets is its ratio to the first scale.
func (r *report) writeScale(w io.Writer) {
	fmt.Fprintf(w, "\nScale: the corpus replicated (every paragraph copied as a distinct document); latency over %d questions sampled evenly, fewer where a row says so. (n×) is the ratio to the first scale.\n\n", r.ScaleQuestions)
	fmt.Fprintln(w, "| system | corpus | paragraphs | index | heap after indexing | bytes per indexed token | p50 query | p99 query | queries |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	first := map[string]scaleRow{}
	for _, x := range r.Scale {
		f, ok := first[x.System]
		if !ok {
			first[x.System], f = x, x
		}
		fmt.Fprintf(w, "| %s | ×%d | %d | %s%s | %s%s | %.0f | %s%s | %s%s | %d |\n",
			x.System, x.Scale, x.Docs,
			dur(x.Index), ratio(float64(x.Index), float64(f.Index), ok),
			mib(x.Heap), ratio(float64(x.Heap), float64(f.Heap), ok),
			x.BytesPerToken,
			dur(x.Search.P50), ratio(float64(x.Search.P50), float64(f.Search.P50), ok),
			dur(x.Search.P99), ratio(float64(x.Search.P99), float64(f.Search.P99), ok),
			x.Search.N)
	}
	fmt.Fprintln(w, "\nTokens: storybot counts retrieval.Terms, bleve its en analyzer's tokens. Heap: runtime.MemStats.HeapAlloc after runtime.GC, minus the same before indexing.")
}

// speedup says how much faster (or slower) a is than b.
func speedup(a, b time.Duration) string {
	if a <= b {
		return fmt.Sprintf("%.1f× faster", float64(b)/float64(a))
	}
	return fmt.Sprintf("%.1f× slower", float64(a)/float64(b))
}

func ratio(x, base float64, show bool) string {
	if !show || base <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%.1f×)", x/base)
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// dur prints a duration with three significant figures in a unit people read at a glance.
func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}
