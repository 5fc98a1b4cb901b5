// Command squad measures storybot's retrieval and quote selection on SQuAD v1.1 dev, side
// by side with bleve, and prints one table per run: quality and latency on the corpus as it
// is, then memory and latency on the corpus replicated.
//
// From the repository root:
//
//	go run -C bench ./squad -data ../shared/datasets/squad-dev-v1.1.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"storybot"
	"storybot/answer/answertest"
	"storybot/bench/internal/squadpath"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "squad:", err)
		os.Exit(1)
	}
}

// config is what the flags ask for.
type config struct {
	data           string
	questions      int
	scales         []int
	systems        []string
	scaleQuestions int
	scaleBudget    time.Duration
	bleveBatch     int
	warmup         int
	cpuProfile     string
	misses         string
	json           bool
	fit            string
	story          string
	storyQs        []answertest.Question
}

// systemNames are the systems the benchmark knows, in the order they run.
var systemNames = []string{"storybot", "bleve"}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("squad", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.data, "data", "", "SQuAD v1.1 dev JSON; relative paths are tried from the working directory, then from $PWD (default: "+squadpath.Rel+" in a folder above)")
	fs.IntVar(&c.questions, "questions", 0, "use only the first N questions (0: all)")
	scales := fs.String("scale", "1,10,50", `replication factors for the scale table, e.g. "1,10,50"; "" or "0" skips it`)
	systems := fs.String("systems", strings.Join(systemNames, ","), "systems to measure, comma-separated")
	fs.IntVar(&c.scaleQuestions, "scale-questions", 1000, "questions sampled evenly for the scale table's latency")
	fs.DurationVar(&c.scaleBudget, "scale-budget", 60*time.Second, "time limit for one system's queries at one scale; fewer queries run when it is spent (0: none)")
	fs.IntVar(&c.bleveBatch, "bleve-batch", 0, "documents per bleve batch (0: the whole corpus in one batch)")
	fs.IntVar(&c.warmup, "warmup", 200, "untimed queries before each latency measurement")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	fs.StringVar(&c.misses, "misses", "", "write the questions storybot misses (paragraph not first, or first quote without the answer) to this file as JSON lines")
	fs.BoolVar(&c.json, "json", false, "print the results as JSON instead of tables")
	fs.StringVar(&c.story, "story", storyQuestions, "the story's dev questions, which the fitting learns from with SQuAD's")
	fs.StringVar(&c.fit, "fit", "", "instead of measuring, fit the scorer's weights on every question and write them to this Go file (retrieval/weights_gen.go)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q; flags only", fs.Args())
	}
	if c.questions < 0 || c.scaleQuestions < 1 || c.scaleBudget < 0 || c.bleveBatch < 0 || c.warmup < 0 {
		return c, errors.New("-questions, -scale-budget, -bleve-batch and -warmup must not be negative, -scale-questions must be positive")
	}
	var err error
	if c.scales, err = parseScales(*scales); err != nil {
		return c, err
	}
	if c.systems, err = parseSystems(*systems); err != nil {
		return c, err
	}
	if c.misses != "" && c.systems[0] != "storybot" {
		return c, errors.New("-misses lists storybot's misses: add storybot to -systems")
	}
	return c, nil
}

func parseScales(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("-scale %q: want comma-separated factors from 1 to 1000", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseSystems(s string) ([]string, error) {
	want := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		known := false
		for _, n := range systemNames {
			known = known || n == f
		}
		if !known {
			return nil, fmt.Errorf("-systems: unknown system %q; know %s", f, strings.Join(systemNames, ", "))
		}
		want[f] = true
	}
	var out []string
	for _, n := range systemNames {
		if want[n] {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("-systems: name at least one system")
	}
	return out, nil
}

// run loads the data, measures each system and prints the report.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	began := time.Now()
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.cpuProfile != "" {
		stop, err := startProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	path, err := squadpath.Resolve(cfg.data)
	if err != nil {
		return err
	}
	c, err := loadCorpus(path)
	if err != nil {
		return err
	}
	qs := c.Questions
	if cfg.storyQs, err = answertest.Read(cfg.story); err != nil {
		return err
	}
	if cfg.fit != "" {
		return writeWeights(cfg.fit, c.Docs, qs, cfg.storyQs)
	}
	if cfg.questions > 0 && cfg.questions < len(qs) {
		qs = qs[:cfg.questions]
	}
	rep := &report{
		Machine:    describeMachine(),
		Args:       strings.Join(args, " "),
		Articles:   c.Articles,
		Paragraphs: len(c.Docs),
		Questions:  len(qs),
		Unlocated:  c.Unlocated,
		Warmup:     cfg.warmup,
	}
	progress := func(format string, a ...any) {
		if !cfg.json {
			fmt.Fprintf(stderr, format+"\n", a...)
		}
	}
	if err := measure(ctx, rep, c.Docs, qs, cfg, progress); err != nil {
		return err
	}
	rep.Elapsed = time.Since(began)
	rep.CPU = cpuTime()
	rep.LoadAvgEnd = loadAverage()
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.write(stdout)
}

// startProfile starts a CPU profile written to path; stop ends it and closes the file.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("start CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// measure fills rep with the quality table, the misses file if asked for, and the scale table.
func measure(ctx context.Context, rep *report, docs []storybot.Document, qs []question, cfg config, progress func(string, ...any)) error {
	rows, outcomes, err := measureQuality(ctx, docs, qs, cfg, progress)
	if err != nil {
		return err
	}
	rep.Rows = rows
	if cfg.misses != "" {
		if err := writeMisses(cfg.misses, docs, qs, outcomes); err != nil {
			return err
		}
	}
	if len(cfg.scales) > 0 {
		sample := sampleQuestions(qs, cfg.scaleQuestions)
		rep.ScaleQuestions = len(sample)
		if rep.Scale, err = measureScale(ctx, docs, sample, cfg, progress); err != nil {
			return err
		}
	}
	return nil
}
