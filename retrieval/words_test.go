package retrieval

import (
	"encoding/binary"
	"maps"
	"testing"

	"storybot"
	"storybot/seeds"
)

// allWords returns every word of t with its id.
func allWords(t wordTable) map[string]int32 {
	out := make(map[string]int32, len(t.slots)+len(t.long))
	for _, s := range t.slots {
		if s.hi != 0 {
			var k shortKey
			binary.LittleEndian.PutUint64(k[:8], s.lo)
			binary.LittleEndian.PutUint64(k[8:], s.hi)
			out[k.String()] = s.id
		}
	}
	maps.Copy(out, t.long)
	return out
}

// wordIDOf returns the id of the normalised word w, -2 when the index does not hold it.
func wordIDOf(ix *Index, w string) int32 {
	if id, ok := ix.words.get([]byte(w)); ok {
		return id
	}
	return -2
}

// A word table finds exactly the words it was made of, short and long alike, and
// nothing else, and holds each of them once.
func TestWordTable(t *testing.T) {
	docs := append(seeds.Embedded(), storybot.Document{
		Source: "long.txt",
		Text:   "Counterrevolutionaries and internationalization are words longer than a short key holds.",
	})
	b := &builder{ix: &Index{docs: docs, terms: map[string]int32{}}, words: map[string]int32{}}
	for d := range docs {
		b.addDoc(d)
	}
	want := b.words
	table := newWordTable(want)
	long := 0
	for w, id := range want {
		got, ok := table.get([]byte(w))
		if !ok || got != id {
			t.Errorf("get(%q) = %d, %v; want %d, true", w, got, ok, id)
		}
		if len(w) > shortWord {
			long++
		}
	}
	if long == 0 {
		t.Fatalf("no word longer than %d bytes: the long path is untested", shortWord)
	}
	for _, w := range []string{"", "zzzq", "notawordinthecorpusatall", "stok\x00", "stoke\x00\x00"} {
		if id, ok := table.get([]byte(w)); ok {
			t.Errorf("get(%q) = %d, true; want not found", w, id)
		}
	}
	if got := allWords(table); !maps.Equal(got, want) {
		t.Errorf("the table holds %d words; want the %d it was made of", len(got), len(want))
	}
}

// Every word parse reads before asking the index fits a shortKey, so parseWords holds
// them all.
func TestParseWordsAreShort(t *testing.T) {
	check := func(kind, w string) {
		if len(w) > shortWord {
			t.Errorf("%s %q is %d bytes, longer than a shortKey's %d", kind, w, len(w), shortWord)
		}
		if pw := parseWordOf([]byte(w)); pw.word != w {
			t.Errorf("parseWordOf(%q).word = %q", w, pw.word)
		}
	}
	for w := range stopWords {
		check("stop word", w)
		if !parseWordOf([]byte(w)).stop {
			t.Errorf("parseWordOf(%q) is not a stop word", w)
		}
	}
	for w := range questionNouns {
		check("question noun", w)
		if !parseWordOf([]byte(w)).noun {
			t.Errorf("parseWordOf(%q) is not a question noun", w)
		}
	}
	for _, w := range answerWords {
		check("answer word", w)
	}
	if pw := parseWordOf([]byte("stoke")); pw != (parseWord{}) {
		t.Errorf("parseWordOf(stoke) = %+v; want nothing", pw)
	}
}
