package chat

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot"
)

// fakeEngine answers every question with its text and records what it was asked.
type fakeEngine struct {
	mu        sync.Mutex
	questions []string
	histories [][]storybot.Turn
	summaries int
	// progress, when set, is what Ask and Summary report as they write.
	progress []string
	// panicOn makes Ask panic on this question.
	panicOn string
}

func (e *fakeEngine) Ask(ctx context.Context, q string, history []storybot.Turn, progress func(string)) storybot.Answer {
	e.mu.Lock()
	e.questions = append(e.questions, q)
	e.histories = append(e.histories, history)
	e.mu.Unlock()
	if q == e.panicOn {
		panic("engine bug")
	}
	for _, p := range e.progress {
		if progress != nil {
			progress(p)
		}
	}
	return storybot.Answer{
		Question: q, Text: "> Answer to " + q + " [1]", Found: true, Mode: storybot.ModeQuotes,
		Citations: []storybot.Citation{cite(1, docFull, "q")},
	}
}

func (e *fakeEngine) Summary(ctx context.Context, progress func(string)) storybot.Summary {
	e.mu.Lock()
	e.summaries++
	e.mu.Unlock()
	for _, p := range e.progress {
		if progress != nil {
			progress(p)
		}
	}
	return storybot.Summary{Text: "- It happened. [1]", Bullets: []storybot.Bullet{{Text: "It happened.", Citations: []storybot.Citation{cite(1, docFull, "q")}}}}
}

func (e *fakeEngine) Sources() []storybot.Document {
	return []storybot.Document{docFull, docNoURL, docNoTitle}
}

// asked returns the questions the engine was asked, in order.
func (e *fakeEngine) asked() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.questions...)
}

func dm(text string) Message {
	return Message{Text: text, User: "U1", Conversation: "D1", Direct: true}
}

func TestHandleIgnore(t *testing.T) {
	eng := &fakeEngine{}
	b := newBot(eng, Options{})
	for _, m := range []Message{
		{Text: "what is it?", User: "U1", Conversation: "C1"},
		{Text: "/summary", User: "U1", Conversation: "C1"},
		{Text: "/help", User: "U1"},
	} {
		if r := b.Handle(context.Background(), m, nil); r.Kind != Ignore || r.Markdown != "" {
			t.Errorf("Handle(%+v) = %v %q; want Ignore and nothing to send", m, r.Kind, r.Markdown)
		}
	}
	if q := eng.asked(); len(q) != 0 {
		t.Errorf("the engine was asked %q for messages not meant for the bot", q)
	}
	m := Message{Text: "what is it?", User: "U1", Conversation: "C1", Mention: true}
	if r := b.Handle(context.Background(), m, nil); r.Kind != AnswerReply {
		t.Errorf("Handle(mention) = %v; want AnswerReply", r.Kind)
	}
}

func TestHandleCommands(t *testing.T) {
	tests := []struct {
		text     string
		kind     Kind
		asked    string // the question the engine gets, if any
		contains string
	}{
		{"What happened?", AnswerReply, "What happened?", "> Answer to What happened? [1]"},
		{"/ask Who bought it?", AnswerReply, "Who bought it?", "**Sources:**"},
		{"/ask", NoticeReply, "", "What would you like to know"},
		{"/ask ?!", NoticeReply, "", "What would you like to know"},
		{"   ", NoticeReply, "", "What would you like to know"},
		{"\x00\x01\u200b", NoticeReply, "", "What would you like to know"},
		{"/summary", SummaryReply, "", "- It happened. [1]"},
		{"summary", SummaryReply, "", "**Summary**"},
		{"/sources", SourcesReply, "", "Acme buys Widget Co"},
		{"/help", HelpReply, "", "from its 3 articles"},
		{"Hello!", HelpReply, "", "/summary"},
		{"/weather today", NoticeReply, "", "I don't know the command /weather"},
		{"/ask tell @everyone <!here>", AnswerReply, "tell @everyone <!here>", "tell @\u200beveryone ‹!here›"},
		{"/ask line\none\r\ntwo\tthree", AnswerReply, "line one two three", ""},
		{"bad \xff utf8", AnswerReply, "bad \uFFFD utf8", ""},
		{strings.Repeat("why ", 500), AnswerReply, strings.TrimSpace(strings.Repeat("why ", 500)), ""},
		{strings.Repeat("why ", 501), NoticeReply, "", "too long for me (2,003 bytes; I take up to 2,000)"},
		{strings.Repeat("x", 100_000), NoticeReply, "", "too long for me (100,000 bytes"},
		{"/ask " + strings.Repeat("é", 5000), NoticeReply, "", "too long"},
	}
	for _, tt := range tests {
		eng := &fakeEngine{}
		b := newBot(eng, Options{})
		r := b.Handle(context.Background(), dm(tt.text), nil)
		name := tt.text
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		if r.Kind != tt.kind {
			t.Errorf("Handle(%q) kind = %v; want %v", name, r.Kind, tt.kind)
		}
		if !strings.Contains(r.Markdown, tt.contains) || r.Markdown == "" {
			t.Errorf("Handle(%q) = %q; want it to contain %q", name, r.Markdown, tt.contains)
		}
		var want []string
		if tt.asked != "" {
			want = []string{tt.asked}
		}
		if got := eng.asked(); !reflect.DeepEqual(got, want) {
			t.Errorf("Handle(%q) asked the engine %q; want %q", name, got, want)
		}
		if (r.Answer != nil) != (tt.kind == AnswerReply) || (r.Summary != nil) != (tt.kind == SummaryReply) {
			t.Errorf("Handle(%q): Answer %v, Summary %v set for kind %v", name, r.Answer != nil, r.Summary != nil, r.Kind)
		}
	}
}

func TestHandleFollowUp(t *testing.T) {
	eng := &fakeEngine{}
	b := newBot(eng, Options{HistoryTurns: 2})
	ctx := context.Background()
	say := func(conv, text string) {
		b.Handle(ctx, Message{Text: text, User: "U1", Conversation: conv, Direct: true}, nil)
	}
	say("D1", "What is Acme building?")
	say("D1", "Who founded it?")
	say("D2", "Who founded it?")
	say("", "Unthreaded?")
	say("", "Again?")
	say("D1", "/summary") // commands are not turns
	say("D1", "When?")
	say("D1", "Where?")
	want := [][]storybot.Turn{
		nil,
		{{Question: "What is Acme building?", Answer: "> Answer to What is Acme building? [1]"}},
		nil, // another conversation
		nil,
		nil, // no conversation id: no memory
		{
			{Question: "What is Acme building?", Answer: "> Answer to What is Acme building? [1]"},
			{Question: "Who founded it?", Answer: "> Answer to Who founded it? [1]"},
		},
		{ // at most two turns
			{Question: "Who founded it?", Answer: "> Answer to Who founded it? [1]"},
			{Question: "When?", Answer: "> Answer to When? [1]"},
		},
	}
	if !reflect.DeepEqual(eng.histories, want) {
		t.Errorf("histories passed to the engine:\n%+v\nwant\n%+v", eng.histories, want)
	}
}

func TestHandlePlatformHistoryWins(t *testing.T) {
	eng := &fakeEngine{}
	b := newBot(eng, Options{})
	ctx := context.Background()
	b.Handle(ctx, dm("Remembered question?"), nil)
	platform := []storybot.Turn{{Question: "From the thread?", Answer: "Yes."}}
	m := dm("Follow-up?")
	m.History = platform
	b.Handle(ctx, m, nil)
	m.History = []storybot.Turn{} // read back, and empty: no context
	b.Handle(ctx, m, nil)
	if got := eng.histories[1]; !reflect.DeepEqual(got, platform) {
		t.Errorf("history with Message.History set = %+v; want %+v", got, platform)
	}
	if got := eng.histories[2]; len(got) != 0 {
		t.Errorf("history with an empty Message.History = %+v; want none", got)
	}
	long := make([]storybot.Turn, 50)
	for i := range long {
		long[i] = storybot.Turn{Question: fmt.Sprint("q", i), Answer: strings.Repeat("a", 10_000)}
	}
	m.History = long
	b.Handle(ctx, m, nil)
	got := eng.histories[3]
	if len(got) != DefaultHistoryTurns || got[len(got)-1].Question != "q49" || len(got[0].Answer) > maxTurnText {
		t.Errorf("a 50-turn thread gave %d turns, the last %q, answers of %d bytes; want the last %d, cut to %d bytes",
			len(got), got[len(got)-1].Question, len(got[0].Answer), DefaultHistoryTurns, maxTurnText)
	}
}

func TestHandleHistoryExpires(t *testing.T) {
	eng := &fakeEngine{}
	clock := newFakeClock()
	b := newBot(eng, Options{HistoryTTL: 10 * time.Minute, Now: clock.Now})
	ctx := context.Background()
	b.Handle(ctx, dm("First?"), nil)
	clock.Advance(9 * time.Minute)
	b.Handle(ctx, dm("Second?"), nil)
	clock.Advance(11 * time.Minute)
	b.Handle(ctx, dm("Third?"), nil)
	if n := len(eng.histories[1]); n != 1 {
		t.Errorf("turns after 9 idle minutes = %d; want 1", n)
	}
	if n := len(eng.histories[2]); n != 0 {
		t.Errorf("turns after 11 idle minutes = %d; want 0: the conversation expired", n)
	}
}

func TestHandleRateLimit(t *testing.T) {
	eng := &fakeEngine{}
	clock := newFakeClock()
	b := newBot(eng, Options{RatePerMinute: 2, Now: clock.Now})
	ctx := context.Background()
	kinds := func(user string, texts ...string) []Kind {
		var ks []Kind
		for _, text := range texts {
			m := dm(text)
			m.User = user
			ks = append(ks, b.Handle(ctx, m, nil).Kind)
		}
		return ks
	}
	if got, want := kinds("U1", "one?", "/help", "three?"), []Kind{AnswerReply, HelpReply, NoticeReply}; !reflect.DeepEqual(got, want) {
		t.Errorf("three messages at once with 2 a minute: %v; want %v", got, want)
	}
	r := b.Handle(ctx, dm("four?"), nil)
	if !strings.Contains(r.Markdown, "Please wait 30 seconds") {
		t.Errorf("rate-limited reply = %q; want it to say to wait 30 seconds", r.Markdown)
	}
	if got, want := kinds("U2", "other user?"), []Kind{AnswerReply}; !reflect.DeepEqual(got, want) {
		t.Errorf("another user: %v; want %v", got, want)
	}
	clock.Advance(30 * time.Second)
	if got, want := kinds("U1", "five?", "six?"), []Kind{AnswerReply, NoticeReply}; !reflect.DeepEqual(got, want) {
		t.Errorf("after 30 seconds: %v; want %v", got, want)
	}
	if got := eng.asked(); len(got) != 3 {
		t.Errorf("the engine answered %q; want 3 questions, the limited ones never reach it", got)
	}
	// Channel messages not meant for the bot cost nothing.
	clock.Advance(time.Minute)
	for range 10 {
		b.Handle(ctx, Message{Text: "chatter", User: "U3", Conversation: "C1"}, nil)
	}
	if got, want := kinds("U3", "now?"), []Kind{AnswerReply}; !reflect.DeepEqual(got, want) {
		t.Errorf("after ignored chatter: %v; want %v", got, want)
	}
}

func TestHandleUnlimited(t *testing.T) {
	b := newBot(&fakeEngine{}, Options{})
	for i := range 500 {
		if r := b.Handle(context.Background(), dm(fmt.Sprint("q", i)), nil); r.Kind != AnswerReply {
			t.Fatalf("message %d: kind %v; want AnswerReply with no rate limit", i, r.Kind)
		}
	}
}

func TestHandleProgress(t *testing.T) {
	eng := &fakeEngine{progress: []string{"Acme", "Acme bought @here"}}
	b := newBot(eng, Options{})
	for _, text := range []string{"who?", "/summary"} {
		var got []string
		r := b.Handle(context.Background(), dm(text), func(md string) { got = append(got, md) })
		want := []string{"Acme …", "Acme bought @\u200bhere …"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Handle(%q) progress = %q; want %q", text, got, want)
		}
		if strings.HasSuffix(r.Markdown, "…") {
			t.Errorf("Handle(%q) final reply %q still looks unfinished", text, r.Markdown)
		}
	}
	// No progress callback: the engine gets none either, and nothing breaks.
	if r := b.Handle(context.Background(), dm("who?"), nil); r.Kind != AnswerReply {
		t.Errorf("Handle without progress: kind %v", r.Kind)
	}
}

func TestGuardStopsLateProgress(t *testing.T) {
	var got []string
	p, stop := guard(func(md string) { got = append(got, md) })
	p("early")
	stop()
	p("late")
	if want := []string{"early …"}; !reflect.DeepEqual(got, want) {
		t.Errorf("progress = %q; want %q", got, want)
	}
}

func TestHandlePanic(t *testing.T) {
	eng := &fakeEngine{panicOn: "boom?"}
	b := newBot(eng, Options{})
	r := b.Handle(context.Background(), dm("boom?"), nil)
	if r.Kind != NoticeReply || !strings.Contains(r.Markdown, "Sorry") {
		t.Errorf("Handle when the engine panics = %v %q; want an apology", r.Kind, r.Markdown)
	}
	if r := b.Handle(context.Background(), dm("fine?"), nil); r.Kind != AnswerReply {
		t.Errorf("Handle after a panic = %v; want AnswerReply", r.Kind)
	}
}

func TestHandleConcurrent(t *testing.T) {
	eng := &fakeEngine{progress: []string{"x"}}
	b := newBot(eng, Options{RatePerMinute: 1000, Conversations: 5, HistoryTurns: 2})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := Message{
				Text: fmt.Sprintf("question %d?", i), User: fmt.Sprint("U", i%7),
				Conversation: fmt.Sprint("C", i%9), Mention: true,
			}
			for j := range 5 {
				if j == 2 {
					m.Text = "/summary"
				}
				if r := b.Handle(context.Background(), m, func(string) {}); r.Kind == Ignore || r.Markdown == "" {
					t.Errorf("Handle(%q) = %v %q", m.Text, r.Kind, r.Markdown)
				}
			}
		}()
	}
	wg.Wait()
	s := b.store.(*LocalStore)
	if _, _, n := s.Sizes(); n > 5 {
		t.Errorf("%d conversations remembered; want at most 5", n)
	}
	for i := range 9 {
		if turns, _ := s.Turns(context.Background(), fmt.Sprint("C", i)); len(turns) > 2 {
			t.Errorf("conversation C%d remembers %d turns; want at most 2", i, len(turns))
		}
	}
}
