package retrieval_test

import (
	"fmt"
	"testing"

	"storybot/answer/answertest"
	"storybot/retrieval"
	"storybot/seeds"
)

func TestDebugStory(t *testing.T) {
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	qs, _ := answertest.Read("../answer/testdata/dev.txt")
	fmt.Println("threshold", ix.Weights().Threshold)
	for _, q := range qs {
		r := ix.RankSentences(q.Text, ix.Search(q.Text, 5), 1)
		if len(r) == 0 {
			fmt.Printf("%-9s none %q\n", q.Kind, q.Text)
			continue
		}
		fmt.Printf("%-9s %.2f %v %q\n", q.Kind, r[0].Confidence, q.Holds(r[0].Text), q.Text)
	}
}
