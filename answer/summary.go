package answer

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

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
	// mmrLambda weighs importance against what a sentence adds to the chosen ones.
	mmrLambda = 0.5
	// spreadWeight weighs how far a sentence sits in its article from the chosen ones;
	// spreadWidth is the distance from which that no longer matters.
	spreadWeight = 0.2
	spreadWidth  = 0.2
	// statusBonus favours sentences that say where things stand.
	statusBonus = 0.15
	// bulletRepeat is the similarity from which a sentence repeats a chosen bullet: lower
	// than between quotes, as a summary has no room for the same fact twice.
	bulletRepeat = 0.45
	// weakBullet is the share of the first bullet's importance below which a bullet past
	// the fifth would only pad the summary.
	weakBullet = 0.5
)

// NoSummary is the summary when the articles hold no sentence fit to quote.
const NoSummary = "I couldn't find anything to summarise in these articles. Try /sources for the list of articles."

// extractive is the summary made of verbatim sentences: the most central sentences of the
// corpus, picked for diversity, told in the order the articles tell them. The corpus does
// not change, so it is made once; each caller gets its own copy.
func (e *Engine) extractive() storybot.Summary {
	e.sumOnce.Do(func() { e.sum = e.summarise() })
	s := e.sum
	s.Bullets = make([]storybot.Bullet, len(e.sum.Bullets))
	for i, b := range e.sum.Bullets {
		b.Citations = append([]storybot.Citation{}, b.Citations...)
		s.Bullets[i] = b
	}
	return s
}

// summarise makes the extractive summary.
func (e *Engine) summarise() storybot.Summary {
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
	sort.SliceStable(idx, func(a, b int) bool {
		if oa, ob := steady(order[idx[a]]), steady(order[idx[b]]); oa != ob {
			return oa < ob
		}
		// At the same point of their articles: in corpus order.
		sa, sb := &st.sents[picked[idx[a]]], &st.sents[picked[idx[b]]]
		if sa.Doc != sb.Doc {
			return sa.Doc < sb.Doc
		}
		return sa.Start < sb.Start
	})

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
			cites = append(cites, n.citation(p.Doc, p.Start, p.End))
		}
		s.Bullets = append(s.Bullets, storybot.Bullet{Text: text, Citations: cites})
		lines = append(lines, "- "+text)
	}
	s.Text = strings.Join(lines, "\n")
	return s
}

// pickBullets chooses the summary's sentences greedily: each next one is the sentence that
// best combines importance with the story's concepts (terms several articles use) that no
// chosen sentence mentions yet, so that together they tell the whole story; a sentence that
// repeats a chosen one is never taken.
func pickBullets(st *stats) []int {
	imp := importance(st)
	concept := concepts(st)
	covered := map[int32]bool{}
	gain := func(i int) float64 {
		var g float64
		for t := range st.sents[i].terms {
			if !covered[t] {
				g += concept[t]
			}
		}
		return g / math.Sqrt(float64(len(st.sents[i].terms))+1)
	}
	var topImp, topGain float64
	for i := range st.sents {
		if imp[i] > 0 {
			topImp = max(topImp, imp[i])
			topGain = max(topGain, gain(i))
		}
	}
	if topImp == 0 || topGain == 0 {
		return nil
	}
	var picked []int
	var firstScore float64
	for len(picked) < maxBullets {
		best, bestScore := -1, math.Inf(-1)
		for i := range st.sents {
			if imp[i] == 0 {
				continue
			}
			if repeatsAny(st, picked, i) {
				imp[i] = 0
				continue
			}
			sc := mmrLambda*imp[i]/topImp + (1-mmrLambda)*gain(i)/topGain
			sc = steady(sc + spreadWeight*spread(st, picked, i))
			if sc > bestScore {
				best, bestScore = i, sc
			}
		}
		if best < 0 || len(picked) >= minBullets && bestScore < weakBullet*firstScore {
			break
		}
		if len(picked) == 0 {
			firstScore = bestScore
		}
		picked = append(picked, best)
		imp[best] = 0
		for t := range st.sents[best].terms {
			covered[t] = true
		}
	}
	return picked
}

// spread is how far sentence i sits, by its position in its article, from the nearest
// chosen sentence, from 0 to 1: a story told in order draws on its beginning, middle and end.
func spread(st *stats, picked []int, i int) float64 {
	if len(picked) == 0 {
		return 1
	}
	d := 1.0
	for _, j := range picked {
		d = min(d, math.Abs(st.sents[i].pos-st.sents[j].pos))
	}
	return min(d/spreadWidth, 1)
}

// repeatsAny reports whether sentence i says nearly what one of picked says.
func repeatsAny(st *stats, picked []int, i int) bool {
	for _, j := range picked {
		if st.similarity(&st.sents[i], &st.sents[j]) >= bulletRepeat {
			return true
		}
	}
	return false
}

// concepts weighs each term by how many articles beyond the first use it: what several
// articles mention is part of the story, what one mentions is a detail.
func concepts(st *stats) map[int32]float64 {
	docs := map[int32]map[int]bool{}
	for i := range st.sents {
		for t := range st.sents[i].terms {
			if docs[t] == nil {
				docs[t] = map[int]bool{}
			}
			docs[t][st.sents[i].Doc] = true
		}
	}
	w := make(map[int32]float64, len(docs))
	for t, ds := range docs {
		if len(ds) > 1 {
			w[t] = float64(len(ds) - 1)
		}
	}
	return w
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
		echo := st.support(i) / others
		imp[i] = 0.25*imp[i]/topCentroid + 0.6*echo + 0.15*(1-st.sents[i].pos)
		if statusA.MatchString(st.sents[i].Text) {
			// A story's summary says where things stand: going on, stalled, over.
			imp[i] += statusBonus
		}
		if leansBack(st.sents[i].Text) {
			// "This investment…", "Since then…": out of its article, it lacks what it refers to.
			imp[i] *= 0.6
		}
	}
	return imp
}

// bulletFit reports whether text can stand alone as a bullet: a whole sentence of prose of
// a reasonable length, not a question, and not a quotation whose speaker it does not name.
func bulletFit(text string) bool {
	n := len(strings.Fields(text))
	first, _ := utf8.DecodeRuneInString(text)
	return n >= minBulletWords && n <= maxBulletWords && prose(text) && !asks(text) &&
		!strings.ContainsRune("\"'“‘", first)
}

// leaning holds the words with which a sentence leans on the one before it.
var leaning = map[string]bool{
	"this": true, "that": true, "these": true, "those": true, "it": true, "he": true,
	"she": true, "they": true, "his": true, "her": true, "its": true, "their": true,
	"since": true, "then": true, "however": true, "but": true, "and": true, "also": true,
	"meanwhile": true, "therefore": true, "thus": true, "such": true, "as": true,
}

// leansBack reports whether text opens with a word that refers to what came before it.
func leansBack(text string) bool {
	f := strings.Fields(text)
	if len(f) == 0 {
		return false
	}
	return leaning[strings.ToLower(strings.Trim(f[0], ",;:"))]
}

// statusA finds the words that say where something stands: going on, stalled, over.
var statusA = regexp.MustCompile(`(?i)\b(no longer|stall(ed|s)?|on hold|suspended|paused|cooled|quiet(ed)?|resumed|halted|ended|collapsed|finali[sz]ed|completed|agreed|underway|under way|stopped|abandoned|postponed|delayed|continu(e|es|ed|ing)|active|progress(ed|ing)?)\b`)

// steady rounds a score so that sums taken over maps, in whatever order, compare the
// same from run to run.
func steady(x float64) float64 { return math.Round(x*1e9) / 1e9 }
