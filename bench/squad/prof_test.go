package main

import (
	"testing"

	"storybot/retrieval"
)

func BenchmarkSearchSQuAD(b *testing.B) {
	c, err := loadCorpus("../../../shared/datasets/squad-dev-v1.1.json")
	if err != nil {
		b.Fatal(err)
	}
	ix := retrieval.New(c.Docs, retrieval.DefaultOptions())
	for _, q := range c.Questions {
		ix.Search(q.Text, 10)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := c.Questions[i%len(c.Questions)]
		ix.Search(q.Text, 10)
	}
}
