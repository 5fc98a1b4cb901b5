package retrieval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"storybot"
	"storybot/seeds"
)

func TestGroup(t *testing.T) {
	para := func(words ...int) []unit {
		var us []unit
		for i, w := range words {
			us = append(us, unit{words: w, para: i == 0})
		}
		return us
	}
	cat := func(parts ...[]unit) []unit {
		var us []unit
		for _, p := range parts {
			us = append(us, p...)
		}
		return us
	}
	cut := func(us []unit) []unit { us[0].cut = true; return us }
	tests := []struct {
		name  string
		units []unit
		want  [][2]int
	}{
		{"empty", nil, nil},
		{"short document is one chunk", cat(para(20, 30), para(40, 50)), [][2]int{{0, 4}}},
		{"closes before passing the maximum", para(60, 60, 60, 60), [][2]int{{0, 2}, {2, 4}}},
		{"closes at a paragraph end once full enough", cat(para(50, 55), para(40, 40)), [][2]int{{0, 2}, {2, 4}}},
		{"never spans a cut", cat(para(20), cut(para(20))), [][2]int{{0, 1}, {1, 2}}},
		{"long sentence stands alone", para(200, 20), [][2]int{{0, 1}, {1, 2}}},
		{"small tail joins the chunk before", para(140, 20), [][2]int{{0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := group(tt.units); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("group(%v) = %v; want %v", tt.units, got, tt.want)
			}
		})
	}
}

func TestChunksOfSeeds(t *testing.T) {
	docs := seeds.Embedded()
	ix := New(docs, DefaultOptions())
	if ix.NumChunks() < len(docs) {
		t.Fatalf("NumChunks = %d; want at least one per document", ix.NumChunks())
	}
	lastDoc, lastEnd := -1, 0
	for i := 0; i < ix.NumChunks(); i++ {
		c, sents := ix.Chunk(i)
		doc := docs[c.Doc]
		if c.Text != doc.Text[c.Start:c.End] {
			t.Fatalf("chunk %d text is not its document's bytes [%d,%d)", i, c.Start, c.End)
		}
		if c.Doc < lastDoc || c.Doc == lastDoc && c.Start < lastEnd {
			t.Errorf("chunk %d (doc %d at %d) out of order", i, c.Doc, c.Start)
		}
		lastDoc, lastEnd = c.Doc, c.End
		if n := len(strings.Fields(c.Text)); n > mergedWords {
			t.Errorf("chunk %d has %d words; want at most %d", i, n, mergedWords)
		}
		if len(sents) == 0 || sents[0].Start != c.Start || sents[len(sents)-1].End != c.End {
			t.Errorf("chunk %d does not start and end on its sentences", i)
		}
		for _, s := range sents {
			if s.Doc != c.Doc || s.Text != doc.Text[s.Start:s.End] || s.Start < c.Start || s.End > c.End {
				t.Errorf("chunk %d: sentence %q is not inside it", i, s.Text)
			}
		}
		for _, junk := range []string{"Disclaimer", "TEL:", "Copyright", "Home >", "View Original"} {
			if strings.Contains(c.Text, junk) {
				t.Errorf("chunk %d holds boilerplate %q", i, junk)
			}
		}
	}
}

func TestShortDocumentIsOneChunk(t *testing.T) {
	var docs []storybot.Document
	for i := 0; i < 3; i++ {
		docs = append(docs, storybot.Document{Text: fmt.Sprintf(
			"Paragraph %d opens here. It has a second sentence about rockets. And a third one about money.", i)})
	}
	ix := New(docs, DefaultOptions())
	if ix.NumChunks() != 3 {
		t.Fatalf("NumChunks = %d; want 3, one per short document", ix.NumChunks())
	}
	for i := 0; i < 3; i++ {
		c, sents := ix.Chunk(i)
		if c.Doc != i || c.Start != 0 || c.End != len(docs[i].Text) || len(sents) != 3 {
			t.Errorf("chunk %d = doc %d [%d,%d) with %d sentences; want all of doc %d in 3", i, c.Doc, c.Start, c.End, len(sents), i)
		}
	}
}
