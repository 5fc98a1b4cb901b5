package chat

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"storybot"
)

// BenchmarkLocalStoreMillionKeys feeds each of the LocalStore's tables a million distinct
// keys, as a bot that runs for months sees users, threads and messages, and reports the
// heap each holds afterwards: bytes per entry kept and in all (MB). It fails if a table
// grew past its bound. The turns are the longest remembered (2,000 bytes each side), so
// the conversations' figure is the worst case.
//
//	go test -run XXX -bench LocalStoreMillionKeys -benchtime 1x ./chat/
func BenchmarkLocalStoreMillionKeys(b *testing.B) {
	const keys = 1_000_000
	ctx := context.Background()
	long := strings.Repeat("x", maxTurnText-8)
	tables := []struct {
		name  string
		bound int
		fill  func(s *LocalStore, i int, key string)
		size  func(s *LocalStore) int
	}{
		{"claims", DefaultMaxClaims, func(s *LocalStore, _ int, key string) {
			s.Claim(ctx, "slack:C0123456789/1733400000."+key, time.Hour)
		}, func(s *LocalStore) int { n, _, _ := s.Sizes(); return n }},
		{"buckets", DefaultMaxBuckets, func(s *LocalStore, _ int, key string) {
			s.Take(ctx, "user:U0"+key, 10)
		}, func(s *LocalStore) int { _, n, _ := s.Sizes(); return n }},
		{"conversations", DefaultMaxConversations, func(s *LocalStore, i int, key string) {
			t := storybot.Turn{Question: long, Answer: long}
			for turn := range DefaultHistoryTurns {
				if i >= keys-2*DefaultMaxConversations {
					// Distinct text for each turn the store may keep, as real answers are:
					// shared strings would flatter the figure. The turns evicted before
					// share one text only to spare the benchmark 12 GB of garbage.
					tag := key + "/" + strconv.Itoa(turn)
					t = storybot.Turn{Question: tag + long[len(tag):], Answer: long[len(tag):] + tag}
				}
				s.AddTurn(ctx, "slack:C0123456789/"+key, t, DefaultHistoryTurns, time.Hour)
			}
		}, func(s *LocalStore) int { _, _, n := s.Sizes(); return n }},
	}
	for _, tb := range tables {
		b.Run(tb.name, func(b *testing.B) {
			for b.Loop() {
				before := heap()
				s := NewLocalStore(LocalOptions{})
				for i := range keys {
					tb.fill(s, i, strconv.Itoa(i))
					if i%100_000 == 0 && tb.size(s) > tb.bound {
						b.Fatalf("%s: %d entries after %d keys; bound %d", tb.name, tb.size(s), i+1, tb.bound)
					}
				}
				held := heap() - before
				n := tb.size(s)
				if n > tb.bound {
					b.Fatalf("%s: %d entries after %d keys; bound %d", tb.name, n, keys, tb.bound)
				}
				b.ReportMetric(float64(n), "entries")
				b.ReportMetric(float64(held)/float64(n), "B/entry")
				b.ReportMetric(float64(held)/1e6, "MB")
				runtime.KeepAlive(s)
			}
		})
	}
}

// heap returns the bytes live on the heap after a collection.
func heap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
