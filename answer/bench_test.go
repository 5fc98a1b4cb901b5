package answer

import (
	"context"
	"testing"
)

// BenchmarkAsk is a whole quote-only answer: retrieval, then quote selection.
func BenchmarkAsk(b *testing.B) {
	e := seedEngineT(b)
	ctx := context.Background()
	e.Ask(ctx, "warm up", nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Ask(ctx, "Why are OpenAI's finances questioned?", nil, nil)
	}
}

// BenchmarkQuote is quote selection alone, on hits retrieved beforehand.
func BenchmarkQuote(b *testing.B) {
	e := seedEngineT(b)
	q := "Why are OpenAI's finances questioned?"
	hits := e.ix.Search(q, 5)
	e.Quote(q, hits)
	b.ReportAllocs()
	for b.Loop() {
		e.Quote(q, hits)
	}
}

// BenchmarkSummary makes the extractive summary from scratch (Summary itself makes it once
// per Engine).
func BenchmarkSummary(b *testing.B) {
	e := seedEngineT(b)
	e.corpusStats()
	b.ReportAllocs()
	for b.Loop() {
		e.summarise()
	}
}
