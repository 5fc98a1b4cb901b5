package retrieval_test

import (
	"fmt"
	"testing"

	"storybot/retrieval"
	"storybot/seeds"
)

func TestDebugStory(t *testing.T) {
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	for _, q := range []string{"Did Musk sue OpenAI?", "Are the talks still active?", "Who backed Stoke early on?", "Which outlet broke the story?"} {
		hits := ix.Search(q, 5)
		r := ix.RankSentences(q, hits, 2)
		for _, s := range r {
			fmt.Printf("%q conf=%.2f score=%.2f %.70q\n", q, s.Confidence, s.Score, s.Text)
			for f := range retrieval.NumFeatures {
				fmt.Printf(" %s=%.2f", f, s.Features[f])
			}
			fmt.Println()
		}
	}
}
