package answer

import (
	"math"
	"sort"
	"strings"

	"storybot"
	"storybot/retrieval"
)

// When the articles cover a question: the best chunk must match at least minHitCoverage of
// the query's weight by retrieval's calibrated measure, and one sentence at least
// minSentenceCoverage by ours, which weighs names the corpus never mentions heavily, in a
// chunk that mentions the names the question does.
// A sentence that covers less may still answer when its passage covers the question well
// (at least minPassageCoverage): the rest of the question is in the sentences around it.
const (
	minHitCoverage      = 0.3
	minSentenceCoverage = 0.45
	minPassageCoverage  = 0.65
	minSupportedCover   = 0.3
	// extraQuoteShare is how close to the best sentence's score, and extraCoverShare to
	// its coverage, a second or third one must come to be quoted too: weaker ones would
	// only pad the answer.
	extraQuoteShare = 0.8
	extraCoverShare = 0.8
)

// AskForQuestion is the reply to an empty question.
const AskForQuestion = "Please ask a question about the story, for example what happened or who is involved. Try /summary for the whole story or /sources for the list of articles."

// candidate is a sentence of a retrieved chunk, scored for a question.
type candidate struct {
	sent     int
	coverage float64
	// passage is the coverage of the sentence's chunk as a whole.
	passage float64
	// named is true when the sentence holds every name the question mentions and most of
	// its words (wquery.namedIn).
	named bool
	score float64
}

// answers reports whether the candidate covers enough of the question to be quoted.
func (c candidate) answers() bool {
	return c.coverage >= minSentenceCoverage || c.passage >= minPassageCoverage && c.coverage >= minSupportedCover || c.named
}

// Quote answers question with verbatim sentences of the given hits, as Ask does without
// an LLM and without conversation history. The hits must be chunks of the Engine's index,
// as Search returns them (for example re-ranked, or chosen by another search engine and
// mapped to their chunk numbers); out-of-range chunks are ignored.
func (e *Engine) Quote(question string, hits []retrieval.Hit) storybot.Answer {
	return e.quotes(question, question, hits)
}

// quotes is the quote-only answer: the one to MaxQuotes sentences that answer question
// best, the best first, each quoted once and cited to every article that says it.
func (e *Engine) quotes(question, query string, hits []retrieval.Hit) storybot.Answer {
	// An empty list, not nil, so that JSON shows "citations": [].
	a := storybot.Answer{Question: question, Mode: storybot.ModeQuotes, Citations: []storybot.Citation{}}
	if strings.TrimSpace(question) == "" {
		a.Text = AskForQuestion
		return a
	}
	st := e.corpusStats()
	groups := e.pickQuotes(st, question, query, hits)
	if len(groups) == 0 {
		a.Text = NotFound
		return a
	}
	n := newNumbering(e.ix.Documents())
	lines := make([]string, len(groups))
	for i, g := range groups {
		ps := make([]storybot.Passage, len(g))
		for k, s := range g {
			ps[k] = st.sents[s].Passage
		}
		lines[i] = "> " + display(ps[0].Text) + " " + n.markers(ps)
	}
	a.Found = true
	a.Text = strings.Join(lines, "\n\n")
	a.Citations = n.cites
	return a
}

// pickQuotes returns the sentences to quote, best first, each with the sentences of other
// articles that say the same thing; none when the articles do not cover the question.
// A message of several sentences is covered when one of them is ("Hi! Who founded Stoke?"),
// so that greetings or noise around a question do not hide it.
func (e *Engine) pickQuotes(st *stats, question, query string, hits []retrieval.Hit) [][]int {
	extra := ""
	if rest, ok := strings.CutPrefix(query, question); ok {
		extra = rest
	}
	for _, part := range parts(question) {
		q := query
		if part != question {
			// The hits were found for the whole message; this sentence needs its own.
			q = part + extra
			hits = e.ix.Search(q, max(len(hits), 5))
		}
		// Retrieval's coverage is of the whole message: it judges the whole only.
		if groups := e.pickFor(st, part, q, hits, part == question); len(groups) > 0 {
			return groups
		}
	}
	return nil
}

// maxParts bounds how many sentences of a long message are tried as the question.
const maxParts = 4

// parts returns question whole, then, when it holds several sentences, each of them.
func parts(question string) []string {
	out := []string{question}
	start := 0
	for i, r := range question {
		if len(out) > maxParts {
			break
		}
		if r == '?' || r == '!' || r == '.' && (i+1 == len(question) || question[i+1] == ' ' || question[i+1] == '\n') || r == '\n' {
			if p := strings.TrimSpace(question[start : i+1]); p != "" && p != question {
				out = append(out, p)
			}
			start = i + 1
		}
	}
	if p := strings.TrimSpace(question[start:]); p != "" && p != question && len(out) <= maxParts {
		out = append(out, p)
	}
	return out
}

// pickFor is pickQuotes for one sentence of the question.
func (e *Engine) pickFor(st *stats, question, query string, hits []retrieval.Hit, whole bool) [][]int {
	q := st.weigh(question, query)
	cands := e.candidates(st, q, question, query, hits, whole)
	if len(cands) == 0 {
		return nil
	}
	var covered bool
	for _, c := range cands {
		covered = covered || c.answers()
	}
	if !covered {
		return nil
	}
	var groups [][]int
	best := cands[0].score
	// When the best sentence holds the kind of thing asked for, one that does not would
	// only pad the answer.
	needKind, bestCover, bestTopic := false, 0.0, 0.0
	for _, c := range cands {
		if len(groups) == e.opts.MaxQuotes || c.score < extraQuoteShare*best && len(groups) > 0 {
			break
		}
		if !c.answers() || repeats(st, groups, c.sent) {
			continue
		}
		fits := q.kind.fitsSentence(&st.sents[c.sent], question)
		topic := topicShare(q, st.sents[c.sent].terms)
		if len(groups) == 0 {
			needKind, bestCover, bestTopic = fits, c.coverage, topic
		} else if needKind && !fits || c.coverage < extraCoverShare*bestCover || topic < bestTopic {
			// An extra quote must be as much about what the conversation is about.
			continue
		}
		g := []int{c.sent}
		for _, j := range st.echoes(c.sent) {
			if coverage(q, st.sents[j].terms) >= minSentenceCoverage*c.coverage {
				g = append(g, j)
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// repeats reports whether sentence s says what a chosen group already says.
func repeats(st *stats, groups [][]int, s int) bool {
	for _, g := range groups {
		for _, j := range g {
			if st.repeat(j, s) {
				return true
			}
		}
	}
	return false
}

// candidates scores the sentences of the hits for the question, best first (see
// scorer.score). With gate, the hits must pass retrieval's own coverage check.
func (e *Engine) candidates(st *stats, q wquery, question, query string, hits []retrieval.Hit, gate bool) []candidate {
	sc := scorer{st: st, q: q, question: question, bm: map[span]float64{}}
	var topCov float64
	for _, h := range hits {
		if h.Chunk >= 0 && h.Chunk < len(st.byChunk) {
			sc.top = max(sc.top, h.Score)
			topCov = max(topCov, h.Coverage)
		}
	}
	if sc.top <= 0 || gate && topCov < minHitCoverage {
		return nil
	}
	for _, sh := range e.ix.RankSentences(query, hits, 64) {
		p := trimPassage(sh.Passage)
		sc.bm[span{p.Doc, p.Start, p.End}] = sh.Score
		sc.bmTop = max(sc.bmTop, sh.Score)
	}
	sc.others = float64(max(len(e.ix.Documents())-1, 1))
	seen := map[int]bool{}
	var out []candidate
	for _, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(st.byChunk) {
			continue
		}
		ct := chunkTerms{st, h.Chunk}
		if !q.namesIn(ct) {
			continue
		}
		passage := coverage(q, ct)
		for _, i := range st.byChunk[h.Chunk] {
			if seen[i] {
				continue
			}
			seen[i] = true
			c := candidate{sent: i, coverage: coverage(q, st.sents[i].terms), passage: passage, named: q.namedIn(st.sents[i].terms)}
			if c.coverage > 0 {
				c.score = sc.score(i, c.coverage, h.Score)
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].sent < out[b].sent
	})
	return out
}

// scorer scores the sentences of one question's hits.
type scorer struct {
	st       *stats
	q        wquery
	question string
	// top is the best hit's score; bm holds retrieval's sentence scores, bmTop the best.
	top, bmTop float64
	bm         map[span]float64
	// others is how many documents could echo a sentence.
	others float64
}

// score mixes how much of the question sentence i covers (by weight and by count), its
// chunk's rank, retrieval's own score for it, the names the question mentions, whether it
// holds the kind of thing asked for, how many articles report it, and whether it reads
// as prose rather than a headline or a question of its own.
func (sc *scorer) score(i int, cov, hitScore float64) float64 {
	s := &sc.st.sents[i]
	score := 0.3*cov + 0.25*sc.q.matched(s.terms) + 0.1*hitScore/sc.top
	if sc.bmTop > 0 {
		score += 0.3 * sc.bm[span{s.Doc, s.Start, s.End}] / sc.bmTop
	}
	score += 0.1*nameShare(sc.q, s.terms) + 0.1*sc.q.verbatim(s.lower)
	if sc.q.kind.fitsSentence(s, sc.question) {
		score += 0.15
	}
	if sc.q.focus != "" && s.terms.has(sc.q.focus) && named(s.Text, sc.q.focus, sc.question) {
		// "What rocket…": a sentence that names one.
		score += 0.1
	}
	// What several articles report is more likely the story's answer than an aside.
	score += 0.05 * float64(sc.st.echoCount(i)) / sc.others
	if !s.prose {
		// Retrieval keeps headlines out already; what is left may be a list item.
		score *= 0.85
	}
	if s.asks {
		// A question the article asks answers nothing.
		score *= 0.7
	}
	return steady(score)
}

// steady rounds a score so that sums taken over maps, in whatever order, compare the
// same from run to run.
func steady(x float64) float64 { return math.Round(x*1e9) / 1e9 }
