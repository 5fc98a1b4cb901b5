package retrieval

// The weights of the ranking signals beyond BM25, chosen on the SQuAD v1.1 dev set as a
// whole (never on single questions) and checked against the story's own questions.
// They are variables only so that an evaluation can vary them.
var (
	// headWeight is how much a headline word counts against a body word in BM25F: a
	// headline describes a whole section, so it weighs less than the sentence itself.
	headWeight = 0.3
	// questionWeight is the weight of words that say what kind of answer is wanted
	// ("year", "name", "many") rather than what it is about; articles rarely repeat them.
	questionWeight = 0.7

	// sentBoost adds, to a chunk's score, the query weight its best sentence holds: the
	// answer to a question usually sits in one sentence that echoes it.
	sentBoost = 0.3
	// windowBoost does the same for the best two neighbouring sentences.
	windowBoost = 0.3
	// bigramBoost adds the weight of query word pairs found side by side.
	bigramBoost = 0.4
	// localBoost favours the terms that few of the candidates share.
	localBoost = 0.5
	// typeShare raises the best sentence's weight when it also holds a word of the kind
	// of answer asked for (a name for who, a number for how many).
	typeShare = 0.7

	// chunkShare is how much a sentence's chunk score, relative to the best hit's, adds
	// to its own: a sentence in the passage that answers best is more likely the answer.
	chunkShare = 1.0
	// localShare blends a term's weight with how few candidate sentences hold it: a
	// word in every sentence of the passage does not tell them apart.
	localShare = 1.0
	// proximityShare raises a sentence whose query words stand close together.
	proximityShare = 0.4
	// sentK1 and sentB are BM25's k1 and b for sentences, which are short: one mention
	// of a word says nearly as much as two.
	sentK1 = 0.5
	sentB  = 0.4
	// typeBoost multiplies the score of a sentence that holds the kind of answer the
	// question asks for within typedNear words of a query word; farTypeShare is the share
	// of that boost for one further away.
	typeBoost    = 1.7
	typedNear    = 2
	farTypeShare = 0.5
)
