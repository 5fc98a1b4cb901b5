package answer

import (
	"context"
	"errors"

	"storybot"
	"storybot/retrieval"
)

// SKELETON: the LLM path. Owned by the LLM work (issue 4).

// errNoLLM says the LLM path is not built yet.
var errNoLLM = errors.New("LLM answers are not available")

// llmAnswer asks the LLM to answer from the hits and checks its answer before anyone sees
// it; any failure is an error, and the caller falls back to quotes.
func (e *Engine) llmAnswer(ctx context.Context, question, query string, hits []retrieval.Hit, progress func(string)) (storybot.Answer, error) {
	return storybot.Answer{}, errNoLLM
}

// llmRewrite asks the LLM to rewrite a follow-up into a standalone question.
func (e *Engine) llmRewrite(ctx context.Context, question string, history []storybot.Turn) (string, error) {
	return "", errNoLLM
}

// llmSummary asks the LLM for the summary's bullets in its own words, from the
// extractive summary's sources, checked like an answer.
func (e *Engine) llmSummary(ctx context.Context, extractive storybot.Summary, progress func(string)) (storybot.Summary, error) {
	return storybot.Summary{}, errNoLLM
}

// llmNote is the one line that tells the user why an answer is quotes despite an LLM.
func llmNote(err error) string {
	return "LLM unavailable: showing quotes"
}
