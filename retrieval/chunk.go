package retrieval

// Chunk sizes, in words. A chunk closes before it would pass maxWords, and at the end
// of a paragraph once it holds minWords; a document of at most maxWords is one chunk.
const (
	minWords = 100
	maxWords = 150
	// sectionWords is the least a chunk holds before a headline may close it, so that a
	// one-line lead does not stand alone.
	sectionWords = 30
	// tailWords is the size below which the last chunk before a break joins the one
	// before it, up to mergedWords.
	tailWords   = 25
	mergedWords = 180
)

// unit is a sentence as the chunker sees it.
type unit struct {
	words int
	// para says the sentence starts a paragraph; section that a headline precedes it;
	// cut that boilerplate precedes it, which a chunk never spans.
	para, section, cut bool
}

// group cuts units into chunks of about minWords to maxWords words on sentence boundaries
// and returns each chunk's [first, last) unit.
func group(units []unit) [][2]int {
	if len(units) == 0 {
		return nil
	}
	total, cuts := 0, false
	for i, u := range units {
		total += u.words
		cuts = cuts || i > 0 && u.cut
	}
	if total <= maxWords && !cuts {
		return [][2]int{{0, len(units)}}
	}
	var out [][2]int
	brk := []bool{} // brk[n] says chunk n ends at a hard break or section end
	start, cur := 0, 0
	for i, u := range units {
		if i > start {
			hard := u.cut || u.section && cur >= sectionWords
			if hard || cur+u.words > maxWords || u.para && cur >= minWords {
				out = append(out, [2]int{start, i})
				brk = append(brk, hard)
				start, cur = i, 0
			}
		}
		cur += u.words
	}
	out = append(out, [2]int{start, len(units)})
	brk = append(brk, true)
	return mergeTails(out, brk, units)
}

// mergeTails folds a small last chunk of a run into the chunk before it when both sit in
// the same run (no cut between them) and the result stays reasonable.
func mergeTails(out [][2]int, brk []bool, units []unit) [][2]int {
	words := func(r [2]int) int {
		n := 0
		for _, u := range units[r[0]:r[1]] {
			n += u.words
		}
		return n
	}
	merged := out[:0]
	for n, r := range out {
		if n > 0 && brk[n] && !brk[n-1] && !units[r[0]].cut {
			prev := merged[len(merged)-1]
			if w := words(r); w < tailWords && words(prev)+w <= mergedWords {
				merged[len(merged)-1][1] = r[1]
				continue
			}
		}
		merged = append(merged, r)
	}
	return merged
}
