package answer

import (
	"sort"
	"strings"

	"storybot"
	"storybot/retrieval"
)

// When the articles cover a question: the best chunk must match at least minHitCoverage of
// the query's weight by retrieval's calibrated measure, and one sentence at least
// minSentenceCoverage by ours, which weighs names the corpus never mentions heavily.
const (
	minHitCoverage      = 0.3
	minSentenceCoverage = 0.5
	// extraQuoteShare is how close to the best sentence's score a second or third one
	// must come to be quoted too: weaker ones would only pad the answer.
	extraQuoteShare = 0.8
)

// AskForQuestion is the reply to an empty question.
const AskForQuestion = "Please ask a question about the story, for example what happened or who is involved. Try /summary for the whole story or /sources for the list of articles."

// candidate is a sentence of a retrieved chunk, scored for a question.
type candidate struct {
	sent     int
	coverage float64
	score    float64
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
func (e *Engine) pickQuotes(st *stats, question, query string, hits []retrieval.Hit) [][]int {
	q := st.weigh(question, query)
	cands := e.candidates(st, q, question, query, hits)
	if len(cands) == 0 {
		return nil
	}
	var covered bool
	for _, c := range cands {
		covered = covered || c.coverage >= minSentenceCoverage
	}
	if !covered {
		return nil
	}
	var groups [][]int
	best := cands[0].score
	// When the best sentence holds the kind of thing asked for, one that does not would
	// only pad the answer.
	needKind := false
	for _, c := range cands {
		if len(groups) == e.opts.MaxQuotes || c.score < extraQuoteShare*best && len(groups) > 0 {
			break
		}
		if c.coverage < minSentenceCoverage || repeats(st, groups, c.sent) {
			continue
		}
		fits := q.kind.fitsSentence(&st.sents[c.sent], question)
		if len(groups) == 0 {
			needKind = fits
		} else if needKind && !fits {
			continue
		}
		g := []int{c.sent}
		for _, j := range st.echoes(c.sent) {
			if q.coverage(st.sents[j].terms) >= minSentenceCoverage*c.coverage {
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

// candidates scores the sentences of the hits for the question, best first. A sentence's
// score mixes how much of the question it covers, its own BM25 rank, its chunk's rank,
// whether it holds the kind of thing asked for, and whether it reads as prose.
func (e *Engine) candidates(st *stats, q wquery, question, query string, hits []retrieval.Hit) []candidate {
	var top, topCov float64
	for _, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(st.byChunk) {
			continue
		}
		top = max(top, h.Score)
		topCov = max(topCov, h.Coverage)
	}
	if top <= 0 || topCov < minHitCoverage {
		return nil
	}
	bm := map[span]float64{}
	var bmTop float64
	for _, sh := range e.ix.RankSentences(query, hits, 64) {
		p := trimPassage(sh.Passage)
		bm[span{p.Doc, p.Start, p.End}] = sh.Score
		bmTop = max(bmTop, sh.Score)
	}
	others := float64(max(len(e.ix.Documents())-1, 1))
	seen := map[int]bool{}
	var out []candidate
	for _, h := range hits {
		if h.Chunk < 0 || h.Chunk >= len(st.byChunk) {
			continue
		}
		for _, i := range st.byChunk[h.Chunk] {
			if seen[i] {
				continue
			}
			seen[i] = true
			s := &st.sents[i]
			c := candidate{sent: i, coverage: q.coverage(s.terms)}
			if c.coverage == 0 {
				continue
			}
			c.score = 0.35*c.coverage + 0.3*q.matched(s.terms) + 0.1*h.Score/top
			if bmTop > 0 {
				c.score += 0.15 * bm[span{s.Doc, s.Start, s.End}] / bmTop
			}
			if q.kind.fitsSentence(s, question) {
				c.score += 0.08
			}
			// What several articles report is more likely the story's answer than an aside.
			c.score += 0.05 * float64(len(st.echoes(i))) / others
			if !prose(s.Text) {
				c.score *= 0.6
			}
			if asks(s.Text) {
				// A question the article asks answers nothing.
				c.score *= 0.7
			}
			out = append(out, c)
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
