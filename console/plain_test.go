package console

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text [1]", "plain text [1]"},
		{"**Sources:**", "Sources:"},
		{"a **bold** and __strong__ word", "a bold and strong word"},
		{"_LLM unavailable: showing quotes_", "LLM unavailable: showing quotes"},
		{"_one_ _two_ *three*", "one two three"},
		{"snake_case_name and 2*3*4", "snake_case_name and 2*3*4"},
		{"- `/ask QUESTION`: ask", "- /ask QUESTION: ask"},
		{"[1] [Acme buys Widget](https://example.com/a) — Planet", "[1] Acme buys Widget (https://example.com/a) — Planet"},
		{"[https://x.io](https://x.io)", "https://x.io"},
		{"> quoted [1][2]\n> more [3]", "> quoted [1][2]\n> more [3]"},
		{"red \x1b[31malert\x1b[0m\r", "red [31malert[0m"},
		{"tab\tand\nline", "tab\tand\nline"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"‹!channel› @\u200bhere", "‹!channel› @\u200bhere"},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range []string{"**a** _b_ `c` [d](http://e)", "\x1b[2J", "[x](y) **", "_ _ _"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Plain(s)
		if !utf8.ValidString(got) {
			t.Errorf("Plain(%q) = %q: invalid UTF-8", s, got)
		}
		if i := strings.IndexFunc(got, func(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) }); i >= 0 {
			t.Errorf("Plain(%q) = %q: control character at %d", s, got, i)
		}
		// Only markup goes: the words stay, all of them unless a link's text repeated its URL.
		in, out := alnum(s), alnum(got)
		if !strings.Contains(s, "[") && out != in || !subsequence(out, in) {
			t.Errorf("Plain(%q) = %q: words %q; want %q", s, got, out, in)
		}
	})
}

// alnum returns the letters and digits of s.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// subsequence reports whether the runes of a appear in b in order.
func subsequence(a, b string) bool {
	rb := []rune(b)
	j := 0
	for _, r := range a {
		for j < len(rb) && rb[j] != r {
			j++
		}
		if j == len(rb) {
			return false
		}
		j++
	}
	return true
}
