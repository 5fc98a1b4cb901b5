package answer

import "sort"

// Similarity thresholds. Citing another article for a sentence needs it to say the same
// thing; keeping a sentence out of an answer or a summary as a repeat needs less, since a
// near-repeat adds little.
const (
	sameThreshold   = 0.45
	repeatThreshold = 0.38
	// rareTerms is how many of a sentence's rarest terms a restatement of it is looked
	// for by.
	rareTerms = 6
)

// similarity says how much two sentences say the same thing, from 0 to 1: the cosine of
// their TF-IDF vectors, or, when one restates the other with words added, how much of the
// shorter one's weight the longer one holds (discounted, as containment is weaker evidence).
func (st *stats) similarity(a, b *sentence) float64 {
	sim := cosine(a.vec, b.vec)
	if c := 0.8 * st.containment(a, b); c > sim {
		sim = c
	}
	return sim
}

// containment is the share of the lighter sentence's IDF weight that the other holds;
// zero when the lighter one has too few terms to judge.
func (st *stats) containment(a, b *sentence) float64 {
	if len(a.terms) > len(b.terms) {
		a, b = b, a
	}
	if len(a.terms) < 4 {
		return 0
	}
	lighter := min(a.mass, b.mass)
	if lighter == 0 {
		return 0
	}
	var shared float64
	for t := range a.terms {
		if b.terms[t] > 0 {
			shared += st.idf(t)
		}
	}
	return shared / lighter
}

// same reports whether sentences i and j say the same thing.
func (st *stats) same(i, j int) bool {
	return st.similarity(&st.sents[i], &st.sents[j]) >= sameThreshold
}

// repeat reports whether sentences i and j say nearly the same thing.
func (st *stats) repeat(i, j int) bool {
	return i == j || st.similarity(&st.sents[i], &st.sents[j]) >= repeatThreshold
}

// echoes returns, for each other document, its sentence that says the same as sentence i
// (the most similar one), in document order.
func (st *stats) echoes(i int) []int {
	best, _ := st.neighbours(i, sameThreshold)
	out := make([]int, 0, len(best))
	for _, j := range best {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return st.sents[out[a]].Doc < st.sents[out[b]].Doc })
	return out
}

// echoCount is len(st.echoes(i)), computed once.
func (st *stats) echoCount(i int) int {
	if n := st.echoN[i].Load(); n > 0 {
		return int(n - 1)
	}
	n := len(st.echoes(i))
	st.echoN[i].Store(int32(n + 1))
	return n
}

// support is how much the other documents say what sentence i says: the sum, over them,
// of their most similar sentence's similarity, when it is at least half-way similar.
func (st *stats) support(i int) float64 {
	_, sims := st.neighbours(i, sameThreshold/2)
	var sum float64
	for _, sim := range sims {
		sum += sim
	}
	return sum
}

// neighbours returns, for each other document, its sentence most similar to sentence i
// and their similarity, when that is at least threshold. It looks only at sentences that
// share one of i's rarest terms, which any restatement does.
func (st *stats) neighbours(i int, threshold float64) (best map[int]int, bestSim map[int]float64) {
	s := &st.sents[i]
	best, bestSim = map[int]int{}, map[int]float64{}
	tried := map[int]bool{}
	for _, t := range s.rare {
		for _, sj := range st.ix.SentencesWith(t) {
			j := int(sj)
			d := st.sents[j].Doc
			if d == s.Doc || tried[j] {
				continue
			}
			tried[j] = true
			if sim := st.similarity(s, &st.sents[j]); sim >= threshold && sim > bestSim[d] {
				best[d], bestSim[d] = j, sim
			}
		}
	}
	return best, bestSim
}
