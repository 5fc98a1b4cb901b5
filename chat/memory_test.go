package chat

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"storybot"
)

func TestMemoryForgetsIdlest(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(2, 3, time.Hour)
	for _, c := range []string{"a", "b", "c"} {
		m.add(c, storybot.Turn{Question: c}, clock.Now())
		clock.Advance(time.Second)
	}
	m.add("a", storybot.Turn{Question: "a2"}, clock.Now()) // a is now the most recent
	m.add("d", storybot.Turn{Question: "d"}, clock.Now())  // so b goes
	for conv, want := range map[string]int{"a": 2, "b": 0, "c": 1, "d": 1} {
		if got := len(m.history(conv, clock.Now())); got != want {
			t.Errorf("history(%q) has %d turns; want %d", conv, got, want)
		}
	}
}

func TestMemoryCopiesAndBounds(t *testing.T) {
	clock := newFakeClock()
	m := newMemory(3, 10, time.Hour)
	long := strings.Repeat("é", maxTurnText)
	m.add("a", storybot.Turn{Question: "q", Answer: long}, clock.Now())
	h := m.history("a", clock.Now())
	if len(h[0].Answer) > maxTurnText || !utf8.ValidString(h[0].Answer) {
		t.Errorf("remembered answer of %d bytes, valid UTF-8 %v; want at most %d, valid", len(h[0].Answer), utf8.ValidString(h[0].Answer), maxTurnText)
	}
	h[0].Question = "changed"
	if got := m.history("a", clock.Now())[0].Question; got != "q" {
		t.Errorf("changing a returned history changed the memory: %q", got)
	}
	for i := range 10 {
		m.add("a", storybot.Turn{Question: fmt.Sprint(i)}, clock.Now())
	}
	h = m.history("a", clock.Now())
	if len(h) != 3 || h[0].Question != "7" || h[2].Question != "9" {
		t.Errorf("history = %+v; want the last 3 turns, oldest first", h)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"a longer text", 10, "a longe…"},
		{"ééééé", 6, "é…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
