package answer

import (
	"strings"

	"storybot"
	"storybot/retrieval"
)

// extraShare is how close to the first quote's confidence a second or third one must
// come to be quoted too: weaker ones would only pad the answer.
const extraShare = 0.6

// AskForQuestion is the reply to an empty question.
const AskForQuestion = "Please ask a question about the story, for example what happened or who is involved. Try /summary for the whole story or /sources for the list of articles."

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
		if groups := e.pickFor(st, q, hits); len(groups) > 0 {
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

// pickFor is pickQuotes for one sentence of the message: retrieval ranks the sentences
// of the hits with the fitted scorer and says how confident it is that each answers; the
// first quote must be confident enough, and the others nearly as confident.
func (e *Engine) pickFor(st *stats, query string, hits []retrieval.Hit) [][]int {
	ranked := e.ix.RankSentences(query, hits, candidateDepth)
	w := e.ix.Weights()
	if len(ranked) == 0 || !w.Covers(ranked[0]) {
		return nil
	}
	var groups [][]int
	for r, sh := range ranked {
		if len(groups) == e.opts.MaxQuotes {
			break
		}
		if r > 0 && (!w.Covers(sh) || sh.Confidence < extraShare*ranked[0].Confidence) {
			continue
		}
		if repeats(st, groups, sh.Sentence) {
			continue
		}
		groups = append(groups, st.sameFact(sh.Sentence, ranked))
	}
	return groups
}

// candidateDepth is how many ranked sentences the quote path looks at.
const candidateDepth = 16

// sameFact returns sentence i and the sentences of other articles that say the same
// thing and answer the question about as well, the version the scorer ranks highest
// first: when several articles state a fact, the one holding the most of what the
// question asks is quoted, and every one is cited.
func (st *stats) sameFact(i int, ranked []retrieval.SentenceHit) []int {
	g := []int{i}
	if st.echoCount(i) > 0 {
		// echoCount is cached, echoes is not: most sentences have none.
		g = append(g, st.echoes(i)...)
	}
	rank := func(j int) (retrieval.SentenceHit, bool) {
		for _, sh := range ranked {
			if sh.Sentence == j {
				return sh, true
			}
		}
		return retrieval.SentenceHit{}, false
	}
	first, _ := rank(i)
	kept := g[:1]
	for _, j := range g[1:] {
		// A restatement that lacks what the question asks ("$600 billion" without the
		// revenue asked about) says the same story, not the same answer. The sentence
		// before it counts, where "the company" gets its name.
		if sh, ok := rank(j); ok && sh.Features[retrieval.FeatWindow] >= echoCoverShare*first.Features[retrieval.FeatWindow] {
			kept = append(kept, j)
		}
	}
	best := 0
	for k := 1; k < len(kept); k++ {
		a, _ := rank(kept[k])
		b, _ := rank(kept[best])
		if a.Score > b.Score {
			best = k
		}
	}
	kept[0], kept[best] = kept[best], kept[0]
	return kept
}

// echoCoverShare is how much of the question's weight, against the quoted sentence's,
// another article's restatement must hold, with the sentence before it, to be cited
// with it.
const echoCoverShare = 0.8

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
