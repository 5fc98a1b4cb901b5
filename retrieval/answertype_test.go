package retrieval

import (
	"strings"
	"testing"

	"storybot"
)

func TestExpectedAnswer(t *testing.T) {
	tests := []struct {
		q    string
		want uint8
	}{
		{"Who founded Stoke Space?", flagName},
		{"Where is Stoke Space based?", flagName},
		{"When did the talks start?", flagDate},
		{"What year did OpenAI start?", flagDate},
		{"In what year was it founded?", flagDate},
		{"How much revenue does OpenAI expect?", flagNumber | flagMoney},
		{"How many companies are in the portfolio?", flagNumber},
		{"What is the name of the rocket?", flagName},
		{"Which company invested in Stoke?", flagName},
		{"Which rocket is reusable?", flagName},
		{"What percentage did Oracle shares fall?", flagNumber},
		{"Why are OpenAI's finances questioned?", 0},
		{"What is Jingtai's view of the deal?", 0},
		{"How does the deal work?", 0},
	}
	ix := New(nil, DefaultOptions())
	for _, tt := range tests {
		s := ix.getScratch()
		got := ix.parse(tt.q, s).want
		ix.putScratch(s)
		if got != tt.want {
			t.Errorf("expectedAnswer(%q) = %b; want %b", tt.q, got, tt.want)
		}
	}
}

func TestWordFlags(t *testing.T) {
	text := "Altman said Nvidia fell 13% in March 2025, a $100 billion deal. Investors were calm."
	ix := New([]storybot.Document{{Text: text}, {Text: "Nvidia and more investors."}}, DefaultOptions())
	flagsOf := func(word string) uint8 {
		for i, id := range ix.toks {
			if wid, _ := ix.words.get([]byte(strings.ToLower(word))); wid == id {
				return ix.flags[i]
			}
		}
		t.Fatalf("%q not indexed", word)
		return 0
	}
	tests := []struct {
		word      string
		has, lack uint8
	}{
		{"Altman", flagName, flagNumber},
		{"Nvidia", flagName, flagDate},
		{"13", flagNumber, flagName},
		{"March", flagDate | flagName, 0},
		{"2025", flagDate | flagNumber, 0},
		{"100", flagMoney | flagNumber, 0},
		{"billion", flagNumber, flagName},
		{"deal", 0, flagName | flagNumber | flagDate | flagMoney},
	}
	for _, tt := range tests {
		f := flagsOf(tt.word)
		if f&tt.has != tt.has || f&tt.lack != 0 {
			t.Errorf("flags(%q) = %b; want %b set and %b clear", tt.word, f, tt.has, tt.lack)
		}
	}
	// "Investors" opens a sentence, and the corpus writes it in lower case elsewhere: not
	// a name. "Altman" opens one too, and appears nowhere else: a name.
	if f := flagsOf("Investors"); f&flagName != 0 {
		t.Errorf("flags(%q) = %b; want no name flag", "Investors", f)
	}
	for _, f := range ix.flags {
		if f&flagFirstCap != 0 {
			t.Errorf("flagFirstCap left on a word after indexing")
		}
	}
}

func TestRankSentencesPrefersTheAskedKind(t *testing.T) {
	docs := []storybot.Document{{Text: "The rocket company talked about revenue at length with its investors. " +
		"The rocket company expects revenue of $13 billion this year."}}
	ix := New(docs, DefaultOptions())
	q := "How much revenue does the rocket company expect?"
	sents := ix.RankSentences(q, ix.Search(q, 3), 2)
	if len(sents) == 0 || !strings.Contains(sents[0].Text, "$13 billion") {
		t.Errorf("RankSentences(%q) = %v; want the sentence with the amount first", q, sents)
	}
}

func TestQuestionFormIsNotSearched(t *testing.T) {
	ix := New([]storybot.Document{{Text: "There was much talk. Revenue was $13 billion."}}, DefaultOptions())
	s := ix.getScratch()
	defer ix.putScratch(s)
	q := ix.parse("How much revenue?", s)
	if len(q.terms) != 1 || q.terms[0].id != wordIDOf(ix, "revenue") {
		t.Errorf("parse(%q) has %d terms; want only revenue", "How much revenue?", len(q.terms))
	}
}
