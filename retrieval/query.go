package retrieval

import (
	"math/bits"
	"strings"

	"storybot/lexicon"
)

// pairGrid is how many of a query's first terms have their pairs in a grid.
const pairGrid = 16

// maxQueryTerms bounds the distinct terms of a query: a chunk's matched terms are a bit set.
const maxQueryTerms = 64

// qterm is a distinct term of a query: one of its own words, or a word related to one.
type qterm struct {
	id int32
	// weight is the term's IDF times its query weight; a related word's is a share of
	// the word it stands for.
	weight float32
	// slot is the position in terms of the query's own word this term is, or is related
	// to: the query's own words come first, each its own slot.
	slot int
	// related is true for a word related to one of the query's own, false for its own.
	related bool
}

// query is a parsed question: its terms known to the index, the weight of all its terms,
// and the kind of answer it asks for.
type query struct {
	terms []qterm
	// seq are the query's term ids in order, -1 for words the index does not know, for
	// phrase matching.
	seq []int32
	// mass is the summed weight of every query term, known to the index or not.
	mass float64
	want uint8
	// sig has bit id%64 set for every term id, to match sentence.sig; ownSig for the
	// query's own terms only.
	sig, ownSig uint64
	// pairOf[a*pairGrid+b] is 1 + pair(a, b) for the first pairGrid terms, 0 for none.
	pairOf [pairGrid * pairGrid]int8
	// pairs are the positions in terms of the query's neighbouring words, at most 64.
	pairs [][2]int8
	// opening are the query's first words as parse knows them, to read its question
	// words.
	opening []parseWord
	// slots counts the query's own words that the corpus uses or has a related word
	// for, the first slots of terms; slotW[i] is slot i's weight, which coverage counts.
	slots int
	slotW []float32
	// lowW[m] is maskWeight(m) for the masks of the first lowSlots slots, summed in the
	// same order, so that the common masks weigh in one load.
	lowW [1 << lowSlots]float64
	// pending are the stems of the words that the corpus never uses but has related words
	// for, with their slots, for expand.
	pending []pendingWord
	// unknown is the weight of the query's words that the corpus never uses and WordNet
	// does not know (names, terms of art), unknownCommon of those WordNet knows.
	unknown, unknownCommon float64
	// nameSlots has bit i set when the query's own term i is a name, and names is their
	// summed weight.
	nameSlots uint64
	names     float64
	// unknownName is true when the query mentions a name the corpus never uses.
	unknownName bool
	// focus has the bit of the term a "how many" or "how much" question counts.
	focus uint64
	// ties are pairs of slots the question ties together: "Stoke's CEO", "CEO of Stoke".
	ties [][2]int8
}

// maxTies bounds the ties of a query.
const maxTies = 8

// tie records that slot is tied to last when tied says so, and returns slot: the next
// word's last. Either may be -1, for a word without a slot.
func (q *query) tie(last, slot int, tied bool) int {
	if tied && last >= 0 && slot >= 0 && last != slot && last < 128 && slot < 128 && len(q.ties) < maxTies {
		q.ties = append(q.ties, [2]int8{int8(last), int8(slot)})
	}
	return slot
}

// isPossessive reports whether a word is written "X's".
func isPossessive(raw string) bool {
	return strings.HasSuffix(raw, "'s") || strings.HasSuffix(raw, "’s") || strings.HasSuffix(raw, "'S")
}

// questionNouns are words that say what kind of answer a question wants more than what
// it is about; they weigh questionWeight.
var questionNouns = boolSet("name", "named", "year", "many", "much", "called", "type", "kind",
	"term", "number", "percentage", "long", "often", "mean", "means", "date", "day",
	"month", "century", "decade", "example", "happen", "happened", "refer", "refers")

// parse reads text into q, reusing q's slices and the scratch tokenizer.
func (ix *Index) parse(text string, s *scratch) *query {
	q := &s.q
	*q = query{
		terms: q.terms[:0], seq: q.seq[:0], opening: q.opening[:0], pairs: q.pairs[:0],
		slotW: q.slotW[:0], pending: q.pending[:0], ties: q.ties[:0],
	}
	s.tok.reset(text)
	words, caps := 0, 0
	// lastSlot is the slot of the last content word, possessive says it was "X's", and
	// of that an "of" followed it: the next word is then tied to it ("Stoke's CEO",
	// "the CEO of Stoke").
	lastSlot, possessive, of := -1, false, false
	w := ""
	focusNext := false
	for n := 0; ; n++ {
		t, ok := s.tok.next()
		if !ok {
			break
		}
		prev := w
		w = ""
		words++
		if t.cap {
			caps++
		}
		pw := parseWordOf(t.norm)
		noun := false
		if len(q.opening) < 8 {
			// Question words sit at the start; reading them allocates nothing.
			w, noun = pw.word, pw.noun
			q.opening = append(q.opening, pw)
		}
		// w is "" past the first eight words: "how" is read among them only.
		if prev == "how" && w != "" && pw.how != 0 {
			// "How much", "how many": the form of the question, never its subject.
			focusNext = w == "many" || w == "much"
			continue
		}
		// A capital inside the question marks a name (unless every word has one, which
		// is read once they are all counted).
		capName := t.cap && n > 0
		if string(t.norm) == "of" {
			of = true
		}
		if pw.stop {
			continue // the index holds no stop word, so it need not be asked
		}
		id, ok := ix.words.get(t.norm)
		var u unknownWord
		if !ok {
			u = ix.unknownWord(t.norm)
			id, ok = u.id, u.id >= 0
		}
		if id < 0 && ok {
			continue // a stop word
		}
		qw := 1.0
		if noun {
			qw = questionWeight
		}
		q.seq = append(q.seq, id)
		focus := focusNext
		focusNext = false
		if id < 0 {
			slot := ix.addUnknown(q, s, u, qw, capName || hasDigit(t.norm), capName)
			lastSlot, possessive, of = q.tie(lastSlot, slot, possessive || of), isPossessive(s.tok.text[t.start:t.end]), false
			continue
		}
		if seen := q.find(id); seen >= 0 || len(q.terms) == maxQueryTerms {
			lastSlot, possessive, of = q.tie(lastSlot, seen, possessive || of), isPossessive(s.tok.text[t.start:t.end]), false
			continue
		}
		wt := qw * float64(ix.idf[id])
		slot := len(q.terms)
		q.add(s, qterm{id: id, weight: float32(wt), slot: slot})
		q.slotW = append(q.slotW, float32(wt))
		q.ownSig |= 1 << uint(id&63)
		q.mass += wt
		if capName || ix.named[id] {
			q.nameSlots |= 1 << uint(slot)
			q.names += wt
		}
		if focus {
			q.focus |= 1 << uint(slot)
		}
		lastSlot, possessive, of = q.tie(lastSlot, slot, possessive || of), isPossessive(s.tok.text[t.start:t.end]), false
	}
	if words >= 3 && caps*4 >= words*3 {
		ix.corpusNames(q)
	}
	q.slots = len(q.terms)
	q.weighLowMasks()
	ix.expand(q, s)
	q.want = expectedAnswer(q.opening)
	q.pairOf = [pairGrid * pairGrid]int8{}
	for i := 1; i < len(q.seq) && len(q.pairs) < 64; i++ {
		a, b := q.seq[i-1], q.seq[i]
		if a >= 0 && b >= 0 && a != b {
			p := [2]int8{int8(q.find(a)), int8(q.find(b))}
			if p[0] >= 0 && p[1] >= 0 && p[0] < pairGrid && p[1] < pairGrid && q.pairOf[int(p[0])*pairGrid+int(p[1])] == 0 {
				n := int8(len(q.pairs) + 1)
				q.pairOf[int(p[0])*pairGrid+int(p[1])], q.pairOf[int(p[1])*pairGrid+int(p[0])] = n, n
			}
			q.pairs = append(q.pairs, p)
		}
	}
	return q
}

// lowSlots is how many of a query's first slots have their masks' weights in query.lowW.
const lowSlots = 6

// weighLowMasks fills q.lowW from q.slotW: each mask's weight is that of the mask without
// its highest slot plus that slot's, the sum maskWeight makes, lowest slot first.
func (q *query) weighLowMasks() {
	n := min(len(q.slotW), lowSlots)
	for m := 1; m < 1<<n; m++ {
		hi := bits.Len(uint(m)) - 1
		q.lowW[m] = q.lowW[m&^(1<<hi)] + float64(q.slotW[hi])
	}
}

// addUnknown weighs a query word the corpus never uses (u), and returns its slot, or -1
// when it has none. A name or a figure the corpus never uses (rare) says the question is
// about something else; an everyday word it never uses is mostly phrasing, and a small
// corpus misses many, so it weighs as an everyday word does here. A word with a related
// word in the corpus gets a slot, that word standing in for it.
func (ix *Index) addUnknown(q *query, s *scratch, u unknownWord, qw float64, rare, name bool) int {
	uw := ix.typicalIDF
	if rare {
		uw = ix.maxIDF
	}
	q.mass += qw * uw
	switch {
	case ix.relatedSlot(q, s, u.related, float32(qw*uw)):
		return len(q.terms) - 1
	case u.english && !name:
		q.unknownCommon += qw * uw
	default:
		q.unknown += qw * uw
		q.unknownName = q.unknownName || name
	}
	return -1
}

// corpusNames reads the query's names from how the corpus writes its words, for a
// question whose every word is capitalised, where capitals say nothing.
func (ix *Index) corpusNames(q *query) {
	q.unknownName, q.nameSlots, q.names = false, 0, 0
	for i, t := range q.terms {
		if !t.related && ix.named[t.id] {
			q.nameSlots |= 1 << uint(i)
			q.names += float64(t.weight)
		}
	}
}

// add appends t to the query's terms, where the signature and the scratch's term
// positions find it.
func (q *query) add(s *scratch, t qterm) {
	q.terms = append(q.terms, t)
	q.sig |= 1 << uint(t.id&63)
	s.qpos[t.id] = uint8(len(q.terms))
	s.qslot[t.id] = uint8(t.slot + 1)
}

// slotMask turns a mask of positions in terms into the mask of the slots they fill.
func (q *query) slotMask(mask uint64) uint64 {
	var out uint64
	for m := mask; m != 0; m &= m - 1 {
		out |= 1 << uint(q.terms[bits.TrailingZeros64(m)].slot)
	}
	return out
}

// pair returns the number of the query's word pair made of terms a and b, side by side
// in either order, or -1 when they are not a pair.
func (q *query) pair(a, b int) int {
	if a < pairGrid && b < pairGrid {
		return int(q.pairOf[a*pairGrid+b]) - 1
	}
	for n, p := range q.pairs {
		if p[0] == int8(a) && p[1] == int8(b) || p[0] == int8(b) && p[1] == int8(a) {
			return n
		}
	}
	return -1
}

// find returns the position of term id in q.terms, or -1.
func (q *query) find(id int32) int {
	for i, t := range q.terms {
		if t.id == id {
			return i
		}
	}
	return -1
}

// parseWord is what parse knows of a word before asking the index: the word itself, so
// that reading a question word allocates nothing, whether it is a stop word or one of
// the questionNouns, and what expectedAnswer reads of it, so that it asks no map again.
type parseWord struct {
	word       string
	stop, noun bool
	// status says the word asks where something stands (statusAsks), filler that
	// expectedAnswer reads past it (filler).
	status, filler bool
	// how is the kind of answer "how <word>" asks for (howKinds), kind the kind "what
	// <word>" asks for (nounKinds), when isKind.
	how, kind uint8
	isKind    bool
}

// parseWords holds the words parse reads as question words: the stop words, the
// questionNouns and the answerWords, each at most shortWord bytes long.
var parseWords = func() map[shortKey]parseWord {
	m := make(map[shortKey]parseWord)
	add := func(w string, stop, noun bool) {
		// Every such word is short; TestParseWordsAreShort keeps it so.
		if k, ok := shortKeyOf(w); ok {
			pw := m[k]
			pw.word, pw.stop, pw.noun = w, pw.stop || stop, pw.noun || noun
			m[k] = pw
		}
	}
	for w := range stopWords {
		add(w, true, false)
	}
	for w := range questionNouns {
		add(w, false, true)
	}
	for _, w := range answerWords {
		add(w, false, false)
	}
	for k, pw := range m {
		pw.status, pw.filler, pw.how = statusAsks[pw.word], filler[pw.word], howKinds[pw.word]
		pw.kind, pw.isKind = nounKinds[pw.word]
		m[k] = pw
	}
	return m
}()

// parseWordOf returns what parse knows of the normalised word w before asking the index;
// the zero parseWord for any other word.
func parseWordOf(w []byte) parseWord {
	if k, ok := shortKeyOf(w); ok {
		return parseWords[k]
	}
	return parseWord{}
}

// maxUnknownWords bounds the cache of query words the corpus does not hold as written.
const maxUnknownWords = 1 << 16

// unknownWord is what the index makes of a query word it does not hold as written: the
// term of its stem or of the corpus word it misspells (-1 for none), and, when there is
// none, the corpus' terms related to it.
type unknownWord struct {
	id      int32
	related []relatedTerm
	// english says WordNet knows the word: an everyday word, not a name or a term of art.
	english bool
}

// unknownWord reads a normalised query word the corpus does not hold as written, through
// a cache, so that a query allocates nothing for the word the next time.
func (ix *Index) unknownWord(norm []byte) unknownWord {
	ix.unknownMu.RLock()
	u, ok := ix.unknown[string(norm)]
	ix.unknownMu.RUnlock()
	if ok {
		return u
	}
	w := string(norm)
	st := stem(w)
	u.id, ok = ix.terms[st]
	if !ok {
		related := lexicon.Related(st)
		u.english = len(related) > 0
		// A word WordNet knows is no misspelling: "tallest" is not "largest".
		if u.english {
			u.id, ok = -1, false
		} else {
			u.id, ok = ix.respell(w)
		}
		if !ok {
			u.id, u.related = -1, ix.relatedTerms(related, -1)
		}
	}
	ix.unknownMu.Lock()
	if len(ix.unknown) < maxUnknownWords {
		ix.unknown[w] = u
	}
	ix.unknownMu.Unlock()
	return u
}

// hasDigit reports whether a normalised word holds a digit.
func hasDigit(w []byte) bool {
	for _, c := range w {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}
