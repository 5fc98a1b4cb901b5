// Package vector adds semantic search to the lexical index: every chunk's embedding,
// computed once and cached on disk, is compared with the question's by cosine similarity,
// and the two rankings are fused by reciprocal rank. The question is embedded per query
// within a short deadline; when the embedding endpoint fails or is slow, Search says so
// in the log and ranks lexically.
//
// The nearest chunks are found by brute force over unit-length vectors held in one
// slice: for a corpus of a few thousand chunks that is a millisecond or two, less than
// the embedding request itself, and needs no index to build or keep.
package vector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"storybot/retrieval"
)

// Embedder turns texts into vectors. The llm package's Embedder implements it.
type Embedder interface {
	// Embed returns one vector per text, in order, all of one length.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// DefaultQueryTimeout bounds the embedding of one question.
const DefaultQueryTimeout = 2 * time.Second

// DefaultBatchTimeout bounds the embedding of one batch of chunks while building.
const DefaultBatchTimeout = 30 * time.Second

// buildBatch is how many chunks Build embeds at a time: each batch is cached once done,
// so a build that fails part way (a slow local model, a rate limit) resumes there.
const buildBatch = 256

// rrfK is reciprocal rank fusion's constant: a chunk's fused score is the sum over the
// rankings of 1/(rrfK + rank). 60 is the value of the method's paper (Cormack et al.,
// 2009), which damps the weight of the very top ranks.
const rrfK = 60

// Options configure an Index.
type Options struct {
	// Model names the embedder's model. It keys the cache: vectors of one model are never
	// read for another.
	Model string
	// CacheDir holds the vector cache; "" keeps vectors in memory only.
	CacheDir string
	// QueryTimeout bounds the embedding of one question; DefaultQueryTimeout when zero.
	QueryTimeout time.Duration
	// BatchTimeout bounds the embedding of each buildBatch chunks by Build;
	// DefaultBatchTimeout when zero.
	BatchTimeout time.Duration
	// Logger receives the warnings of a degraded search; none when nil.
	Logger *slog.Logger
}

// Index is a lexical index with every chunk's embedding. It is safe for concurrent use.
type Index struct {
	lex  *retrieval.Index
	emb  Embedder
	opts Options
	log  *slog.Logger
	dims int
	// vecs holds chunk i's unit-length vector at [i*dims, (i+1)*dims).
	vecs []float32
}

// BuildStats says what Build did.
type BuildStats struct {
	// Chunks is how many chunks have vectors; Cached how many came from the cache and
	// Embedded how many were asked of the embedder.
	Chunks, Cached, Embedded int
	// CacheBytes is the size of the cache file after Build; 0 without a cache.
	CacheBytes int64
}

// Build returns an Index over lex: it reads the vectors of the chunks it has cached for
// opts.Model, asks emb for the others and writes the cache back. It fails when the
// embedder does; a cache it cannot read or write is only logged.
func Build(ctx context.Context, lex *retrieval.Index, emb Embedder, opts Options) (*Index, BuildStats, error) {
	if opts.Model == "" {
		return nil, BuildStats{}, errors.New("vector index: no model name")
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = DefaultQueryTimeout
	}
	if opts.BatchTimeout <= 0 {
		opts.BatchTimeout = DefaultBatchTimeout
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	v := &Index{lex: lex, emb: emb, opts: opts, log: log}
	texts, keys := chunkTexts(lex, opts.Model)
	cached := map[key][]float32{}
	if opts.CacheDir != "" {
		var err error
		if cached, err = readCache(cachePath(opts.CacheDir, opts.Model)); err != nil {
			log.Warn("vector cache unreadable; embedding every chunk again", "error", err)
			cached = map[key][]float32{}
		}
	}
	vecs := make([][]float32, len(texts))
	var missing []int
	for i, k := range keys {
		if c, ok := cached[k]; ok {
			vecs[i] = c
		} else {
			missing = append(missing, i)
		}
	}
	st := BuildStats{Chunks: len(texts), Cached: len(texts) - len(missing)}
	err := v.embedMissing(ctx, texts, missing, vecs, &st)
	if opts.CacheDir != "" {
		path := cachePath(opts.CacheDir, opts.Model)
		if st.Embedded > 0 || len(cached) != len(keys) {
			if werr := writeCache(path, keys, vecs); werr != nil {
				log.Warn("vector cache not written", "error", werr)
			}
		}
		st.CacheBytes = fileSize(path)
	}
	if err != nil {
		return nil, st, err
	}
	if err := v.load(vecs); err != nil {
		return nil, st, err
	}
	return v, st, nil
}

// embedMissing fills vecs[i] for every i of missing, buildBatch texts at a time, and
// counts them in st. On failure, the batches done so far stay filled in.
func (v *Index) embedMissing(ctx context.Context, texts []string, missing []int, vecs [][]float32, st *BuildStats) error {
	for start := 0; start < len(missing); start += buildBatch {
		batch := missing[start:min(start+buildBatch, len(missing))]
		ask := make([]string, len(batch))
		for j, i := range batch {
			ask[j] = texts[i]
		}
		bctx, cancel := context.WithTimeout(ctx, v.opts.BatchTimeout)
		got, err := v.emb.Embed(bctx, ask)
		cancel()
		if err == nil && len(got) != len(ask) {
			err = fmt.Errorf("%d vectors for %d chunks", len(got), len(ask))
		}
		if err != nil {
			return fmt.Errorf("embed chunks %d to %d of %d: %w", start+1, start+len(batch), len(missing), err)
		}
		for j, i := range batch {
			vecs[i] = got[j]
		}
		st.Embedded += len(batch)
	}
	return nil
}

// load keeps vecs, scaled to unit length, checking that they are all of one length.
func (v *Index) load(vecs [][]float32) error {
	if len(vecs) == 0 {
		return nil
	}
	v.dims = len(vecs[0])
	v.vecs = make([]float32, 0, len(vecs)*v.dims)
	for i, x := range vecs {
		if len(x) != v.dims || v.dims == 0 {
			return fmt.Errorf("vector index: chunk %d has %d dimensions, chunk 0 %d", i, len(x), v.dims)
		}
		v.vecs = append(v.vecs, unit(x)...)
	}
	return nil
}

// chunkTexts returns what is embedded for each chunk, its article's title and its text,
// and each one's cache key.
func chunkTexts(lex *retrieval.Index, model string) ([]string, []key) {
	docs := lex.Documents()
	texts := make([]string, lex.NumChunks())
	keys := make([]key, lex.NumChunks())
	for i := range texts {
		p, _ := lex.Chunk(i)
		texts[i] = p.Text
		if t := docs[p.Doc].Title; t != "" {
			texts[i] = t + "\n\n" + p.Text
		}
		keys[i] = keyOf(model, texts[i])
	}
	return texts, keys
}

// unit returns x scaled to length 1 (x itself when it is all zeros).
func unit(x []float32) []float32 {
	var n float64
	for _, f := range x {
		n += float64(f) * float64(f)
	}
	out := make([]float32, len(x))
	if n == 0 {
		return out
	}
	s := float32(1 / math.Sqrt(n))
	for i, f := range x {
		out[i] = f * s
	}
	return out
}

// Search returns up to k chunks for query, best first, ranked by the reciprocal rank
// fusion of BM25 and cosine similarity. When the question cannot be embedded in time it
// logs a warning and returns the lexical ranking. It implements answer.Retriever.
func (v *Index) Search(ctx context.Context, query string, k int) []retrieval.Hit {
	lexical := v.lex.Search(query, k)
	if k <= 0 || v.dims == 0 {
		return lexical
	}
	qctx, cancel := context.WithTimeout(ctx, v.opts.QueryTimeout)
	qv, err := v.emb.Embed(qctx, []string{query})
	cancel()
	switch {
	case err == nil && (len(qv) != 1 || len(qv[0]) != v.dims):
		err = fmt.Errorf("the question's vector has the wrong shape (%d vectors, want 1 of %d dimensions)", len(qv), v.dims)
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		err = fmt.Errorf("no vector within %v: %w", v.opts.QueryTimeout, err)
	}
	if err != nil {
		v.log.Warn("question not embedded; lexical retrieval only", "error", err)
		return lexical
	}
	return v.fuse(lexical, v.nearest(unit(qv[0]), k), k)
}

// scored is a chunk and its similarity to a question.
type scored struct {
	chunk int
	sim   float32
}

// nearest returns up to k chunks by cosine similarity to the unit vector q, best first;
// only chunks with a positive similarity.
func (v *Index) nearest(q []float32, k int) []scored {
	all := make([]scored, 0, len(v.vecs)/v.dims)
	for i := 0; i*v.dims < len(v.vecs); i++ {
		var dot float32
		for j, x := range v.vecs[i*v.dims : (i+1)*v.dims] {
			dot += x * q[j]
		}
		if dot > 0 {
			all = append(all, scored{i, dot})
		}
	}
	slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.sim, a.sim), a.chunk-b.chunk) })
	return all[:min(k, len(all))]
}

// fuse merges the lexical and semantic rankings by reciprocal rank and returns the best k.
func (v *Index) fuse(lexical []retrieval.Hit, semantic []scored, k int) []retrieval.Hit {
	score := map[int]float64{}
	hit := map[int]retrieval.Hit{}
	for r, h := range lexical {
		score[h.Chunk] += 1.0 / float64(rrfK+r+1)
		hit[h.Chunk] = h
	}
	for r, s := range semantic {
		score[s.chunk] += 1.0 / float64(rrfK+r+1)
		if _, ok := hit[s.chunk]; !ok {
			p, _ := v.lex.Chunk(s.chunk)
			hit[s.chunk] = retrieval.Hit{Passage: p, Chunk: s.chunk}
		}
	}
	out := make([]retrieval.Hit, 0, len(hit))
	for c, h := range hit {
		h.Score = score[c]
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b retrieval.Hit) int { return cmp.Or(cmp.Compare(b.Score, a.Score), a.Chunk-b.Chunk) })
	return out[:min(k, len(out))]
}
