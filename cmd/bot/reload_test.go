package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"storybot/chat"
	"storybot/ops"
	"storybot/seeds"
	"storybot/slack/fakeslack"
)

// newTestApp builds the app over a corpus folder with an article about a zebra crossing,
// with its reloads running until the test ends. Its logs go to the returned buffer.
func newTestApp(t *testing.T, dir string) (*app, *syncBuffer) {
	t.Helper()
	writeArticle(t, dir, "crossing.txt", "Zebra Crossing Daily\n\nThe council painted a new zebra crossing on Mill Road on Monday, the mayor said.\n")
	logs := &syncBuffer{}
	env := map[string]string{"STORYBOT_LOG_LEVEL": "debug"}
	a, err := newApp(context.Background(), common{corpus: dir}, func(k string) string { return env[k] }, logs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.reloads(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	waitFor(t, "the corpus watch to start", func() bool { return strings.Contains(logs.String(), "corpus: reloading on changes") })
	return a, logs
}

func writeArticle(t *testing.T, dir, name, text string) {
	t.Helper()
	// Written beside and renamed into place, as editors and deploy tools do, so that a
	// reload never sees half an article.
	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls until ok holds, failing the test after ten seconds.
var waitFor = fakeslack.Wait

// ask asks bot one question and returns the sources its answer cites.
func ask(bot *chat.Bot, q string) []string {
	r := bot.Handle(context.Background(), chat.Message{Text: q, Direct: true}, nil)
	if r.Answer == nil || !r.Answer.Found {
		return nil
	}
	var srcs []string
	for _, c := range r.Answer.Citations {
		srcs = append(srcs, c.Source)
	}
	return srcs
}

func cites(srcs []string, source string) bool {
	for _, s := range srcs {
		if s == source {
			return true
		}
	}
	return false
}

// An article written into the watched folder is answered from, and cited, within seconds,
// with no restart.
func TestReloadNewArticleIsCited(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The story's five articles beside the test's own, so the time measured is a real
	// corpus being rebuilt.
	for _, d := range seeds.Embedded() {
		writeArticle(t, dir, d.Source, d.Text)
	}
	a, _ := newTestApp(t, dir)
	bot := a.bot("test", false)
	const q = "When will the lighthouse on Gull Island reopen?"
	if srcs := ask(bot, q); cites(srcs, "lighthouse.txt") {
		t.Fatalf("the lighthouse is answered before its article exists: %q", srcs)
	}
	start := time.Now()
	writeArticle(t, dir, "lighthouse.txt", "Gull Island Lighthouse\n\nThe lighthouse on Gull Island will reopen to visitors in April after a two-year restoration, the trust said.\n")
	waitFor(t, "the new article to be cited", func() bool { return cites(ask(bot, q), "lighthouse.txt") })
	t.Logf("written to answerable: %v", time.Since(start).Round(time.Millisecond))
	if got := len(a.live.Sources()); got != 7 {
		t.Errorf("after the reload the bot lists %d sources; want 7", got)
	}
	if srcs := ask(bot, "Where was the zebra crossing painted?"); !cites(srcs, "crossing.txt") {
		t.Errorf("the first article is no longer answered after the reload: %q", srcs)
	}
}

// A manifest that cannot be read fails the reload: the bot keeps answering from the index
// it had, logs why, and counts the failure.
func TestReloadBadManifestKeepsOldIndex(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, logs := newTestApp(t, dir)
	bot := a.bot("test", false)
	writeArticle(t, dir, "manifest.yaml", "articles: [\n")
	waitFor(t, "the failed reload to be logged", func() bool { return strings.Contains(logs.String(), "corpus: reload failed") })
	if !strings.Contains(logs.String(), "manifest.yaml") {
		t.Errorf("the failed reload's log does not say the manifest is why:\n%s", logs)
	}
	if srcs := ask(bot, "Where was the zebra crossing painted?"); !cites(srcs, "crossing.txt") {
		t.Errorf("after a failed reload the bot answers %q; want the old index's article", srcs)
	}
	if got := metricValue(t, a, `storybot_corpus_reloads_total{result="failed"}`); got < 1 {
		t.Errorf("storybot_corpus_reloads_total{result=\"failed\"} = %v; want at least 1", got)
	}
	// Mending the manifest reloads again.
	writeArticle(t, dir, "manifest.yaml", "articles:\n  - file: crossing.txt\n    title: Mill Road gets a crossing\n")
	waitFor(t, "the mended manifest's title", func() bool { return a.live.Sources()[0].Title == "Mill Road gets a crossing" })
}

// A follow-up whose earlier answer cites an article since deleted still gets a reply.
func TestReloadVanishedArticleInMemory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, _ := newTestApp(t, dir)
	writeArticle(t, dir, "lighthouse.txt", "Gull Island Lighthouse\n\nThe lighthouse on Gull Island will reopen to visitors in April, the trust said.\n")
	bot := a.bot("test", false)
	waitFor(t, "the lighthouse article", func() bool { return len(a.live.Sources()) == 2 })
	m := chat.Message{Text: "When will the lighthouse reopen?", Conversation: "c1", Direct: true}
	if r := bot.Handle(context.Background(), m, nil); r.Answer == nil || !r.Answer.Found {
		t.Fatalf("the lighthouse question was not answered: %q", r.Markdown)
	}
	if err := os.Remove(filepath.Join(dir, "lighthouse.txt")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the article to go", func() bool { return len(a.live.Sources()) == 1 })
	m.Text = "Who said so?"
	r := bot.Handle(context.Background(), m, nil)
	if r.Kind != chat.AnswerReply || r.Markdown == "" {
		t.Fatalf("the follow-up got %v %q; want an answer or a polite not-found", r.Kind, r.Markdown)
	}
	for _, c := range r.Answer.Citations {
		if c.Source == "lighthouse.txt" {
			t.Errorf("the follow-up cites the deleted article: %+v", c)
		}
	}
}

// Questions asked while the corpus is reloaded again and again all get answers from one
// whole corpus or the other; -race checks the swap.
func TestQuestionsDuringReloads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, _ := newTestApp(t, dir)
	bot := a.bot("test", false)
	ctx, cancel := context.WithCancel(context.Background())
	reloader := make(chan struct{})
	// reloaded closes once a reload has finished: the askers keep asking until then, so
	// questions and swaps overlap however long a build takes.
	reloaded := make(chan struct{})
	go func() {
		defer close(reloader)
		for i := 0; ctx.Err() == nil; i++ {
			writeArticle(t, dir, "extra.txt", fmt.Sprintf("Extra %d\n\nThe ferry timetable changed for the %d time this year.\n", i, i))
			a.reload(ctx, "test")
			if i == 1 {
				close(reloaded)
			}
		}
	}()
	done := func() bool {
		select {
		case <-reloaded:
			return true
		default:
			return false
		}
	}
	var askers sync.WaitGroup
	for w := range 4 {
		askers.Go(func() {
			// At least 15 questions each, and on until two reloads have finished; the
			// bound keeps a broken reload from hanging the test.
			for i := 0; i < 15 || !done() && i < 20000; i++ {
				if srcs := ask(bot, "Where was the zebra crossing painted?"); !cites(srcs, "crossing.txt") {
					t.Errorf("worker %d question %d during reloads: cited %q; want crossing.txt", w, i, srcs)
				}
				if r := bot.Handle(context.Background(), chat.Message{Text: "/sources", Direct: true}, nil); !strings.Contains(r.Markdown, "Zebra Crossing Daily") {
					t.Errorf("worker %d: /sources during reloads = %q", w, r.Markdown)
				}
			}
		})
	}
	askers.Wait()
	cancel()
	<-reloader
	if got := metricValue(t, a, `storybot_corpus_reloads_total{result="ok"}`); got < 1 {
		t.Errorf("no reload finished while the questions were asked (%v)", got)
	}
}

// metricValue reads one series of the app's metrics from its /metrics endpoint.
func metricValue(t *testing.T, a *app, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	ops.Handler(a.metrics, ops.NewHealth()).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.SplitSeq(rec.Body.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", series, err)
			}
			return v
		}
	}
	return 0
}

// With watching off, SIGHUP reloads the folder of a running terminal chat.
func TestSIGHUPReloadsChat(t *testing.T) {
	dir := t.TempDir()
	writeArticle(t, dir, "crossing.txt", "Zebra Crossing Daily\n\nThe council painted a new zebra crossing on Mill Road on Monday.\n")
	env := map[string]string{"STORYBOT_CORPUS_WATCH": "false"}
	pr, pw := io.Pipe()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"chat", "--corpus", dir}, envOf(env), pr, &stdout, &stderr)
	}()
	waitFor(t, "the chat to listen for SIGHUP", func() bool { return strings.Contains(stderr.String(), "corpus: reloading on changes") })
	if !strings.Contains(stderr.String(), "watch=false") {
		t.Errorf("corpus.watch false still watches: %s", stderr.String())
	}
	writeArticle(t, dir, "lighthouse.txt", "Gull Island Lighthouse\n\nThe lighthouse on Gull Island will reopen to visitors in April, the trust said.\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reload", func() bool { return strings.Contains(stderr.String(), "trigger=SIGHUP") })
	if _, err := io.WriteString(pw, "When will the lighthouse on Gull Island reopen?\n"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the answer citing the new article", func() bool { return strings.Contains(stdout.String(), "Gull Island Lighthouse") })
	pw.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chat returned %v at the end of its input", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("chat did not end with its input")
	}
}
