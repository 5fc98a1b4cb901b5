package retrieval

// shortWord is the longest word, in bytes, that a shortKey holds: nearly every word.
const shortWord = 15

// shortKey is a word of at most shortWord bytes, then its length, held in place.
type shortKey [shortWord + 1]byte

// shortKeyOf returns w's key, false when w is longer than shortWord.
func shortKeyOf[W []byte | string](w W) (shortKey, bool) {
	var k shortKey
	if len(w) > shortWord {
		return k, false
	}
	copy(k[:], w)
	k[shortWord] = byte(len(w))
	return k, true
}

// String returns the word k holds.
func (k shortKey) String() string { return string(k[:k[shortWord]]) }

// wordTable maps a normalised word to its stem's id, -1 for a stop word. A word of up to
// shortWord bytes, nearly every one, is keyed by its bytes held in the table itself, so
// that a lookup compares them in place instead of following a pointer to each
// candidate's bytes: that cache miss a word was a tenth of a query's time.
type wordTable struct {
	short map[shortKey]int32
	long  map[string]int32
}

// newWordTable holds words.
func newWordTable(words map[string]int32) wordTable {
	t := wordTable{short: make(map[shortKey]int32, len(words)), long: make(map[string]int32)}
	for w, id := range words {
		if k, ok := shortKeyOf(w); ok {
			t.short[k] = id
		} else {
			t.long[w] = id
		}
	}
	return t
}

// get returns the id of the normalised word w; false when the table does not hold it.
func (t wordTable) get(w []byte) (int32, bool) {
	if k, ok := shortKeyOf(w); ok {
		id, ok := t.short[k]
		return id, ok
	}
	id, ok := t.long[string(w)]
	return id, ok
}
