package answer

import (
	"strings"

	"storybot"
	"storybot/retrieval"
)

// referring holds the words by which a follow-up points back at what was said before.
var referring = map[string]bool{
	"it": true, "its": true, "it's": true, "itself": true, "they": true, "them": true,
	"their": true, "theirs": true, "themselves": true, "he": true, "him": true, "his": true,
	"himself": true, "she": true, "her": true, "hers": true, "herself": true, "this": true,
	"that": true, "these": true, "those": true, "there": true,
}

// maxContextTurns bounds how far back a follow-up borrows context.
const maxContextTurns = 3

// rewrite is the core's follow-up method when no LLM is at hand: a question that leans on
// the conversation (it refers back with a pronoun, or has at most one term of its own)
// gets the content words of the earlier questions it leans on appended, most recent first.
// A question that stands on its own is returned unchanged. Quote selection weighs the
// appended words less than the user's own (contextFactor).
func rewrite(question string, history []storybot.Turn) string {
	if !followUp(question) {
		return question
	}
	own := map[string]bool{}
	for _, t := range retrieval.Terms(question) {
		own[t] = true
	}
	var add []string
	for k := len(history) - 1; k >= 0 && k >= len(history)-maxContextTurns; k-- {
		prev := history[k].Question
		for _, w := range strings.Fields(prev) {
			ts := retrieval.Terms(w)
			if len(ts) == 0 || referring[strings.ToLower(strings.Trim(w, ".,;:!?\"'“”‘’()"))] {
				continue
			}
			fresh := false
			for _, t := range ts {
				fresh = fresh || !own[t]
				own[t] = true
			}
			if fresh {
				add = append(add, strings.Trim(w, ".,;:!?\"“”()"))
			}
		}
		if !followUp(prev) {
			break
		}
	}
	if len(add) == 0 {
		return question
	}
	return question + " " + strings.Join(add, " ")
}

// followUp reports whether question leans on earlier turns: it refers back ("Who founded
// it?", "What about the talks?") or has too few terms of its own to search with.
func followUp(question string) bool {
	words := strings.Fields(strings.ToLower(question))
	for _, w := range words {
		w = strings.Trim(w, ".,;:!?\"'“”‘’()")
		if referring[w] {
			return true
		}
	}
	return len(retrieval.Terms(question)) <= 1
}
