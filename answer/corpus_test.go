package answer

import (
	"context"
	"strings"
	"testing"

	"storybot"
	"storybot/retrieval"
)

// A corpus that is not the story: two short reports of one event, one sentence of which
// both tell in other words.
var harbourDocs = []storybot.Document{
	{Source: "a.txt", Title: "Harbour bridge closes", Text: "The city council closed the old harbour bridge on Monday after engineers found cracks in its main span.\n" +
		"Repairs are expected to take six months and cost about $40 million, the council said.\n" +
		"Ferries will run every ten minutes while the bridge is shut.\n"},
	{Source: "b.txt", Title: "Cracks shut bridge", Text: "Engineers found cracks in the main span of the old harbour bridge, and the city council closed it on Monday.\n" +
		"Local shops fear losing customers during the closure.\n" +
		"The mayor, Ana Ruiz, promised extra buses for commuters.\n"},
}

func TestOtherCorpus(t *testing.T) {
	e := New(retrieval.New(harbourDocs, retrieval.DefaultOptions()), Options{})
	ctx := context.Background()

	a := e.Ask(ctx, "Why was the harbour bridge closed?", nil, nil)
	checkCitations(t, harbourDocs, a.Text, a.Citations)
	if !a.Found || !strings.Contains(a.Text, "cracks") {
		t.Fatalf("Ask(why closed) = %q; want the cracks", a.Text)
	}
	// Both reports say it: quoted once, cited to both.
	if first := strings.SplitN(a.Text, "\n", 2)[0]; !strings.HasSuffix(first, "[1][2]") {
		t.Errorf("first quote %q; want it cited to both reports", first)
	}

	a = e.Ask(ctx, "How much will the repairs cost?", nil, nil)
	if !a.Found || !strings.Contains(a.Text, "$40 million") {
		t.Errorf("Ask(cost) = %q; want the $40 million", a.Text)
	}
	a = e.Ask(ctx, "Who is the mayor?", nil, nil)
	if !a.Found || !strings.Contains(a.Text, "Ana Ruiz") {
		t.Errorf("Ask(mayor) = %q; want Ana Ruiz", a.Text)
	}
	for _, q := range []string{"Who won the 2018 World Cup?", "What did Stoke Space build?", "How tall is the Eiffel Tower?"} {
		if a := e.Ask(ctx, q, nil, nil); a.Found {
			t.Errorf("Ask(%q) = %q; want not found", q, a.Text)
		}
	}

	s := e.Summary(ctx, nil)
	if len(s.Bullets) == 0 || len(s.Bullets) > maxBullets {
		t.Fatalf("Summary has %d bullets:\n%s", len(s.Bullets), s.Text)
	}
	if !strings.Contains(s.Bullets[0].Text, "closed") {
		t.Errorf("first bullet %q; want the closure, which both reports lead with", s.Bullets[0].Text)
	}
}

func TestEmptyCorpus(t *testing.T) {
	e := New(retrieval.New(nil, retrieval.DefaultOptions()), Options{})
	if a := e.Ask(context.Background(), "Who founded Stoke Space?", nil, nil); a.Found || a.Text != NotFound {
		t.Errorf("Ask on an empty corpus = %q; want NotFound", a.Text)
	}
	if s := e.Summary(context.Background(), nil); len(s.Bullets) != 0 || s.Text != NoSummary {
		t.Errorf("Summary of an empty corpus = %q; want NoSummary", s.Text)
	}
}
