package retrieval

import (
	"testing"

	"storybot/seeds"
)

func BenchmarkIndexSeeds(b *testing.B) {
	docs := seeds.Embedded()
	b.ReportAllocs()
	for b.Loop() {
		New(docs, DefaultOptions())
	}
}

var benchQuestions = []string{
	"Who founded Stoke Space?",
	"Why are OpenAI's finances questioned?",
	"How much revenue does OpenAI expect this year?",
	"What is Jingtai's view of the deal?",
	"Who won the 2018 World Cup?",
}

func BenchmarkSearchSeeds(b *testing.B) {
	ix := New(seeds.Embedded(), DefaultOptions())
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Search(benchQuestions[i%len(benchQuestions)], 5)
		i++
	}
}

func BenchmarkRankSentencesSeeds(b *testing.B) {
	ix := New(seeds.Embedded(), DefaultOptions())
	hits := make([][]Hit, len(benchQuestions))
	for i, q := range benchQuestions {
		hits[i] = ix.Search(q, 5)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		n := i % len(benchQuestions)
		ix.RankSentences(benchQuestions[n], hits[n], 3)
		i++
	}
}
