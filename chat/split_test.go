package chat

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"empty", "", 10, nil},
		{"blank", " \n\n ", 10, nil},
		{"fits", "  short  ", 10, []string{"short"}},
		{"no limit", "a b c d e f", 0, []string{"a b c d e f"}},
		{"paragraphs", "First para.\n\nSecond para.", 20, []string{"First para.", "Second para."}},
		{"lines", "line one\nline two\nline three", 18, []string{"line one\nline two", "line three"}},
		{"sentence keeps marker", "One two three. [1] Four five six.", 25, []string{"One two three. [1]", "Four five six."}},
		{"sentence keeps markers", "One two. [1][2] Three four five.", 20, []string{"One two. [1][2]", "Three four five."}},
		{"merged marker", "Alpha beta gamma [1, 3] delta.", 24, []string{"Alpha beta gamma [1, 3]", "delta."}},
		{"no cut before marker", "Alpha beta [12] gamma", 13, []string{"Alpha", "beta [12]", "gamma"}},
		{"spaces", "aaa bbb ccc ddd", 8, []string{"aaa bbb", "ccc ddd"}},
		{"word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"utf8", "ééééé", 5, []string{"éé", "éé", "é"}},
		{"tiny limit", "😀😀", 1, []string{"😀", "😀"}},
		{"link whole", "See [the long title](http://x.io/a) now", 31, []string{"See", "[the long title](http://x.io/a)", "now"}},
		{"quote continues", "> Alpha beta. Gamma delta. [1]", 18, []string{"> Alpha beta.", "> Gamma delta. [1]"}},
		{"quote marker wins", "> Alpha beta. Gamma delta. [1]", 16, []string{"> Alpha beta.", "> Gamma", "> delta. [1]"}},
		{"early paragraph", "Hi.\n\nAlpha beta gamma. Delta epsilon.", 30, []string{"Hi.\n\nAlpha beta gamma.", "Delta epsilon."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.in, tt.limit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("First para.\n\nSecond one. [1] Third [2, 3].\n> quoted text here [4]", 12)
	f.Add("[a](http://x) [b](http://y) ééé 😀", 5)
	f.Add("\xff\xfe\xfd abc", 4)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit > 1<<16 || limit < -1 {
			limit %= 1 << 16
		}
		pieces := Split(s, limit)
		eff := max(limit, utf8.UTFMax)
		for _, p := range pieces {
			if p == "" || p != strings.TrimSpace(p) {
				t.Errorf("Split(%q, %d) has piece %q: empty or not trimmed", s, limit, p)
			}
			if limit > 0 && len(p) > eff {
				t.Errorf("Split(%q, %d) has piece %q of %d bytes", s, limit, p, len(p))
			}
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Errorf("Split(%q, %d) has piece %q with broken UTF-8", s, limit, p)
			}
		}
		// Nothing is lost or added but white space and the ">" that continues a quote.
		var got strings.Builder
		for _, p := range pieces {
			got.WriteString(content(p))
		}
		if want := content(s); got.String() != want {
			t.Errorf("Split(%q, %d) = %q; content %q, want %q", s, limit, pieces, got.String(), want)
		}
	})
}

// content is s without white space and ">", invalid UTF-8 decoded as U+FFFD byte by byte.
func content(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '>' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
