package retrieval

import (
	"math"
	"math/bits"
)

// Feature names one signal the scorer weighs for a candidate sentence. Every feature is
// a number from 0 to about 1, computed from the index alone, so that fitted weights carry
// from one corpus to another.
type Feature int

// The features of a candidate sentence.
const (
	// FeatBM25 is the sentence's own BM25 score for the query over the query's weight.
	FeatBM25 Feature = iota
	// FeatChunk is the score of the sentence's chunk over the best hit's.
	FeatChunk
	// FeatFirstChunk is 1 when the sentence's chunk is the best hit.
	FeatFirstChunk
	// FeatCoverage is the share of the query's weight the sentence holds as written
	// (stems alike).
	FeatCoverage
	// FeatRelated is the share of the query's weight the sentence holds only through a
	// related word (a synonym or a derived form), never through the word itself.
	FeatRelated
	// FeatMatched is the share of the query's distinct terms the sentence holds, each
	// counted once whatever its weight.
	FeatMatched
	// FeatWindow is the share of the query's weight the sentence holds together with the
	// one before it, where "he" or "the company" usually gets its name.
	FeatWindow
	// FeatPassage is the share of the query's weight the sentence's chunk holds.
	FeatPassage
	// FeatDensity is how close together the query's words stand: 1 side by side.
	FeatDensity
	// FeatPairs is the share of the query's neighbouring word pairs the sentence holds
	// side by side.
	FeatPairs
	// FeatTypeNear is 1 when the sentence holds the kind of answer the question asks
	// for (a name for who, a number for how many) within a few words of a query word.
	FeatTypeNear
	// FeatTypeAny is 1 when it holds that kind of answer anywhere.
	FeatTypeAny
	// FeatNames is the share of the weight of the names the question mentions that the
	// sentence holds; 1 when the question mentions none. An answer about the question's
	// subject names it: "OpenAI CEO Sam Altman" does not say who Stoke's CEO is.
	FeatNames
	// FeatFocus is 0 when the question counts or measures a thing ("how many
	// employees") that the sentence does not mention, 1 otherwise.
	FeatFocus
	// FeatUnknown is the share of the query's weight on words the corpus never uses and
	// WordNet does not know either: names and terms of art, what a question is about.
	FeatUnknown
	// FeatUnknownName is 1 when the question mentions a name the corpus never uses.
	FeatUnknownName
	// FeatRank is 1/(1+r) for a sentence of the r-th hit, counted from 0.
	FeatRank
	// FeatLength is the sentence's length in words over 40, at most 1.
	FeatLength
	// FeatNovel is the share of the sentence's words that are not the query's: an answer
	// says something the question does not.
	FeatNovel
	// FeatOpening is 1 for the first sentence of a paragraph.
	FeatOpening
	// FeatTypeMissing is 1 when the question asks for a kind of answer (a number for how
	// many, a name for who) and the sentence holds none: it can say something about the
	// question's subject, not answer it.
	FeatTypeMissing
	// FeatPairsMissing is 1 when the question has neighbouring words ("Stoke's CEO") and
	// the sentence holds none of them side by side: its words may belong to other things.
	FeatPairsMissing
	// FeatUnknownCommon is the share on everyday words the corpus never uses: mostly how
	// the question is put ("Where do the talks stand?").
	FeatUnknownCommon
	// FeatTie is the share of the pairs of words the question ties together ("Stoke's
	// CEO", "the CEO of Stoke") that the sentence holds within a few words of each other;
	// 1 when it ties none. "OpenAI CEO Sam Altman ... Stoke" does not say who Stoke's CEO is.
	FeatTie
	// NumFeatures counts the features.
	NumFeatures
)

// featureNames are the features' names, as the generated weights and the fitting tool
// call them.
var featureNames = [NumFeatures]string{
	"bm25", "chunk", "first_chunk", "coverage", "related", "matched", "window", "passage",
	"density", "pairs", "type_near", "type_any", "names", "focus", "unknown", "unknown_name",
	"rank", "length", "novel", "opening", "type_missing", "pairs_missing",
	"unknown_common", "tie",
}

// String returns the feature's name.
func (f Feature) String() string {
	if f < 0 || f >= NumFeatures {
		return "feature?"
	}
	return featureNames[f]
}

// Features are a candidate sentence's signals, indexed by Feature.
type Features [NumFeatures]float64

// sentenceWalk is what one pass over a sentence's words finds of the query.
type sentenceWalk struct {
	// tf counts each query term; exact and related hold the slots found as written and
	// through a related word.
	tf             [maxQueryTerms]uint8
	exact, related uint64
	// matched counts the distinct terms found, first and last where the first and last
	// of them stand.
	matched, first, last int
	// typed is 2 when the kind of answer asked for stands near a query word, 1 when it
	// stands anywhere, 0 when it is not there.
	typed int
	// pairs and tied hold the query's word pairs found side by side and its ties found
	// within tieWindow words.
	pairs, tied uint64
}

// walk reads the sentence's words once for what they hold of q.
func (ix *Index) walk(q *query, s *scratch, toks []int32, flags []uint8) sentenceWalk {
	w := sentenceWalk{first: -1, last: -1}
	lastTyped, prevQ := -1<<30, -1
	var lastAt [maxQueryTerms]int
	if len(q.ties) > 0 {
		for k := range lastAt {
			lastAt[k] = -1 << 20
		}
	}
	for i, id := range toks {
		p := s.qpos[id]
		if p == 0 {
			prevQ = -1
			if flags[i]&q.want != 0 {
				w.typed = max(w.typed, 1)
				if w.last >= 0 && i-w.last <= typedNear {
					w.typed = 2
				}
				lastTyped = i
			}
			continue
		}
		qi := int(p - 1)
		if i-lastTyped <= typedNear {
			w.typed = 2
		}
		slot := q.terms[qi].slot
		if len(q.ties) > 0 {
			lastAt[slot] = i
			for k, t := range q.ties {
				a, b := int(t[0]), int(t[1])
				if (a == slot || b == slot) && lastAt[a+b-slot] >= i-tieWindow {
					w.tied |= 1 << uint(k)
				}
			}
		}
		if q.terms[qi].related {
			w.related |= 1 << uint(slot)
		} else {
			w.exact |= 1 << uint(slot)
		}
		if w.tf[qi] == 0 {
			w.matched++
		}
		if w.tf[qi] < 255 {
			w.tf[qi]++
		}
		if w.first < 0 {
			w.first = i
		}
		w.last = i
		if prevQ >= 0 && prevQ != slot {
			if n := q.pair(prevQ, slot); n >= 0 {
				w.pairs |= 1 << uint(n)
			}
		}
		prevQ = slot
	}
	return w
}

// sentenceFeatures computes the features of candidate c for query q. weights are the
// query terms' weights among the candidates (rarer among them, heavier).
func (ix *Index) sentenceFeatures(q *query, s *scratch, c sentCand, weights *[maxQueryTerms]float64, hits []Hit) Features {
	var f Features
	sent := ix.sents[c.i]
	toks := ix.toks[sent.tokStart:sent.tokEnd]
	w := ix.walk(q, s, toks, ix.flags[sent.tokStart:sent.tokEnd])
	found := w.exact | w.related
	if q.mass > 0 {
		norm := sentK1 * (1 - sentB + sentB*float64(len(toks))/ix.avgSent)
		var bm float64
		for t := range q.terms {
			if n := float64(w.tf[t]); n > 0 {
				bm += weights[t] * n * (sentK1 + 1) / (n + norm)
			}
		}
		f[FeatBM25] = bm / q.mass
		f[FeatCoverage] = q.maskWeight(w.exact) / q.mass
		f[FeatRelated] = q.maskWeight(w.related&^w.exact) / q.mass
		f[FeatUnknown] = q.unknown / q.mass
		f[FeatUnknownCommon] = q.unknownCommon / q.mass
		f[FeatWindow] = q.maskWeight(found|c.prev) / q.mass
		f[FeatPassage] = q.maskWeight(c.chunkMask) / q.mass
	}
	if q.slots > 0 {
		f[FeatMatched] = float64(bits.OnesCount64(found)) / float64(q.slots)
	}
	if w.matched > 1 {
		f[FeatDensity] = float64(w.matched) / float64(w.last-w.first+1)
	}
	if len(q.pairs) > 0 {
		f[FeatPairs] = float64(bits.OnesCount64(w.pairs)) / float64(min(len(q.pairs), 64))
		f[FeatPairsMissing] = flag(w.pairs == 0)
	}
	if q.want != 0 {
		f[FeatTypeNear], f[FeatTypeAny], f[FeatTypeMissing] = flag(w.typed == 2), flag(w.typed > 0), flag(w.typed == 0)
	}
	f[FeatTie] = 1
	if len(q.ties) > 0 {
		f[FeatTie] = float64(bits.OnesCount64(w.tied)) / float64(len(q.ties))
	}
	f[FeatNames] = 1
	if q.names > 0 {
		f[FeatNames] = q.maskWeight(found&q.nameSlots) / q.names
	}
	f[FeatFocus] = flag(q.focus == 0 || found&q.focus != 0)
	f[FeatUnknownName] = flag(q.unknownName)
	// Chunk scores are log-odds up to a constant: their difference is the odds ratio.
	f[FeatChunk] = math.Exp(max(hits[c.hit].Score-hits[0].Score, -20))
	f[FeatFirstChunk] = flag(c.hit == 0)
	f[FeatRank] = 1 / float64(1+c.hit)
	f[FeatLength] = min(float64(sent.words)/40, 1)
	if len(toks) > 0 {
		held := 0
		for _, n := range w.tf {
			held += int(n)
		}
		f[FeatNovel] = 1 - float64(held)/float64(len(toks))
	}
	f[FeatOpening] = flag(sent.para)
	return f
}

// flag is 1 for true, 0 for false.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// dot is the linear score of features under weights.
func dot(w *[NumFeatures]float64, f *Features) float64 {
	var s float64
	for i, x := range f {
		s += w[i] * x
	}
	return s
}

// sigmoid maps a log-odds to a probability.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
