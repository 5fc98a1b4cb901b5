package lexicon

import (
	"slices"
	"testing"
)

// The embedded table, which Default reads without checking, is a valid table, and the
// lazy reading finds what a full parse finds.
func TestEmbeddedParses(t *testing.T) {
	parsed, err := Parse(embedded)
	if err != nil {
		t.Fatalf("Parse(wordnet.txt): %v; regenerate it with go generate ./lexicon/", err)
	}
	lazy := Default()
	if parsed.Len() != lazy.Len() {
		t.Fatalf("Default has %d terms; Parse finds %d", lazy.Len(), parsed.Len())
	}
	for _, i := range []int{0, 1, parsed.Len() / 2, parsed.Len() - 1} {
		key := parsed.key(parsed.lines[i])
		if !slices.Equal(parsed.Related(key), lazy.Related(key)) || len(lazy.Related(key)) == 0 {
			t.Errorf("Related(%q) differs between Parse and Default", key)
		}
	}
}
