package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"storybot"
	"storybot/retrieval"
)

// The LLM route: with a model configured, every question that retrieval finds passages
// for goes to the model with as many of them, best first, as the token budget holds. The
// model decides whether they cover the question; the quote answer, made anyway, is what
// the reader gets when the model fails, is too slow, or its answer fails the checks.

// DefaultContextTokens is the default token budget of the passages of one prompt. On the
// built-in story (about 5,300 tokens in all) the passage that answers is in the prompt
// for every answerable reader question of the tests from 2,500 tokens on (TestContextRecall);
// 3,000 keeps that margin and, with the instructions (some 450 tokens) and a short
// answer, fits a 4,096-token context window: Ollama's default on machines with less than
// 24 GiB of video memory. On SQuAD's 2,067 paragraphs it puts the question's paragraph in
// the prompt for 96.9% of questions, against 94.1% for the five best chunks
// (go run -C bench ./context).
const DefaultContextTokens = 3000

// bytesPerToken estimates the tokens of English text from its bytes, as OpenAI's
// guidance does (about four characters a token); no tokenizer of any one model is exact
// for every OpenAI-compatible server anyway.
const bytesPerToken = 4

// Retriever ranks the corpus' chunks for a query, best first, as retrieval.Index.Search
// does; the vector package's hybrid search implements it. It never fails: a retriever
// that cannot do better falls back to lexical ranking itself.
type Retriever interface {
	Search(ctx context.Context, query string, k int) []retrieval.Hit
}

// askLLM answers question by the LLM route; quoted is the fallback.
func (e *Engine) askLLM(ctx context.Context, question, query string, quoted storybot.Answer, progress func(string)) storybot.Answer {
	hits := e.llmContext(ctx, query)
	if len(hits) == 0 {
		// Nothing in the corpus shares a word or a meaning with the question.
		return quoted
	}
	a, dropped, err := e.llmAnswer(ctx, question, query, hits, progress)
	e.logDropped("answer", dropped)
	if err != nil {
		e.logFallback("answer", err)
		quoted.Note = llmNote(err)
		if errors.Is(err, errUnsupported) {
			quoted.Note = fallbackNote(len(dropped))
		}
		return quoted
	}
	return a
}

// fallbackNote is the note of a quote answer shown because none of the n sentences of
// the LLM's answer could be checked against the sources.
func fallbackNote(n int) string {
	if n == 1 {
		return "The LLM's one sentence could not be checked against the sources: showing quotes"
	}
	return fmt.Sprintf("None of the LLM's %d sentences could be checked against the sources: showing quotes", n)
}

// newReplyChecker returns a checker of replies to a prompt of hits that knows the
// corpus' lower-case words.
func (e *Engine) newReplyChecker(hits []retrieval.Hit) *replyChecker {
	c := newReplyChecker(e.ix, hits)
	c.lowerWords = e.corpusLower()
	return c
}

// corpusLower returns the words the corpus writes in lower case somewhere, made on first use.
func (e *Engine) corpusLower() map[string]bool {
	e.lowerOnce.Do(func() {
		var texts []string
		for _, d := range e.ix.Documents() {
			texts = append(texts, d.Text)
		}
		e.lower = lowerCaseWords(texts)
	})
	return e.lower
}

// Context returns the passages an LLM is given for query, best first: the retrieved
// chunks, hybrid when an embedding model is configured, packed up to the token budget.
func (e *Engine) Context(ctx context.Context, query string) []storybot.Passage {
	var out []storybot.Passage
	for _, h := range e.llmContext(ctx, query) {
		out = append(out, h.Passage)
	}
	return out
}

// llmContext returns the hits to put in the prompt for query.
func (e *Engine) llmContext(ctx context.Context, query string) []retrieval.Hit {
	// Chunks are 100 to 150 words, some 200 tokens with their heading: asking for one
	// per 50 tokens of budget leaves packHits enough to fill it.
	k := max(5, e.opts.ContextTokens/50)
	var hits []retrieval.Hit
	if e.opts.Retriever != nil {
		hits = e.opts.Retriever.Search(ctx, query, k)
	} else {
		hits = e.ix.Search(query, k)
	}
	return packHits(e.ix.Documents(), hits, e.opts.ContextTokens)
}

// packHits keeps hits, in order, while their passages as the prompt writes them fit in
// budget tokens; the first always, so that a small budget still asks the model.
func packHits(docs []storybot.Document, hits []retrieval.Hit, budget int) []retrieval.Hit {
	used := 0
	var b strings.Builder
	for i, h := range hits {
		b.Reset()
		writePassage(&b, i+1, docs[h.Doc], h)
		cost := (b.Len() + bytesPerToken - 1) / bytesPerToken
		if i > 0 && used+cost > budget {
			return hits[:i]
		}
		used += cost
	}
	return hits
}

// droppedNote is the note of an answer or summary from which n sentences or bullets
// (what) were dropped; "" when none was.
func droppedNote(n int, what string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "one " + what + " could not be checked against the sources"
	default:
		return fmt.Sprintf("%d %ss could not be checked against the sources", n, what)
	}
}

// logDropped logs every sentence the support check dropped, with the kinds of facts that
// failed; the facts themselves, which are the model's words, only at debug level.
func (e *Engine) logDropped(what string, dropped [][]fact) {
	for _, miss := range dropped {
		kinds := map[string]bool{}
		var facts []string
		for _, f := range miss {
			kinds[[...]string{"number", "month", "name"}[f.kind]] = true
			facts = append(facts, f.String())
		}
		var ks []string
		for _, k := range []string{"number", "month", "name"} {
			if kinds[k] {
				ks = append(ks, k)
			}
		}
		e.log.Warn("LLM sentence dropped", "of", what, "check", "support",
			"unsupported", strings.Join(ks, ","), "facts", len(miss))
		e.log.Debug("LLM sentence dropped", "of", what, "unsupported_facts", strings.Join(facts, "; "))
	}
}

// logFallback logs why an LLM answer or summary (what) fell back to quotes.
func (e *Engine) logFallback(what string, err error) {
	e.log.Warn("LLM fell back to quotes", "of", what, "check", fallbackCheck(err), "error", err)
}

// fallbackCheck names the check or failure behind a fallback.
func fallbackCheck(err error) string {
	switch {
	case errors.Is(err, errUnsupported):
		return "support"
	case errors.Is(err, errUnverified):
		return "form"
	case errors.Is(err, errNoPassages):
		return "no_passages"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	default:
		return "llm_error"
	}
}
