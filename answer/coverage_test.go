package answer

import (
	"context"
	"strings"
	"testing"
)

// The story's articles cover these questions, asked in many ways: each must be answered
// with quotes.
var coveredQuestions = []string{
	"What is Jingtai's view of the deal?",
	"Why are OpenAI's finances questioned?",
	"Who founded Stoke Space?",
	"What rocket is Stoke building?",
	"How much revenue does OpenAI expect?",
	"Where do the talks stand?",
	"Why does Altman want data centers in space?",
	"What did Altman say on the podcast with Theo Von?",
	"When did Altman contact Stoke?",
	"Why did OpenAI declare a code red?",
	"How much has OpenAI committed in computing deals?",
	"What is Merge Labs?",
	"When was OpenAI founded?",
	"What did Nvidia's CFO say about the $100 billion deal?",
	"Which companies are challenging SpaceX?",
	"What is Stargate?",
	"Where is Stoke Space based?",
	"How did Oracle's stock react?",
	"What is the Nova rocket?",
	"Is Google putting AI chips in space?",
	"how big is altman's investment portfolio",
	// Every name and most words are there; "money" is in the corpus once, so by rarity
	// alone it would outweigh the rest.
	"How much money could OpenAI invest in Stoke?",
	"Who is the CEO of Google?",
}

// The articles do not cover these, though several share a word or two with them: none
// may be answered with quotes.
var uncoveredQuestions = []string{
	"Who won the 2018 World Cup?",
	"What is the capital of France?",
	"Who is Taylor Swift?",
	"How tall is Mount Everest?",
	"What is the recipe for chocolate cake?",
	"When did the Titanic sink?",
	"Who painted the Mona Lisa?",
	"What is the boiling point of water?",
	"How do I reset my iPhone password?",
	"Who is the president of Brazil?",
	"Who wrote Pride and Prejudice?",
	"What are the symptoms of the flu?",
	"How many moons does Jupiter have?",
	"What did Microsoft pay for Activision?",
	"Which team won the Super Bowl?",
	"What is the weather in London today?",
	"Did Amazon buy a rocket company?",
	"What is the population of Tokyo?",
	"hello",
	"What is SpaceX's valuation?",
	"What is Tesla's stock price?",
	"How many employees does Nvidia have?",
	"What did Apple say about Stoke Space?",
	"When will Starship land on Mars?",
	"Is SpaceX going public?",
	// The name is there, the rest of the question is not.
	"What does Altman eat for breakfast?",
	"Where does Musk live?",
}

func TestCovered(t *testing.T) {
	e := seedEngineT(t)
	docs := e.Sources()
	for _, q := range coveredQuestions {
		a := e.Ask(context.Background(), q, nil, nil)
		if !a.Found {
			t.Errorf("Ask(%q).Found = false; want an answer from the articles", q)
			continue
		}
		if n := len(quotedLines(a.Text)); n < 1 || n > 3 {
			t.Errorf("Ask(%q) quotes %d sentences; want 1 to 3", q, n)
		}
		checkCitations(t, docs, a.Text, a.Citations)
		checkQuoted(t, a.Text, a.Citations)
	}
}

func TestUncovered(t *testing.T) {
	e := seedEngineT(t)
	for _, q := range uncoveredQuestions {
		a := e.Ask(context.Background(), q, nil, nil)
		if a.Found || len(a.Citations) > 0 || a.Text != NotFound {
			t.Errorf("Ask(%q) = found %v, %d citations, %q; want not found", q, a.Found, len(a.Citations), a.Text)
		}
	}
}

func TestEmptyQuestion(t *testing.T) {
	e := seedEngineT(t)
	for _, q := range []string{"", "  \t\n ", "\u00a0"} {
		a := e.Ask(context.Background(), q, nil, nil)
		if a.Found || len(a.Citations) > 0 || a.Text != AskForQuestion {
			t.Errorf("Ask(%q) = found %v, %q; want a request for a question", q, a.Found, a.Text)
		}
	}
}

// quotedLines returns the quoted sentences of a quote-only answer.
func quotedLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 2 && line[:2] == "> " {
			out = append(out, line)
		}
	}
	return out
}

// Bad input gets an answer, never a panic: huge, invalid UTF-8, control characters, only
// punctuation.
func TestBadInput(t *testing.T) {
	e := seedEngineT(t)
	huge := strings.Repeat("Who founded Stoke Space? ", 4000)
	for _, q := range []string{huge, "Who founded \xff\xfe Stoke?", "Stoke\x00\x1b[31m founders\u202e?", "?!?!...", "<@U123> @everyone Stoke?"} {
		a := e.Ask(context.Background(), q, nil, nil)
		checkCitations(t, e.Sources(), a.Text, a.Citations)
		if !a.Found && a.Text != NotFound {
			t.Errorf("Ask(%.40q) = %q; want an answer or NotFound", q, a.Text)
		}
	}
}
