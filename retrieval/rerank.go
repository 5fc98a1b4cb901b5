package retrieval

// rerank adjusts the BM25 scores of the candidate chunks with evidence that needs word
// positions: query words that stand together in one sentence.
func (ix *Index) rerank(q *query, cands []cand) {}
