package retrieval

// relatedShare is how much a word related to one of the query's own weighs against that
// word in the chunk search: an expansion helps find a passage that says the same thing in
// other words, but never outranks the article's own words.
const relatedShare = 0.5

// maxRelated bounds the related words one query word brings in.
const maxRelated = 6

// expand adds to q, after its own terms, the words the corpus uses that are related to
// them (synonyms and derived forms), each weighing relatedShare of the word it stands for.
func (ix *Index) expand(q *query, s *scratch) {
	for slot := range q.slots {
		own := q.terms[slot]
		n := 0
		for _, r := range related(ix.stems[own.id]) {
			if n == maxRelated || len(q.terms) == maxQueryTerms {
				break
			}
			id, ok := ix.terms[r]
			if !ok || s.qpos[id] != 0 {
				continue
			}
			n++
			q.terms = append(q.terms, qterm{id: id, weight: own.weight * relatedShare, slot: slot, related: true})
			q.sig |= 1 << uint(id&63)
			s.qpos[id] = uint8(len(q.terms))
		}
	}
}

// related returns the stems related to stem, strongest first.
func related(stem string) []string { return nil }
