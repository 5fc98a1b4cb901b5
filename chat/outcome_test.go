package chat

import (
	"context"
	"math"
	"sync"
	"testing"

	"storybot"
)

// Observe hears what became of each question, and nothing for help or the sources.
func TestObserveOutcomes(t *testing.T) {
	var (
		mu  sync.Mutex
		got []Outcome
	)
	eng := &fakeEngine{panicOn: "boom?"}
	b := newBot(eng, Options{RatePerMinute: 6, Platform: "test", Observe: func(o Outcome) {
		mu.Lock()
		got = append(got, o)
		mu.Unlock()
	}})
	for _, text := range []string{"What happened?", "/summary", "/help", "/sources", "/ask", "boom?", "a", "b", "c"} {
		b.Handle(context.Background(), dm(text), nil)
	}
	want := []Result{ResultAnswered, ResultAnswered, ResultRejected, ResultError, ResultLimited, ResultLimited, ResultLimited}
	if len(got) != len(want) {
		t.Fatalf("observed %d outcomes (%+v); want %d", len(got), got, len(want))
	}
	for i, o := range got {
		if o.Result != want[i] || o.Platform != "test" {
			t.Errorf("outcome %d = %+v; want result %q on platform test", i, o, want[i])
		}
	}
	if got[0].Mode != storybot.ModeQuotes || got[0].Kind != AnswerReply || got[1].Kind != SummaryReply {
		t.Errorf("outcomes 0 and 1 = %+v, %+v; want a quotes answer and a summary", got[0], got[1])
	}
}

// Every line logged about a message carries a request: the caller's, or one made here.
func TestHandleMakesRequest(t *testing.T) {
	var seen []Request
	eng := &requestEngine{fakeEngine: &fakeEngine{}, seen: &seen}
	b := newBot(eng, Options{Platform: "test"})
	b.Handle(context.Background(), dm("What happened?"), nil)
	ctx := WithRequest(context.Background(), Request{ID: "given", Platform: "slack"})
	b.Handle(ctx, dm("What happened?"), nil)
	if len(seen) != 2 || len(seen[0].ID) != 16 || seen[0].Platform != "test" || seen[1] != (Request{ID: "given", Platform: "slack"}) {
		t.Errorf("the engine saw requests %+v; want a fresh 16-digit id on test, then the caller's", seen)
	}
}

type requestEngine struct {
	*fakeEngine
	seen *[]Request
}

func (e *requestEngine) Ask(ctx context.Context, q string, h []storybot.Turn, p func(string)) storybot.Answer {
	r, _ := RequestFrom(ctx)
	*e.seen = append(*e.seen, r)
	return e.fakeEngine.Ask(ctx, q, h, p)
}

// A huge limit on questions is no limit, not an overflow that refuses everything.
func TestHugeMaxQuestion(t *testing.T) {
	b := newBot(&fakeEngine{}, Options{MaxQuestion: math.MaxInt, RatePerMinute: math.MaxInt})
	if r := b.Handle(context.Background(), dm("What happened?"), nil); r.Kind != AnswerReply {
		t.Errorf("with MaxQuestion = MaxInt the question got %v %q; want an answer", r.Kind, r.Markdown)
	}
}
