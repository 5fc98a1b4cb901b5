package main

import (
	"fmt"
	"testing"
	"time"

	"storybot"
)

func TestPercentiles(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i
	}
	for _, tc := range []struct {
		in       []time.Duration
		p50, p99 time.Duration
	}{
		{nil, 0, 0},
		{ms(7), 7 * time.Millisecond, 7 * time.Millisecond},
		{ms(3, 1, 2), 2 * time.Millisecond, 3 * time.Millisecond},
		{ms(hundred...), 50 * time.Millisecond, 99 * time.Millisecond},
	} {
		got := percentiles(tc.in)
		if got.P50 != tc.p50 || got.P99 != tc.p99 || got.N != len(tc.in) {
			t.Errorf("percentiles(%v) = %+v; want p50 %v, p99 %v, n %d", tc.in, got, tc.p50, tc.p99, len(tc.in))
		}
	}
}

func TestHolds(t *testing.T) {
	docs := []storybot.Document{
		{Text: "Alpha beta. Gamma delta.  Epsilon zeta."},
		{Text: "Other text here."},
	}
	gold := []span{{Doc: 0, Start: 6, End: 17}} // "beta. Gamma": crosses a sentence boundary
	for _, tc := range []struct {
		name   string
		quoted []span
		want   bool
	}{
		{"none", nil, false},
		{"first sentence only", []span{{0, 0, 11}}, false},
		{"both sentences, adjacent", []span{{0, 12, 24}, {0, 0, 11}}, true},
		{"sentences apart", []span{{0, 0, 11}, {0, 26, 40}}, false},
		{"other document", []span{{1, 0, 16}}, false},
		{"whole paragraph", []span{{0, 0, len(docs[0].Text)}}, true},
		{"out of range ignored", []span{{0, 0, 99}, {5, 0, 1}}, false},
	} {
		if got := holds(docs, tc.quoted, gold); got != tc.want {
			t.Errorf("%s: holds(%v) = %v; want %v", tc.name, tc.quoted, got, tc.want)
		}
	}
}

func TestScore(t *testing.T) {
	docs := []storybot.Document{{Text: "One. Two."}, {Text: "Three. Four."}}
	qs := []question{
		{Doc: 0, Gold: []span{{0, 0, 3}}},
		{Doc: 1, Gold: []span{{1, 7, 11}}},
		{Doc: 1, Gold: []span{{1, 0, 5}}},
		{Doc: 0, Gold: []span{{0, 5, 8}}},
	}
	results := [][]scored{
		{{Doc: 0}, {Doc: 1}},
		{{Doc: 0}, {Doc: 1}},
		nil,
		{{Doc: 1}, {Doc: 2}, {Doc: 3}, {Doc: 4}, {Doc: 5}, {Doc: 6}, {Doc: 7}, {Doc: 8}, {Doc: 9}, {Doc: 0}},
	}
	quotes := [][][]span{
		{{{0, 0, 4}}},
		{{{1, 0, 6}}, {{1, 7, 12}}},
		{{{0, 0, 4}}},
		{{{0, 0, 4}}, {{1, 0, 6}}, {{1, 7, 12}}, {{0, 5, 9}}}, // the fourth quote is past the limit
	}
	got := score(docs, qs, results, quotes)
	want := quality{Questions: 4, Top1: 0.25, Top5: 0.5, MRR: (1 + 0.5 + 0.1) / 4, Sentence1: 0.25, SentenceInAnswer: 0.5}
	if got != want {
		t.Errorf("score = %+v; want %+v", got, want)
	}
}

func TestRankAndSample(t *testing.T) {
	r := []scored{{Doc: 4}, {Doc: 2}}
	if got := rank(r, 2); got != 2 {
		t.Errorf("rank(%v, 2) = %d; want 2", r, got)
	}
	if got := rank(r, 9); got != 0 {
		t.Errorf("rank(%v, 9) = %d; want 0", r, got)
	}
	qs := make([]question, 10)
	for i := range qs {
		qs[i].Doc = i
	}
	var docs []int
	for _, q := range sampleQuestions(qs, 3) {
		docs = append(docs, q.Doc)
	}
	if len(docs) != 3 || docs[0] != 0 || docs[1] != 3 || docs[2] != 6 {
		t.Errorf("sampleQuestions(10 questions, 3) took %v; want [0 3 6]", docs)
	}
	if got := len(sampleQuestions(qs, 50)); got != 10 {
		t.Errorf("sampleQuestions(10 questions, 50) = %d questions; want all 10", got)
	}
}

func TestReplicate(t *testing.T) {
	docs := []storybot.Document{{Source: "a/0", Text: "x"}, {Source: "a/1", Text: "y"}}
	got := replicate(docs, 3)
	seen := map[string]bool{}
	for i, d := range got {
		if seen[d.Source] {
			t.Errorf("replicate: source %q repeats", d.Source)
		}
		seen[d.Source] = true
		if d.Text != docs[i%2].Text {
			t.Errorf("replicate: document %d text %q; want %q", i, d.Text, docs[i%2].Text)
		}
	}
	if len(got) != 6 {
		t.Errorf("replicate(2 docs, 3) = %d docs; want 6", len(got))
	}
}

func TestScoreFirstQuoteCitesSeveral(t *testing.T) {
	docs := []storybot.Document{{Text: "Same words."}, {Text: "Same words."}}
	qs := []question{{Doc: 1, Gold: []span{{1, 0, 4}}}}
	// One quote cited to both articles that say it: the second citation is the gold one.
	got := score(docs, qs, [][]scored{{{Doc: 0}}}, [][][]span{{{{0, 0, 11}, {1, 0, 11}}}})
	if got.Sentence1 != 1 || got.SentenceInAnswer != 1 {
		t.Errorf("score = %+v; want the first quote to hold the answer", got)
	}
}

func TestQuoteGroups(t *testing.T) {
	docOf := map[string]int{"a": 0, "b": 1}
	cites := []storybot.Citation{
		{N: 1, Source: "a", Start: 0, End: 5},
		{N: 2, Source: "b", Start: 3, End: 9},
		{N: 3, Source: "a", Start: 10, End: 20},
		{N: 4, Source: "gone", Start: 0, End: 1},
	}
	for _, tc := range []struct {
		name string
		a    storybot.Answer
		want [][]span
	}{
		{"not found", storybot.Answer{Text: "I couldn't find that [1]", Citations: cites}, nil},
		{"grouped quotes", storybot.Answer{Found: true, Citations: cites,
			Text: "> First [1] and [3] inside [1][2]\n\n> Second [3]\n> Unknown [4][9]"},
			[][]span{{{0, 0, 5}, {1, 3, 9}}, {{0, 10, 20}}}},
		{"one line each", storybot.Answer{Found: true, Citations: cites[:2], Text: "> x [1]\n> y [2]"},
			[][]span{{{0, 0, 5}}, {{1, 3, 9}}}},
		{"no markers", storybot.Answer{Found: true, Citations: cites[:3], Text: "prose"},
			[][]span{{{0, 0, 5}}, {{1, 3, 9}}, {{0, 10, 20}}}},
	} {
		got := quoteGroups(tc.a, docOf)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: quoteGroups(%q) = %v; want %v", tc.name, tc.a.Text, got, tc.want)
		}
	}
}

func TestBarChecks(t *testing.T) {
	r := &report{
		Paragraphs: 2067,
		Rows: []row{
			{System: "storybot", Search: latency{P50: 10 * time.Microsecond, P99: 300 * time.Microsecond},
				Quality: quality{Top1: 0.83, Top5: 0.94, MRR: 0.87, Sentence1: 0.70}},
			{System: bleveLabel, Search: latency{P50: 40 * time.Microsecond}},
		},
		Scale: []scaleRow{
			{System: "storybot", Scale: 1, Heap: 100, Search: latency{P50: time.Microsecond}},
			{System: bleveLabel, Scale: 50, Heap: 1, Search: latency{P50: time.Hour}},
			{System: "storybot", Scale: 50, Heap: 4000, Search: latency{P50: 60 * time.Microsecond}},
		},
	}
	want := map[string]bool{
		"paragraph top-1": true, "paragraph top-5": false, "MRR@10": true,
		"first quoted sentence holds the answer": false, "p50 query speed-up over bleve": false,
		"p99 query at 2067 paragraphs": false, "×1→×50: p50 query and heap grow no faster than the corpus": false,
	}
	got := r.barChecks()
	if len(got) != len(want) {
		t.Fatalf("barChecks gave %d checks; want %d: %+v", len(got), len(want), got)
	}
	for _, c := range got {
		met, ok := want[c.What]
		if !ok || c.Met != met || (c.Miss == "") != c.Met {
			t.Errorf("check %q: met %v, miss %q; want met %v and a miss exactly when not met", c.What, c.Met, c.Miss, met)
		}
	}
	if r.Rows = r.Rows[1:]; r.barChecks() != nil {
		t.Errorf("barChecks without a storybot row = %+v; want none", r.barChecks())
	}
}
