package chat

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// longAnswer is an answer of about n bytes in the shape the engine writes.
func longAnswer(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "> Sentence number %d says something about the story, with a figure of 1.5 billion dollars. [%d]\n", i, i%5+1)
		if i%4 == 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func BenchmarkSplit(b *testing.B) {
	for _, limit := range []int{2000, 4000} {
		s := longAnswer(20000)
		flat := strings.ReplaceAll(s, "\n", " ")
		b.Run(fmt.Sprint("lines/", limit), func(b *testing.B) {
			for b.Loop() {
				Split(s, limit)
			}
		})
		b.Run(fmt.Sprint("sentences/", limit), func(b *testing.B) {
			for b.Loop() {
				Split(flat, limit)
			}
		})
	}
}

func BenchmarkNeutralize(b *testing.B) {
	s := longAnswer(20000) + " mail team@here.com or ping @everyone <!channel> <@U123>"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Neutralize(s)
	}
}

func BenchmarkHandle(b *testing.B) {
	bot := newBot(&fakeEngine{}, Options{RatePerMinute: 1 << 30})
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		bot.Handle(ctx, Message{Text: "What is the company building?", User: fmt.Sprint("U", i%100), Conversation: fmt.Sprint("C", i%2000), Direct: true}, nil)
	}
}

func BenchmarkSplitPathological(b *testing.B) {
	for name, s := range map[string]string{
		"markers":  strings.Repeat("a. [1] ", 3000),
		"brackets": strings.Repeat("x] ", 7000),
		"links":    strings.Repeat("[a b](http://x) ", 1300),
		"nospace":  strings.Repeat("é", 10000),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Split(s, 2000)
			}
		})
	}
}
