// Package retrieval cleans articles down to their content, splits it into sentences and
// chunks, and ranks chunks and sentences against a question.
//
// New builds an Index: Clean keeps each article's content (no contact lines, disclaimers,
// promos or repeats), Split cuts it into sentences, and those are grouped into chunks of
// about 100 to 150 words. A question's path reads top to bottom once:
//
//   - parse turns it into weighted terms (Snowball stems, stop words dropped, question
//     words weighed down, a misspelt name read as the corpus word one edit away) and adds
//     the words WordNet relates to them (package lexicon), each weighing less than its own;
//   - Search finds candidate chunks by BM25F over body and headlines, and re-ranks the
//     best with the fitted weighing of their ChunkFeatures;
//   - RankSentences scores the sentences of the best chunks by the fitted weighing of their
//     Features, and says how confident it is (a calibrated probability) that quoting each
//     answers the question; Weights.Covers says whether that is enough.
//
// The weights are fitted on data (weights_gen.go says how). Terms and IsStopWord expose
// the analysis, and Sentence, SentenceTerms, SentencesWith and SentenceIDF the index's
// sentences, so that no other layer analyses the corpus again.
package retrieval

import (
	"sync"

	"storybot"
)

// Options tune the ranking.
type Options struct {
	// K1 is BM25's term-frequency saturation; 0.9 when zero or negative.
	K1 float64
	// B is BM25's length normalisation, from 0 (none) to 1 (full); 0.75 when outside that range.
	B float64
	// Weights are the sentence scorer's; nil means Fitted, the weights fitted on SQuAD.
	Weights *Weights
}

// DefaultOptions returns k1 0.9 and b 0.75: a little less term-frequency saturation than
// the textbook 1.2, which ranks paragraphs better on SQuAD and on the story alike.
func DefaultOptions() Options { return Options{K1: 0.9, B: 0.75} }

// Hit is a chunk ranked for a query.
type Hit struct {
	storybot.Passage
	// Chunk is the chunk's position in the index.
	Chunk int
	// Coverage is the share, from 0 to 1, of the query's weight that the chunk matches: the
	// calibrated signal that says whether the articles cover the question at all.
	Coverage float64
}

// SentenceHit is a sentence ranked for a query.
type SentenceHit struct {
	storybot.Passage
	// Sentence is the sentence's number in the index (see Index.Sentence).
	Sentence int
	// Chunk is the chunk the sentence belongs to.
	Chunk int
	// Coverage is as for Hit, for the sentence alone.
	Coverage float64
	// Features are the signals the scorer weighed; Score (in Passage) is their weighing.
	Features Features
	// Confidence is the calibrated probability that quoting the sentence answers the
	// query; Weights.Covers says whether that is enough.
	Confidence float64
}

// Index is an immutable index of a corpus. It is safe for concurrent use.
type Index struct {
	docs   []storybot.Document
	opts   Options
	chunks []chunk
	sents  []sentence
	// toks and flags hold the term id and the answer-type flags of every body word
	// that is not a stop word, sentence after sentence.
	toks  []int32
	flags []uint8

	// terms maps a stem to its id, words a normalised word to its stem's id (-1 for a stop word).
	terms map[string]int32
	words wordTable
	// stems[id] is term id's stem; named[id] says the corpus writes it as a name.
	stems []string
	named []bool
	// related[relatedOff[id]:relatedOff[id+1]] are the terms related to term id,
	// strongest first: one array, so that a query reads its words' relations from a few
	// cache lines.
	related    []relatedTerm
	relatedOff []int32
	// spelling buckets the corpus' words for reading misspelt query words.
	spelling map[spellKey][]spelt
	df       []int32
	idf      []float32
	// sentChunk[i] is sentence i's chunk; sentPostings[sentOffsets[t]:sentOffsets[t+1]]
	// are the sentences term t occurs in, in order.
	sentChunk                 []int32
	sentOffsets, sentPostings []int32
	// postings[offsets[t]:offsets[t+1]] are the chunks term t occurs in, in chunk order.
	offsets  []int32
	postings []posting
	maxIDF   float64
	// typicalIDF is the IDF of the corpus' median running word.
	typicalIDF float64
	avgSent    float64

	pool sync.Pool
	// unknown caches the term ids of query words that words does not hold.
	unknownMu sync.RWMutex
	unknown   map[string]unknownWord
}

// New indexes docs: it cleans each article, splits it into sentences and groups those into
// chunks of about 100 to 150 words.
func New(docs []storybot.Document, opts Options) *Index {
	if opts.K1 <= 0 {
		opts.K1 = 0.9
	}
	if opts.B < 0 || opts.B > 1 {
		opts.B = 0.75
	}
	ix := &Index{docs: docs, opts: opts, unknown: make(map[string]unknownWord)}
	ix.build()
	return ix
}

// Documents returns the indexed documents, in corpus order.
func (ix *Index) Documents() []storybot.Document { return ix.docs }

// Chunk returns chunk i, from 0 to NumChunks()-1, and its quotable sentences (headlines
// are indexed with the chunk but are not among them).
func (ix *Index) Chunk(i int) (storybot.Passage, []storybot.Passage) {
	c := ix.chunks[i]
	text := ix.docs[c.doc].Text
	p := storybot.Passage{Doc: int(c.doc), Start: int(c.start), End: int(c.end), Text: text[c.start:c.end]}
	sents := make([]storybot.Passage, 0, c.sentEnd-c.sentStart)
	for _, s := range ix.sents[c.sentStart:c.sentEnd] {
		sents = append(sents, storybot.Passage{Doc: int(c.doc), Start: int(s.start), End: int(s.end), Text: text[s.start:s.end]})
	}
	return p, sents
}

// NumChunks returns how many chunks the index holds.
func (ix *Index) NumChunks() int { return len(ix.chunks) }
