package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"storybot"
	"storybot/retrieval"
)

// bleveField is the one field every document has.
const bleveField = "text"

// bleveEngine is bleve configured as fairly as we know how: in-memory scorch, BM25, the
// English analyzer, large batches and the true average document length.
type bleveEngine struct {
	idx   bleve.Index
	stats *search.BM25Stats
	// quoter, when set, picks bleve's sentences with storybot's sentence scorer.
	quoter *storybotEngine
	// chunksOf lists each document's chunks in quoter.
	chunksOf [][]int
}

// bleveMapping is the index mapping: one analysed text field, nothing stored, since the
// benchmark only needs document ids and scores back.
func bleveMapping() *mapping.IndexMappingImpl {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = en.AnalyzerName
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(bleveField, f)
	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = index.BM25Scoring
	return im
}

// newBleve indexes docs in batches of batch documents (all at once when batch <= 0).
func newBleve(docs []storybot.Document, batch int) (*bleveEngine, error) {
	// An empty path keeps scorch in memory.
	idx, err := bleve.NewUsing("", bleveMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create bleve index: %w", err)
	}
	if batch <= 0 {
		batch = len(docs)
	}
	b := idx.NewBatch()
	for i, d := range docs {
		if err := b.Index(strconv.Itoa(i), map[string]any{bleveField: d.Text}); err != nil {
			idx.Close()
			return nil, fmt.Errorf("add document %d to a bleve batch: %w", i, err)
		}
		if b.Size() >= batch || i == len(docs)-1 {
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return nil, fmt.Errorf("index a bleve batch: %w", err)
			}
			b.Reset()
		}
	}
	return &bleveEngine{idx: idx}, nil
}

// bleveTokens counts the tokens bleve's English analyzer indexes for docs: the field length
// BM25 normalises by.
func bleveTokens(docs []storybot.Document) (int, error) {
	a := bleveMapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return 0, fmt.Errorf("bleve has no %q analyzer", en.AnalyzerName)
	}
	n := 0
	for _, d := range docs {
		n += len(a.Analyze([]byte(d.Text)))
	}
	return n, nil
}

// setStats passes the true corpus statistics in. bleve divides FieldCardinality by DocCount
// (rounding up) for the average length; left alone it estimates the total from its term
// dictionaries, which is wrong.
func (b *bleveEngine) setStats(docs, tokens int) {
	b.stats = &search.BM25Stats{
		DocCount:         float64(docs),
		FieldCardinality: map[string]int{bleveField: tokens},
	}
}

// quoteWith lets Quote pick sentences with sb's answer engine; sb must index the same
// documents.
func (b *bleveEngine) quoteWith(sb *storybotEngine) {
	b.quoter = sb
	ix := sb.ix
	b.chunksOf = make([][]int, len(ix.Documents()))
	for i := 0; i < ix.NumChunks(); i++ {
		c, _ := ix.Chunk(i)
		b.chunksOf[c.Doc] = append(b.chunksOf[c.Doc], i)
	}
}

// Search runs a BM25 match query (any term) against the text field.
func (b *bleveEngine) Search(q question, k int) []scored {
	mq := bleve.NewMatchQuery(q.Text)
	mq.SetField(bleveField)
	req := bleve.NewSearchRequestOptions(mq, k, 0, false)
	if b.stats != nil {
		req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: b.stats}
	}
	res, err := b.idx.Search(req)
	if err != nil {
		// A query bleve cannot run finds nothing; counting it as a miss is the honest score.
		return nil
	}
	out := make([]scored, 0, len(res.Hits))
	for _, h := range res.Hits {
		d, err := strconv.Atoi(h.ID)
		if err != nil {
			continue
		}
		out = append(out, scored{Doc: d, Score: h.Score})
	}
	return out
}

// quoteDocs is how many of bleve's top documents its sentences are picked from: as many as
// the chunks storybot's answer reads.
const quoteDocs = 5

// Quote takes bleve's top documents and hands all their chunks, with bleve's scores, to
// storybot's quote selection (answer.Engine.Quote, with the held-out weights when the
// harness holds them out).
func (b *bleveEngine) Quote(ctx context.Context, q question) [][]span {
	if b.quoter == nil {
		return nil
	}
	ix := b.quoter.ix
	var hits []retrieval.Hit
	for _, s := range b.Search(q, quoteDocs) {
		for _, ci := range b.chunksOf[s.Doc] {
			c, _ := ix.Chunk(ci)
			c.Score = s.Score
			hits = append(hits, retrieval.Hit{Passage: c, Chunk: ci, Coverage: 1})
		}
	}
	return quoteGroups(b.quoter.engineFor(q).Quote(q.Text, hits), b.quoter.docOf)
}

// sentenceSource says which quote selection bleve's sentence figures come from.
func (b *bleveEngine) sentenceSource() string {
	return fmt.Sprintf("storybot's quote selection (answer.Engine.Quote) on bleve's top %d paragraphs", quoteDocs)
}

// Close releases the index.
func (b *bleveEngine) Close() error { return b.idx.Close() }
