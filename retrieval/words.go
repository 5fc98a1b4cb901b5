package retrieval

import (
	"encoding/binary"
	"math/bits"
)

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
// shortWord bytes, nearly every one, is held by its bytes in an open-addressed array of
// slots, so that a lookup reads one slot, rarely the next, where a map would read a
// group's control word, then its key, then its value: cache misses, most of a question's
// words being looked up for the first time.
type wordTable struct {
	// slots has a power of two entries, at most three quarters of them used; a word
	// sits at the first free slot from its hash on.
	slots []wordSlot
	// shift turns a hash into a slot: its top bits.
	shift uint
	long  map[string]int32
}

// wordSlot is a short word's key, in two words, and its id. The key's last byte is the
// word's length: 0 in a free slot, since the table holds no empty word.
type wordSlot struct {
	lo, hi uint64
	id     int32
}

// halves returns k as two words.
func (k *shortKey) halves() (lo, hi uint64) {
	return binary.LittleEndian.Uint64(k[:8]), binary.LittleEndian.Uint64(k[8:])
}

// slotOf returns the slot a key's search starts at.
func (t *wordTable) slotOf(lo, hi uint64) int {
	h := lo*0x9e3779b97f4a7c15 ^ hi*0xc2b2ae3d27d4eb4f
	h ^= h >> 29
	return int((h * 0xbf58476d1ce4e5b9) >> t.shift)
}

// newWordTable holds words.
func newWordTable(words map[string]int32) wordTable {
	size := 8
	for size*3 < len(words)*4 {
		size *= 2
	}
	t := wordTable{slots: make([]wordSlot, size), shift: uint(64 - bits.TrailingZeros(uint(size))), long: make(map[string]int32)}
	mask := size - 1
	for w, id := range words {
		k, ok := shortKeyOf(w)
		if !ok || w == "" {
			t.long[w] = id
			continue
		}
		lo, hi := k.halves()
		i := t.slotOf(lo, hi)
		for t.slots[i].hi != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = wordSlot{lo: lo, hi: hi, id: id}
	}
	return t
}

// get returns the id of the normalised word w; false when the table does not hold it.
func (t *wordTable) get(w []byte) (int32, bool) {
	k, ok := shortKeyOf(w)
	if !ok || len(w) == 0 {
		id, ok := t.long[string(w)]
		return id, ok
	}
	lo, hi := k.halves()
	mask := len(t.slots) - 1
	for i := t.slotOf(lo, hi); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.lo == lo && s.hi == hi {
			return s.id, true
		}
		if s.hi == 0 {
			return 0, false
		}
	}
}
