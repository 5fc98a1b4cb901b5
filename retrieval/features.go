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

// sentenceFeatures computes the features of candidate c for query q. weights are the
// query terms' weights among the candidates (rarer among them, heavier); top is the best
// hit's score.
func (ix *Index) sentenceFeatures(q *query, s *scratch, c sentCand, weights *[maxQueryTerms]float64, hits []Hit) Features {
	var f Features
	sent := ix.sents[c.i]
	toks := ix.toks[sent.tokStart:sent.tokEnd]
	flags := ix.flags[sent.tokStart:sent.tokEnd]
	norm := sentK1 * (1 - sentB + sentB*float64(len(toks))/ix.avgSent)
	var tf [maxQueryTerms]uint8
	var exact, related uint64
	typed := 0
	first, last, matched := -1, -1, 0
	lastTyped := -1 << 30
	prevQ := -1
	var pairs, tied uint64
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
				typed = max(typed, 1)
				if last >= 0 && i-last <= typedNear {
					typed = 2
				}
				lastTyped = i
			}
			continue
		}
		qi := int(p - 1)
		if i-lastTyped <= typedNear {
			typed = 2
		}
		slot := q.terms[qi].slot
		if len(q.ties) > 0 {
			lastAt[slot] = i
			for k, t := range q.ties {
				a, b := int(t[0]), int(t[1])
				if (a == slot || b == slot) && lastAt[a+b-slot] >= i-tieWindow {
					tied |= 1 << uint(k)
				}
			}
		}
		if q.terms[qi].related {
			related |= 1 << uint(slot)
		} else {
			exact |= 1 << uint(slot)
		}
		if tf[qi] == 0 {
			matched++
		}
		if tf[qi] < 255 {
			tf[qi]++
		}
		if first < 0 {
			first = i
		}
		last = i
		if prevQ >= 0 && prevQ != slot {
			if n := q.pair(prevQ, slot); n >= 0 {
				pairs |= 1 << uint(n)
			}
		}
		prevQ = slot
	}
	if q.mass > 0 {
		var bm float64
		for t := range q.terms {
			if n := float64(tf[t]); n > 0 {
				bm += weights[t] * n * (sentK1 + 1) / (n + norm)
			}
		}
		f[FeatBM25] = bm / q.mass
		f[FeatCoverage] = q.maskWeight(exact) / q.mass
		f[FeatRelated] = q.maskWeight(related&^exact) / q.mass
		f[FeatUnknown] = q.unknown / q.mass
		f[FeatUnknownCommon] = q.unknownCommon / q.mass
		prev := c.prev
		f[FeatWindow] = q.maskWeight(exact|related|prev) / q.mass
		f[FeatPassage] = q.maskWeight(c.chunkMask) / q.mass
	}
	if q.slots > 0 {
		f[FeatMatched] = float64(bits.OnesCount64(exact|related)) / float64(q.slots)
	}
	if matched > 1 {
		f[FeatDensity] = float64(matched) / float64(last-first+1)
	}
	if len(q.pairs) > 0 {
		f[FeatPairs] = float64(bits.OnesCount64(pairs)) / float64(min(len(q.pairs), 64))
		if pairs == 0 {
			f[FeatPairsMissing] = 1
		}
	}
	if q.want != 0 {
		if typed == 2 {
			f[FeatTypeNear] = 1
		}
		if typed > 0 {
			f[FeatTypeAny] = 1
		} else {
			f[FeatTypeMissing] = 1
		}
	}
	f[FeatTie] = 1
	if len(q.ties) > 0 {
		f[FeatTie] = float64(bits.OnesCount64(tied)) / float64(len(q.ties))
	}
	f[FeatNames] = 1
	if q.names > 0 {
		f[FeatNames] = q.maskWeight((exact|related)&q.nameSlots) / q.names
	}
	f[FeatFocus] = 1
	if q.focus != 0 && (exact|related)&q.focus == 0 {
		f[FeatFocus] = 0
	}
	if q.unknownName {
		f[FeatUnknownName] = 1
	}
	// Chunk scores are log-odds up to a constant: their difference is the odds ratio.
	f[FeatChunk] = math.Exp(max(hits[c.hit].Score-hits[0].Score, -20))
	if c.hit == 0 {
		f[FeatFirstChunk] = 1
	}
	f[FeatRank] = 1 / float64(1+c.hit)
	f[FeatLength] = min(float64(sent.words)/40, 1)
	if len(toks) > 0 {
		hits := 0
		for _, n := range tf {
			hits += int(n)
		}
		f[FeatNovel] = 1 - float64(hits)/float64(len(toks))
	}
	if sent.para {
		f[FeatOpening] = 1
	}
	return f
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
