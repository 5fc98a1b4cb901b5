package retrieval

import "storybot/lexicon"

// relatedShare is the most a word related to one of the query's own weighs against that
// word in the chunk search, less when the relation is weaker: an expansion helps find a
// passage that says the same thing in other words, but never outranks the article's own.
const relatedShare = 0.5

// minStrength is the least strength (lexicon.Relation) of a relation a query follows:
// weaker ones go through rare senses of the words, which mostly bring noise.
const minStrength = 0.05

// maxRelated bounds the related words one query word brings in.
const maxRelated = 6

// relatedTerm is a term of the corpus related to another, with the relation's strength.
type relatedTerm struct {
	id       int32
	strength float32
}

// relateTerms finds, once per index, the terms related to each term.
func (ix *Index) relateTerms() {
	ix.relatedOff = make([]int32, len(ix.stems)+1)
	ix.related = nil
	for id, st := range ix.stems {
		ix.related = append(ix.related, ix.relatedTerms(lexicon.Related(st), int32(id))...)
		ix.relatedOff[id+1] = int32(len(ix.related))
	}
}

// relatedOf returns the terms related to term id, strongest first.
func (ix *Index) relatedOf(id int32) []relatedTerm {
	a, b := ix.relatedOff[id], ix.relatedOff[id+1]
	return ix.related[a:b:b]
}

// relatedTerms returns the corpus' terms among rels (a stem's relations, strongest first),
// at most maxRelated, leaving out the term self.
func (ix *Index) relatedTerms(rels []lexicon.Relation, self int32) []relatedTerm {
	var out []relatedTerm
	for _, r := range rels {
		if len(out) == maxRelated || r.Strength < minStrength {
			break // relations come strongest first
		}
		if id, ok := ix.terms[r.Stem]; ok && id != self {
			out = append(out, relatedTerm{id, r.Strength})
		}
	}
	return out
}

// expand adds to q, after its own terms, the words the corpus uses that are related to
// them (synonyms and derived forms), and those related to the words it never uses.
func (ix *Index) expand(q *query, s *scratch) {
	for slot := range q.slots {
		if own := q.terms[slot]; !own.related {
			ix.addRelated(q, s, slot, ix.relatedOf(own.id))
		}
	}
	for _, p := range q.pending {
		ix.addRelated(q, s, p.slot, p.related)
	}
}

// pendingWord is a query word the corpus never uses, by the terms related to it, and
// its slot.
type pendingWord struct {
	slot    int
	related []relatedTerm
}

// relatedSlot gives a query word the corpus never uses a slot of weight weight when the
// corpus uses a term related to it ("lawsuit" for "sue"), and reports whether it did.
// The strongest such term stands in the slot; expand adds the others.
func (ix *Index) relatedSlot(q *query, s *scratch, related []relatedTerm, weight float32) bool {
	for _, r := range related {
		if len(q.terms) == maxQueryTerms {
			return false
		}
		if s.qpos[r.id] != 0 {
			continue
		}
		slot := len(q.terms)
		q.add(s, qterm{id: r.id, weight: weight * min(relatedShare, r.strength), slot: slot, related: true})
		q.slotW = append(q.slotW, weight)
		q.pending = append(q.pending, pendingWord{slot, related})
		return true
	}
	return false
}

// addRelated adds the related terms to slot, each weighing relatedShare of the slot's
// weight at most, less when the relation is weaker.
func (ix *Index) addRelated(q *query, s *scratch, slot int, related []relatedTerm) {
	own := q.slotW[slot]
	for _, r := range related {
		if len(q.terms) == maxQueryTerms {
			return
		}
		if s.qpos[r.id] != 0 {
			continue
		}
		q.add(s, qterm{id: r.id, weight: own * min(relatedShare, r.strength), slot: slot, related: true})
	}
}
