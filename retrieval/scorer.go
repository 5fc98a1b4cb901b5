package retrieval

// Confidence input positions: the calibration reads the candidate's score, its lead over
// the best other candidate, and its features.
const (
	confBias = iota
	confScore
	confLead
	confFeatures
	// NumConfidence counts the calibration's weights.
	NumConfidence = confFeatures + int(NumFeatures)
)

// Weights are the scorer's parameters, fitted on data by the bench module's fitting tool
// (see weights_gen.go for the command), never set by hand.
type Weights struct {
	// Chunk weighs a candidate chunk's features: its score, the log-odds (up to a
	// constant per question) that it holds the answer.
	Chunk [NumChunkFeatures]float64
	// Sentence weighs a candidate sentence's features: its score, the log-odds (up to a
	// constant per question) that it holds the answer.
	Sentence [NumFeatures]float64
	// Confidence weighs a candidate's calibration inputs (a bias, its score, its lead over
	// the best other candidate, its features): the log-odds that quoting it answers.
	Confidence [NumConfidence]float64
	// Threshold is the least confidence at which a sentence answers the question: below
	// it the articles do not cover the question.
	Threshold float64
	// MinTie is the least share of the words the question ties together ("Stoke's CEO")
	// that an answering sentence must hold together (FeatTie).
	MinTie float64
}

// confidence returns the calibrated probability that quoting a candidate with the given
// score and features answers the question, other being the best other candidate's score
// (-Inf when there is none).
func (w *Weights) confidence(score, other float64, f *Features) float64 {
	lead := 1.0 // no rival: as clear a lead as the fitting data saw
	if other > -1e300 {
		lead = min(score-other, 1)
	}
	z := w.Confidence[confBias] + w.Confidence[confScore]*score + w.Confidence[confLead]*lead
	for i, x := range f {
		z += w.Confidence[confFeatures+i] * x
	}
	return sigmoid(z)
}

// ConfidenceInputs returns the calibration's inputs for a candidate, in the order of
// Weights.Confidence, for the fitting tool.
func ConfidenceInputs(score, other float64, f Features) [NumConfidence]float64 {
	var in [NumConfidence]float64
	in[confBias] = 1
	in[confScore] = score
	in[confLead] = 1
	if other > -1e300 {
		in[confLead] = min(score-other, 1)
	}
	copy(in[confFeatures:], f[:])
	return in
}

// ChunkCandidates returns the chunks Search would re-rank for query, best BM25 first,
// with their features, for the fitting tool; their Score is their BM25F score.
func (ix *Index) ChunkCandidates(query string) ([]Hit, []ChunkFeatures) {
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse(query, s)
	cands := ix.bm25Candidates(q, s, rerankDepth)
	hits := make([]Hit, len(cands))
	feats := make([]ChunkFeatures, len(cands))
	local := localWeights(q, cands)
	for i, c := range cands {
		hits[i] = ix.hit(q, c)
		feats[i] = ix.chunkFeatures(q, s, cands, i, &local)
	}
	return hits, feats
}

// Covers reports whether the sentence answers the question: confident enough, and
// holding together what the question ties together.
func (w *Weights) Covers(s SentenceHit) bool {
	return s.Confidence >= w.Threshold && s.Features[FeatTie] >= w.MinTie
}

// weights returns the index's scorer weights: the fitted ones unless Options say otherwise.
func (ix *Index) weights() *Weights {
	if ix.opts.Weights != nil {
		return ix.opts.Weights
	}
	return &Fitted
}

// Weights returns the scorer weights the index ranks with.
func (ix *Index) Weights() *Weights { return ix.weights() }
