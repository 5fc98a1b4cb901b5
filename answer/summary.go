package answer

import (
	"math"
	"sort"
	"strings"

	"storybot"
)

// The summary's shape: how many bullets, which sentences may be one, and how selection
// trades what matters against what is new.
const (
	minBullets = 5
	maxBullets = 8
	// minBulletWords and maxBulletWords keep out fragments and run-on paragraphs.
	minBulletWords = 8
	maxBulletWords = 60
	// mmrLambda weighs importance against novelty in maximal marginal relevance.
	mmrLambda = 0.7
	// weakBullet is the share of the first bullet's importance below which a bullet past
	// the fifth would only pad the summary.
	weakBullet = 0.6
)

// NoSummary is the summary when the articles hold no sentence fit to quote.
const NoSummary = "I couldn't find anything to summarise in these articles. Try /sources for the list of articles."

// extractive is the summary made of verbatim sentences: the most central sentences of the
// corpus, picked for diversity, told in the order the articles tell them.
func (e *Engine) extractive() storybot.Summary {
	st := e.corpusStats()
	s := storybot.Summary{Mode: storybot.ModeQuotes, Bullets: []storybot.Bullet{}}
	picked := pickBullets(st)
	if len(picked) == 0 {
		s.Text = NoSummary
		return s
	}
	groups := make([][]int, len(picked))
	order := make([]float64, len(picked))
	for k, i := range picked {
		groups[k] = append([]int{i}, st.echoes(i)...)
		for _, j := range groups[k] {
			order[k] += st.sents[j].pos
		}
		order[k] /= float64(len(groups[k]))
	}
	idx := make([]int, len(picked))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return order[idx[a]] < order[idx[b]] })

	n := newNumbering(e.ix.Documents())
	lines := make([]string, 0, len(picked))
	for _, k := range idx {
		g := groups[k]
		ps := make([]storybot.Passage, len(g))
		for m, j := range g {
			ps[m] = st.sents[j].Passage
		}
		text := display(ps[0].Text) + " " + n.markers(ps)
		cites := make([]storybot.Citation, 0, len(g))
		for _, p := range ps {
			cites = append(cites, n.cites[n.byKey[span{p.Doc, p.Start, p.End}]-1])
		}
		s.Bullets = append(s.Bullets, storybot.Bullet{Text: text, Citations: cites})
		lines = append(lines, "- "+text)
	}
	s.Text = strings.Join(lines, "\n")
	return s
}

// pickBullets chooses the summary's sentences by maximal marginal relevance: each next one
// is the most important sentence that says least of what the chosen ones already say,
// and none says the same as one chosen.
func pickBullets(st *stats) []int {
	imp := importance(st)
	var pool []int
	for i := range st.sents {
		if imp[i] > 0 {
			pool = append(pool, i)
		}
	}
	var picked []int
	for len(picked) < maxBullets {
		best, bestMMR := -1, math.Inf(-1)
		for _, i := range pool {
			if imp[i] == 0 {
				continue
			}
			var red float64
			for _, j := range picked {
				red = max(red, st.similarity(&st.sents[i], &st.sents[j]))
			}
			if red >= repeatThreshold {
				imp[i] = 0
				continue
			}
			if m := mmrLambda*imp[i] - (1-mmrLambda)*red; m > bestMMR {
				best, bestMMR = i, m
			}
		}
		if best < 0 || len(picked) >= minBullets && imp[best] < weakBullet*imp[picked[0]] {
			break
		}
		picked = append(picked, best)
		imp[best] = 0
	}
	return picked
}

// importance scores each sentence fit to be a bullet by how central it is to the story:
// how many other articles say the same, how close it is to what the corpus is about as a
// whole, and a little by how early its article tells it, as news puts the main facts first.
// Sentences unfit to be bullets score zero.
func importance(st *stats) []float64 {
	docs := map[int]bool{}
	for i := range st.sents {
		docs[st.sents[i].Doc] = true
	}
	others := float64(max(len(docs)-1, 1))
	imp := make([]float64, len(st.sents))
	var topCentroid float64
	for i := range st.sents {
		s := &st.sents[i]
		if !bulletFit(s.Text) {
			continue
		}
		imp[i] = cosine(s.vec, st.centroid)
		topCentroid = max(topCentroid, imp[i])
	}
	for i := range st.sents {
		if imp[i] == 0 {
			continue
		}
		echo := float64(len(st.echoes(i))) / others
		imp[i] = 0.45*imp[i]/topCentroid + 0.45*echo + 0.1*(1-st.sents[i].pos)
	}
	return imp
}

// bulletFit reports whether text can stand alone as a bullet: a whole sentence of prose of
// a reasonable length.
func bulletFit(text string) bool {
	n := len(strings.Fields(text))
	return n >= minBulletWords && n <= maxBulletWords && prose(text)
}
