// Package lexicon tells which words mean the same as a word or are closely related to it,
// from WordNet 3.0: synonyms that share a common sense, derivationally related forms
// (found/founder, sue/suit), one step up or down the is-a hierarchy (bankroll/fund) and
// irregular inflections (left/leave).
//
// Words are keyed by their index terms as package retrieval makes them: lower-cased,
// Snowball-stemmed, stop words dropped. The table is generated from the WordNet files by
// `go generate ./lexicon/` and embedded; see LICENSE.wordnet for WordNet's licence.
package lexicon

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:generate go run ./internal/gen -dict /usr/share/wordnet -o wordnet.txt

//go:embed wordnet.txt
var embedded string

// Kind says how a related word relates to the word looked up.
type Kind uint8

// The kinds of relation, closest first.
const (
	// Synonym: both words name one WordNet sense ("talks", "negotiation").
	Synonym Kind = iota + 1
	// Inflection: one word is an irregular form of the other ("left", "leave").
	Inflection
	// Derived: the words are derivationally related forms, or synonyms of one
	// ("founder", "found"; "sue", "lawsuit").
	Derived
	// Broader: the related word names a more general sense ("bankroll", "fund").
	Broader
	// Narrower: the related word names a more specific sense ("fund", "bankroll").
	Narrower
)

var kindNames = [...]string{"", "synonym", "inflection", "derived", "broader", "narrower"}

// kindCodes are the letters that stand for each kind in the table file.
const kindCodes = " sidbn"

// String returns the kind's name.
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Relation is one word related to the word looked up.
type Relation struct {
	// Stem is the related word's index term.
	Stem string
	// Kind is how it relates.
	Kind Kind
	// Strength in (0, 1] says how likely the two words mean the same in running text: high
	// when the senses they share are their common ones, low when the link goes through a
	// rare sense of either word.
	Strength float32
}

// Default returns the table compiled from WordNet into the binary. It finds where its
// lines start on first use; a term's relations are read when looked up. The file is
// generated, and the tests check that it parses.
var Default = sync.OnceValue(func() *Table { return index(embedded) })

// Related returns the words related to the index term stem in the embedded table, strongest
// first; nil when there are none.
func Related(stem string) []Relation {
	return Default().Related(stem)
}
