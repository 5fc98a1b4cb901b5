package storybot

import "testing"

func TestLabel(t *testing.T) {
	tests := []struct {
		doc  Document
		want string
	}{
		{Document{Source: "a/b.txt", Title: "Headline"}, "Headline"},
		{Document{Source: "a/b.txt"}, "b.txt"},
	}
	for _, tt := range tests {
		if got := tt.doc.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q; want %q", tt.doc, got, tt.want)
		}
	}
}

func TestCiteQuotesExactBytes(t *testing.T) {
	d := Document{Source: "x.txt", Title: "T", Outlet: "O", Date: "D", URL: "https://example.com/x", Text: "One. Two three."}
	c := Cite(2, d, 5, 15)
	want := Citation{N: 2, Source: "x.txt", Title: "T", Outlet: "O", Date: "D", URL: "https://example.com/x", Quote: "Two three.", Start: 5, End: 15}
	if c != want {
		t.Errorf("Cite(2, d, 5, 15) = %+v; want %+v", c, want)
	}
}
