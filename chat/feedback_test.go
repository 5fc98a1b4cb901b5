package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot"
)

func openFeedback(t *testing.T, path string, max int64) *FeedbackFile {
	t.Helper()
	s, err := OpenFeedbackFile(path, max)
	if err != nil {
		t.Fatalf("OpenFeedbackFile: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func vote(answer, user string, v Vote) FeedbackRecord {
	return FeedbackRecord{Answer: answer, Question: "Q " + answer, Mode: storybot.ModeQuotes, Vote: v, Platform: "slack", User: user,
		Citations: []Span{{Source: "a.txt", Start: 1, End: 9}}, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func TestFeedbackFileSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	s := openFeedback(t, path, 0)
	for _, r := range []FeedbackRecord{vote("a1", "u1", VoteUp), vote("a1", "u1", VoteUp), vote("a1", "u1", VoteDown), vote("a1", "u2", VoteUp), vote("a2", "u1", VoteDown)} {
		if _, err := s.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 4 {
		t.Errorf("file has %d lines; want 4 (the repeated vote writes nothing):\n%s", n, b)
	}
	s.Close()

	// A restart reads the votes back: a changed vote stays changed.
	s2 := openFeedback(t, path, 0)
	got, err := s2.Record(ctx, vote("a1", "u1", VoteUp))
	if err != nil || got != (Tally{2, 0}) {
		t.Errorf("after reopening, u1 changes to up: %+v, %v; want {2 0}", got, err)
	}
	if r, ok, _ := s2.Lookup(ctx, "a2"); !ok || r.Question != "Q a2" {
		t.Errorf("after reopening, Lookup(a2) = %+v, %v", r, ok)
	}
}

func TestFeedbackFileTornLine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	good, _ := json.Marshal(vote("a1", "u1", VoteUp))
	// A crash mid-write leaves half a line, and a stray line is not JSON.
	content := string(good) + "\nnot json\n" + string(good[:len(good)/2])
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openFeedback(t, path, 0)
	if s.Skipped() != 2 {
		t.Errorf("Skipped = %d; want 2 (the stray line and the torn one)", s.Skipped())
	}
	if got, err := s.Record(ctx, vote("a1", "u2", VoteDown)); err != nil || got != (Tally{1, 1}) {
		t.Fatalf("Record after a torn line = %+v, %v; want {1 1}", got, err)
	}
	s.Close()
	votes, skipped, err := ReadFeedbackFile(path)
	if err != nil || len(votes) != 2 || skipped != 2 {
		t.Errorf("ReadFeedbackFile = %d votes, %d skipped, %v; want 2 votes and the 2 bad lines skipped", len(votes), skipped, err)
	}
}

func TestFeedbackFileBounded(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	const max = 8 << 10
	s := openFeedback(t, path, max)
	for i := range 300 {
		// Changing votes back and forth: compaction keeps only the standing ones.
		v := VoteUp
		if i%2 == 1 {
			v = VoteDown
		}
		if _, err := s.Record(ctx, vote(fmt.Sprintf("a%d", i/3), "u1", v)); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(path)
	if err != nil || info.Size() > max {
		t.Fatalf("file is %d bytes (%v); want at most %d", info.Size(), err, max)
	}
	votes, _, err := ReadFeedbackFile(path)
	if err != nil || len(votes) == 0 {
		t.Fatalf("ReadFeedbackFile after compaction = %d votes, %v", len(votes), err)
	}
	if last := votes[len(votes)-1]; last.Answer != "a99" || last.Vote != VoteDown {
		t.Errorf("latest vote after compaction = %s %s; want a99 down", last.Answer, last.Vote)
	}
	mem, _ := s.Votes(ctx)
	if len(mem) != len(votes) {
		t.Errorf("the store holds %d votes, its file %d: they must agree", len(mem), len(votes))
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("compaction left its temporary file behind")
	}
}

func TestBotFeedback(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	store := openFeedback(t, path, 0)
	b := newStoryBot(t, Options{Feedback: store})
	r := b.Handle(ctx, dm("What is Stoke building?"), nil)
	if r.ID == "" || r.Kind != AnswerReply {
		t.Fatalf("answer %v has no ID with feedback on", r.Kind)
	}
	if s := b.Handle(ctx, dm("/summary"), nil); s.ID == "" || s.ID == r.ID {
		t.Errorf("summary ID = %q; want one of its own", s.ID)
	}
	if h := b.Handle(ctx, dm("/help"), nil); h.ID != "" {
		t.Errorf("help has ID %q; only answers and summaries are voted on", h.ID)
	}
	tally, err := b.Feedback(ctx, Click{Answer: r.ID, Vote: VoteDown, User: "U1", Platform: "slack"})
	if err != nil || tally != (Tally{0, 1}) {
		t.Fatalf("Feedback = %+v, %v; want {0 1}", tally, err)
	}
	votes, _ := store.Votes(ctx)
	v := votes[0]
	if v.Question != "What is Stoke building?" || v.Mode != storybot.ModeQuotes || len(v.Citations) == 0 ||
		v.Platform != "slack" || v.User != HashUser("slack", "U1") || strings.Contains(v.User, "U1") || v.Time.IsZero() {
		t.Errorf("stored %+v; want the question, mode, citations, platform, time and hashed user", v)
	}
	for _, c := range v.Citations {
		if c.Source == "" || c.End <= c.Start {
			t.Errorf("citation %+v has no source or offsets", c)
		}
	}

	// Another Bot over the same file, as after a restart: the answer is known from its vote.
	store.Close()
	store2 := openFeedback(t, path, 0)
	b2 := newStoryBot(t, Options{Feedback: store2})
	tally, err = b2.Feedback(ctx, Click{Answer: r.ID, Vote: VoteUp, User: "U1", Platform: "slack"})
	if err != nil || tally != (Tally{1, 0}) {
		t.Fatalf("vote changed after a restart = %+v, %v; want {1 0}", tally, err)
	}
	if got, _, _ := store2.Lookup(ctx, r.ID); got.Question != "What is Stoke building?" {
		t.Errorf("after a restart the vote lost its question: %+v", got)
	}

	for _, bad := range []Click{
		{Answer: r.ID, Vote: "meh", User: "U1"},
		{Answer: "../../etc", Vote: VoteUp, User: "U1"},
		{Answer: strings.Repeat("a", 100), Vote: VoteUp, User: "U1"},
		{Answer: r.ID, Vote: VoteUp},
	} {
		if _, err := b2.Feedback(ctx, bad); err == nil {
			t.Errorf("Feedback(%+v) accepted a malformed click", bad)
		}
	}
	if _, err := newStoryBot(t, Options{}).Feedback(ctx, Click{Answer: r.ID, Vote: VoteUp, User: "U1"}); err != ErrNoFeedback {
		t.Errorf("Feedback without a store = %v; want ErrNoFeedback", err)
	}
}

func TestReport(t *testing.T) {
	votes := []FeedbackRecord{
		vote("a1", "u1", VoteDown), vote("a1", "u2", VoteDown), vote("a1", "u3", VoteUp),
		vote("a2", "u1", VoteUp),
		vote("a3", "u1", VoteDown), vote("a3", "u2", VoteDown),
	}
	votes[3].Platform = "discord"
	rep := Report(votes, 10)
	if rep.Answers != 3 || rep.Up != 2 || rep.Down != 4 {
		t.Errorf("Report counts = %d answers, %d up, %d down; want 3, 2, 4", rep.Answers, rep.Up, rep.Down)
	}
	if rep.Platforms["discord"] != (Tally{1, 0}) || rep.Platforms["slack"] != (Tally{1, 4}) {
		t.Errorf("Platforms = %+v", rep.Platforms)
	}
	if len(rep.MostDown) != 2 || rep.MostDown[0].Answer != "a3" || rep.MostDown[1].Answer != "a1" {
		t.Errorf("MostDown = %+v; want a3 (2 down, 0 up) before a1 (2 down, 1 up), not a2", rep.MostDown)
	}
	if got := Report(votes, 1).MostDown; len(got) != 1 {
		t.Errorf("Report(n=1) lists %d answers", len(got))
	}
}

func TestAnsweredEdits(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := NewAnswered(time.Minute, 2, func() time.Time { return now })
	a.Add("m1", "U1", "Who founded Stoke?", []string{"r1"})
	if _, ok := a.Edit("m1", "U2", "Something else", time.Time{}); ok {
		t.Error("someone else's edit was claimed")
	}
	if _, ok := a.Edit("m1", "U1", "  Who founded\nStoke? ", time.Time{}); ok {
		t.Error("an edit that changes only white space was claimed")
	}
	q, ok := a.Edit("m1", "U1", "Who founded Stoke Space?", now.Add(2*time.Second))
	if !ok || q.User != "U1" || q.Replies[0] != "r1" {
		t.Fatalf("Edit = %+v, %v; want the question as answered", q, ok)
	}
	if _, ok := a.Edit("m1", "U1", "Who founded Stoke Space?", now.Add(2*time.Second)); ok {
		t.Error("a redelivered edit was claimed twice")
	}
	// An earlier edit handled late must not undo the later one.
	if _, ok := a.Edit("m1", "U1", "Who founded Stoke", now.Add(time.Second)); ok {
		t.Error("an edit older than the one answered was claimed")
	}
	if _, ok := a.Delete("m1"); !ok {
		t.Error("Delete of an answered question found nothing")
	}
	if _, ok := a.Delete("m1"); ok {
		t.Error("a redelivered delete was claimed twice")
	}
	a.Add("m2", "U1", "q", []string{"r2"})
	now = now.Add(2 * time.Minute)
	if _, ok := a.Edit("m2", "U1", "new", time.Time{}); ok {
		t.Error("an edit after the window was claimed")
	}
	for i := range 5 {
		a.Add(fmt.Sprint("k", i), "U1", "q", []string{"r"})
	}
	if a.Has("k0") || !a.Has("k4") || a.questions.len() > 2 {
		t.Errorf("Answered holds %d questions; want the latest 2", a.questions.len())
	}
}

// A feedback file is outside text (it may be damaged or edited by hand): reading it never
// panics, and every vote read back is whole.
func FuzzReadFeedback(f *testing.F) {
	good, _ := json.Marshal(vote("a1", "u1", VoteUp))
	f.Add(append(good, '\n'))
	f.Add([]byte(string(good) + "\n{\"vote\":\"sideways\"}\n" + string(good[:10])))
	f.Add([]byte("\n\n\xff\xfe\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		records, _, _, err := readFeedback(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("readFeedback: %v", err)
		}
		for _, r := range records {
			if !r.Vote.Valid() || r.Answer == "" || r.User == "" {
				t.Fatalf("readFeedback returned a partial vote %+v", r)
			}
		}
		_ = Report(records, 3)
	})
}
