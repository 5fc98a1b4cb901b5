package retrieval

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"plain", "One sentence here. Another one there.", []string{"One sentence here.", "Another one there."}},
		{"titles", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"acronym mid-sentence", "The U.S. Army said so. Then it left.", []string{"The U.S. Army said so.", "Then it left."}},
		{"acronym ends sentence", "He moved to the U.S. The move was quick.", []string{"He moved to the U.S.", "The move was quick."}},
		{"company", "Apple Inc. said on Monday it would grow.", []string{"Apple Inc. said on Monday it would grow."}},
		{"company ends sentence", "He works for Apple Inc. The firm agreed.", []string{"He works for Apple Inc.", "The firm agreed."}},
		{"month", "It began on Jan. 5 and ended later. Nobody knew.", []string{"It began on Jan. 5 and ended later.", "Nobody knew."}},
		{"e.g.", "Some firms, e.g. Google, agreed. Others refused.", []string{"Some firms, e.g. Google, agreed.", "Others refused."}},
		{"initials", "The book by J. R. R. Tolkien sold well. Fans cheered.", []string{"The book by J. R. R. Tolkien sold well.", "Fans cheered."}},
		{"decimals and currency", "It raised $1.5 billion at 3.14 times sales. Shares rose 2.5%.", []string{"It raised $1.5 billion at 3.14 times sales.", "Shares rose 2.5%."}},
		{"quote inside", "“We will build it,” he said. “Soon.” She nodded.", []string{"“We will build it,” he said.", "“Soon.”", "She nodded."}},
		{"question in quote", "“Should I start a rocket company?” he asked. Nobody answered.", []string{"“Should I start a rocket company?” he asked.", "Nobody answered."}},
		{"glued after quote", "It makes no sense.'”This concept is new.", []string{"It makes no sense.'”", "This concept is new."}},
		{"glued after period", "Revenue fell sharply.The company blamed costs.", []string{"Revenue fell sharply.", "The company blamed costs."}},
		{"domain stays", "Visit example.com today. Or not.", []string{"Visit example.com today.", "Or not."}},
		{"ellipsis", "He paused... Then he left. Wait… and see.", []string{"He paused...", "Then he left.", "Wait… and see."}},
		{"line break without space", "First line ends here.\nSecond line starts.", []string{"First line ends here.", "Second line starts."}},
		{"blank line", "A heading\n\nBody text follows", []string{"A heading", "Body text follows"}},
		{"bullets", "Fields:\n  • Rocket Sector: SpaceX leads;\n  • AI field: OpenAI vs. xAI;", []string{"Fields:", "Rocket Sector: SpaceX leads;", "AI field: OpenAI vs. xAI;"}},
		{"exclamation", "Public announcement! Altman wants a rocket.", []string{"Public announcement!", "Altman wants a rocket."}},
		{"no terminal", "A sentence without an end", []string{"A sentence without an end"}},
		{"only punctuation", "... !!! ???", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(tt.in, Split(tt.in))
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkSpans asserts spans are ordered, in range, non-empty and on rune boundaries.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	prev := 0
	for _, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("bad span %v after %d in %d bytes (%q)", s, prev, len(text), text)
		}
		if utf8.ValidString(text) && !utf8.ValidString(text[s.Start:s.End]) {
			t.Fatalf("span %v cuts a rune in %q", s, text)
		}
		prev = s.End
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"Mr. Smith went to Washington. He said “hi.”", "U.S. $1.5 billion... e.g. J. R. R. Tolkien",
		"sense.'”This concept", "\xff\xfe. A.\n\n• b", "…?!", "“”", " . . ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Split(text))
	})
}

// TestSplitLongTextWithoutSpaces guards against looking back over a whole unbroken text
// at every period, which would make a megabyte of it take minutes.
func TestSplitLongTextWithoutSpaces(t *testing.T) {
	text := strings.Repeat("ab.Cd", 200000)
	checkSpans(t, text, Split(text))
	blocks := Clean(text)
	if len(blocks) != 1 {
		t.Errorf("Clean(glued text) = %d blocks; want 1", len(blocks))
	}
}
