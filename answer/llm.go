package answer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"storybot"
	"storybot/retrieval"
)

// The LLM path: each method asks Options.LLM and checks its reply against the passages it
// was given (verify.go) before anyone sees it. Any failure is an error, and the caller
// falls back to the quote path with llmNote's line.

// errNoPassages means there was nothing to give the model.
var errNoPassages = errors.New("no passages to answer from")

// llmAnswer asks the LLM to answer from the hits and checks its answer before anyone sees
// it; any failure is an error, and the caller falls back to quotes. When the model says
// the passages do not answer the question, the answer says so, with Found false. The
// sentences dropped by the support check are returned too, also with an error.
func (e *Engine) llmAnswer(ctx context.Context, question, query string, hits []retrieval.Hit, progress func(string)) (storybot.Answer, [][]fact, error) {
	if len(hits) == 0 {
		return storybot.Answer{}, nil, errNoPassages
	}
	c := e.newReplyChecker(hits)
	system, user := answerPrompt(c.docs, hits, question, query)
	reply, err := e.opts.LLM.Complete(ctx, system, user, progressDelta(progress, completeSentences, c.answerPrefix))
	if err != nil {
		return storybot.Answer{}, nil, fmt.Errorf("ask the LLM for an answer: %w", err)
	}
	res, err := c.checkAnswer(reply)
	switch {
	case errors.Is(err, errNotCovered):
		return storybot.Answer{Question: question, Text: NotFound, Mode: storybot.ModeLLM}, nil, nil
	case err != nil:
		return storybot.Answer{}, res.dropped, fmt.Errorf("check the LLM's answer: %w", err)
	}
	a := storybot.Answer{Question: question, Text: res.text, Found: true, Mode: storybot.ModeLLM,
		Citations: res.cites, Note: droppedNote(len(res.dropped), "sentence")}
	return a, res.dropped, nil
}

// maxLLMRewrite bounds a rewritten question: a longer one is an answer, not a question.
const maxLLMRewrite = 300

// llmRewrite asks the LLM to rewrite a follow-up into a standalone question. It spends at
// most a third of the time left, so that a slow model still leaves time for the answer.
func (e *Engine) llmRewrite(ctx context.Context, question string, history []storybot.Turn) (string, error) {
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Until(dl)/3)
		defer cancel()
	}
	system, user := rewritePrompt(question, history)
	reply, err := e.opts.LLM.Complete(ctx, system, user, nil)
	if err != nil {
		return "", fmt.Errorf("ask the LLM to rewrite a follow-up: %w", err)
	}
	q, err := cleanLLMRewrite(reply)
	if err != nil {
		return "", fmt.Errorf("rewrite a follow-up: %w", err)
	}
	return q, nil
}

// rewriteLabels are the labels models put before a rewritten question.
var rewriteLabels = []string{"standalone question:", "rewritten question:", "question:"}

// cleanLLMRewrite returns the question in a model's rewrite: its first line, without a label
// or enclosing quotes; an error when that is empty, too long or mentions anyone.
func cleanLLMRewrite(reply string) (string, error) {
	q := ""
	for _, line := range strings.Split(strings.ToValidUTF8(reply, ""), "\n") {
		if q = strings.TrimSpace(line); q != "" {
			break
		}
	}
	for _, p := range rewriteLabels {
		if len(q) >= len(p) && strings.EqualFold(q[:len(p)], p) {
			q = strings.TrimSpace(q[len(p):])
		}
	}
	q = strings.TrimSpace(strings.Trim(q, "\"“”'*`"))
	switch {
	case q == "":
		return "", errors.New("the rewrite is empty")
	case len(q) > maxLLMRewrite:
		return "", fmt.Errorf("the rewrite is %d bytes, longer than a question", len(q))
	case replyPings.MatchString(q):
		return "", errors.New("the rewrite mentions people")
	}
	return q, nil
}

// maxSummaryPassages bounds the passages a summary is written from.
const maxSummaryPassages = 12

// llmSummary asks the LLM for the summary's bullets in its own words, from the
// extractive summary's sources, checked like an answer.
func (e *Engine) llmSummary(ctx context.Context, extractive storybot.Summary, progress func(string)) (storybot.Summary, error) {
	hits := e.summaryPassages(extractive)
	if len(hits) == 0 {
		return storybot.Summary{}, errNoPassages
	}
	c := e.newReplyChecker(hits)
	system, user := summaryPrompt(c.docs, hits)
	reply, err := e.opts.LLM.Complete(ctx, system, user, progressDelta(progress, completeLines, c.summaryPrefix))
	if err != nil {
		return storybot.Summary{}, fmt.Errorf("ask the LLM for a summary: %w", err)
	}
	s, dropped, err := c.checkSummary(reply)
	if dropped > 0 {
		e.log.Warn("LLM summary bullets dropped", "check", "support", "dropped", dropped)
	}
	if err != nil {
		return storybot.Summary{}, fmt.Errorf("check the LLM's summary: %w", err)
	}
	s.Note = droppedNote(dropped, "bullet")
	return s, nil
}

// summaryPassages returns the chunks behind the extractive summary's citations, in the
// summary's order; the first chunk of each article when it cites none.
func (e *Engine) summaryPassages(extractive storybot.Summary) []retrieval.Hit {
	docs := e.ix.Documents()
	docIndex := map[string]int{}
	for i, d := range docs {
		docIndex[d.Source] = i
	}
	var hits []retrieval.Hit
	seen := map[int]bool{}
	add := func(i int) {
		if !seen[i] && len(hits) < maxSummaryPassages {
			seen[i] = true
			p, _ := e.ix.Chunk(i)
			hits = append(hits, retrieval.Hit{Passage: p, Chunk: i})
		}
	}
	for _, b := range extractive.Bullets {
		for _, cite := range b.Citations {
			d, ok := docIndex[cite.Source]
			if !ok {
				continue
			}
			for i := 0; i < e.ix.NumChunks(); i++ {
				if p, _ := e.ix.Chunk(i); p.Doc == d && p.Start < cite.End && cite.Start < p.End {
					add(i)
				}
			}
		}
	}
	if len(hits) == 0 {
		firstOf := map[int]bool{}
		for i := 0; i < e.ix.NumChunks(); i++ {
			if p, _ := e.ix.Chunk(i); !firstOf[p.Doc] {
				firstOf[p.Doc] = true
				add(i)
			}
		}
	}
	return hits
}

// llmNote is the one line that tells the user why an answer is quotes despite an LLM.
func llmNote(err error) string {
	switch {
	case errors.Is(err, errUnsupported):
		return "LLM answer could not be checked against the sources: showing quotes"
	case errors.Is(err, errUnverified):
		return "LLM answer could not be verified: showing quotes"
	case errors.Is(err, context.DeadlineExceeded):
		return "LLM took too long: showing quotes"
	default:
		return "LLM unavailable: showing quotes"
	}
}
