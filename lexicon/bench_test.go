package lexicon_test

import (
	"os"
	"runtime"
	"testing"

	"storybot/lexicon"
)

// BenchmarkRelated is the ranking path's cost per query term: a hit and a miss.
func BenchmarkRelated(b *testing.B) {
	lexicon.Default()
	terms := []string{"talk", "sue", "found", "zzqx"}
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(lexicon.Related(terms[i%len(terms)]))
	}
	if n == 0 {
		b.Fatal("no relations found")
	}
}

// BenchmarkParse is a full check of the embedded table, as the tests make it (Default
// only finds where its lines start); heap-MB is the heap the parsed table keeps.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("wordnet.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep, err := lexicon.Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lexicon.Parse(text); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
}
