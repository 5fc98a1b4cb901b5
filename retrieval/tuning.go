package retrieval

// The settings of the ranking that are not fitted: BM25F's own, and the shapes of the
// features the fitted scorer weighs. They are variables only so that an evaluation can
// vary them.
var (
	// headWeight is how much a headline word counts against a body word in BM25F: a
	// headline describes a whole section, so it weighs less than the sentence itself.
	headWeight = 0.3
	// questionWeight is the weight of words that say what kind of answer is wanted
	// ("year", "name", "many") rather than what it is about; articles rarely repeat them.
	questionWeight = 0.7

	// localShare blends a term's weight with how few candidate sentences hold it: a
	// word in every sentence of the passage does not tell them apart.
	localShare = 1.0
	// sentK1 and sentB are BM25's k1 and b for sentences, which are short: one mention
	// of a word says nearly as much as two.
	sentK1 = 0.5
	sentB  = 0.4
	// typedNear is how many words from a query word the kind of answer asked for counts
	// as near it.
	typedNear = 2
	// tieWindow is how many words apart two words a question ties together may stand in
	// a sentence that ties them too.
	tieWindow = 3
)
