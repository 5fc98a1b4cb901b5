package vector

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkNearest is the brute-force search over SQuAD's 2,480 chunks at the sizes of
// nomic-embed-text (768) and text-embedding-3-small (1,536): the cost an index such as
// HNSW would save.
func BenchmarkNearest(b *testing.B) {
	for _, dims := range []int{768, 1536} {
		b.Run(map[int]string{768: "768", 1536: "1536"}[dims], func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			v := &Index{dims: dims}
			for range 2480 * dims {
				v.vecs = append(v.vecs, r.Float32()-0.5)
			}
			q := make([]float32, dims)
			for i := range q {
				q[i] = r.Float32() - 0.5
			}
			q = unit(q)
			b.ResetTimer()
			for b.Loop() {
				v.nearest(q, 60)
			}
		})
	}
}
