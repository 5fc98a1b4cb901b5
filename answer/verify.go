package answer

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"storybot"
	"storybot/retrieval"
)

// A model's reply is shown only when every check passes:
//   - no mention that would ping anyone;
//   - web addresses other than the manifest URLs of the prompt's articles are removed (a
//     Markdown link keeps its words): an address an article's text carries is not the
//     model's to pass on;
//   - every sentence carries at least one [n], and every n names a passage of the prompt;
//     the one exception is a sentence that only says the passages do not cover something;
//   - every quotation in a sentence appears, after folding case, quotes, dashes and white
//     space, in a passage that sentence cites;
//   - at least one sentence is cited: a reply made only of "they don't say" is no answer.
//
// A reply that fails one of those is not trusted at all. Then each sentence's numbers,
// amounts, dates and names must be in a passage it cites (verify_support.go); a sentence
// that fails that is dropped, and a reply left with no cited sentence is not trusted.
//
// Each [n] of the passing reply is renumbered to point at the sentence of passage n that
// best matches the claim citing it (the sentence holding its quotation, else the one that
// shares the most words with it); the whole passage when no sentence shares two words.

// errUnverified marks a reply that failed a check; the caller shows quotes instead.
var errUnverified = errors.New("LLM answer could not be verified")

// errNotCovered means the model said the passages do not answer the question.
var errNotCovered = errors.New("the passages do not answer the question")

// errUnsupported means every cited sentence of a reply failed the support check.
var errUnsupported = fmt.Errorf("%w: no sentence could be checked against the sources", errUnverified)

// unverified wraps the reason a reply failed a check.
func unverified(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUnverified, fmt.Sprintf(format, args...))
}

// replyChecker checks a model's replies against the passages of one prompt.
// It is used by one goroutine at a time: while a reply streams, then on the whole reply.
type replyChecker struct {
	ix   *retrieval.Index
	docs []storybot.Document
	// hits[n-1] is passage n of the prompt: passage is the one place that says so.
	hits []retrieval.Hit
	urls map[string]bool

	// support remembers passageSupport; lowerWords is common's vocabulary, made on first use.
	support    map[int]*supportSet
	lowerWords map[string]bool
	// names holds the runs of names the prompt's passages write, each as " run |",
	// made on first use.
	names string

	// folded and terms remember foldQuote and retrieval.Terms of passage and sentence
	// texts: a streamed reply is checked again at every piece.
	folded map[string]string
	terms  map[string][]string
}

// fold returns foldQuote(text), remembered.
func (c *replyChecker) fold(text string) string {
	f, ok := c.folded[text]
	if !ok {
		f = foldQuote(text)
		c.folded[text] = f
	}
	return f
}

// termsOf returns retrieval.Terms(text), remembered.
func (c *replyChecker) termsOf(text string) []string {
	t, ok := c.terms[text]
	if !ok {
		t = retrieval.Terms(text)
		c.terms[text] = t
	}
	return t
}

func newReplyChecker(ix *retrieval.Index, hits []retrieval.Hit) *replyChecker {
	docs := ix.Documents()
	var urls []string
	for _, h := range hits {
		urls = append(urls, docs[h.Doc].URL)
	}
	return &replyChecker{ix: ix, docs: docs, hits: hits, urls: replyURLsIn(urls...),
		folded: map[string]string{}, terms: map[string][]string{}, support: map[int]*supportSet{}}
}

// passage returns the hit a reply's [n] names: passage n of the prompt.
func (c *replyChecker) passage(n int) retrieval.Hit { return c.hits[n-1] }

// clean removes what no reply may show and splits the rest into sentences.
func (c *replyChecker) clean(text string) ([]string, error) {
	if replyPings.MatchString(text) {
		return nil, unverified("it mentions people")
	}
	return replySentences(stripReplyURLs(wordyMarkers.ReplaceAllString(text, "[$1]"), c.urls)), nil
}

// wordyMarkers matches the citation markers smaller models write instead of [n]:
// [Passage 2], [passages 1, 3], [Source 2].
var wordyMarkers = regexp.MustCompile(`(?i)\[\s*(?:passages?|sources?)\s+(\d+(?:\s*[,;]\s*\d+)*)\s*\]`)

// refs returns the passage numbers a sentence cites, in order, and checks that each names
// a passage and that its quotations are in one of them. A sentence without a citation
// that only says what the passages do not cover is allowed (gap true) when allowGap.
func (c *replyChecker) refs(sentence string, allowGap bool) (refs []int, gap bool, err error) {
	for _, m := range replyMarker.FindAllStringSubmatch(sentence, -1) {
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > len(c.hits) {
				return nil, false, unverified("it cites [%s], but there were %d passages", f, len(c.hits))
			}
			refs = append(refs, n)
		}
	}
	if len(refs) == 0 {
		if allowGap && isGapSentence(sentence) {
			return nil, true, nil
		}
		return nil, false, unverified("a sentence has no citation")
	}
	for _, q := range replyQuotes(replyMarker.ReplaceAllString(sentence, "")) {
		if !c.quotedInAny(q, refs) {
			return nil, false, unverified("a quotation is not in the passages it cites")
		}
	}
	return refs, false, nil
}

// quotedInAny reports whether quotation q is in one of the passages refs, or is the
// title of one's article, which the prompt showed too.
func (c *replyChecker) quotedInAny(q string, refs []int) bool {
	for _, n := range refs {
		h := c.passage(n)
		if quotedInFolded(q, c.fold(h.Text)) || (c.docs[h.Doc].Title != "" && quotedInFolded(q, c.fold(c.docs[h.Doc].Title))) {
			return true
		}
	}
	return false
}

// render rewrites a checked sentence's markers into the reply's numbering, pointing each
// at the best-matching sentence of the passage it names.
func (c *replyChecker) render(sentence string, nb *numbering) (string, []storybot.Citation) {
	qs := replyQuotes(replyMarker.ReplaceAllString(sentence, ""))
	claim := retrieval.Terms(replyMarker.ReplaceAllString(sentence, ""))
	var cites []storybot.Citation
	out := replyMarker.ReplaceAllStringFunc(sentence, func(m string) string {
		var b strings.Builder
		seen := map[int]bool{}
		for _, f := range strings.FieldsFunc(m[1:len(m)-1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, _ := strconv.Atoi(f)
			start, end := c.supportSpan(c.passage(n), claim, qs)
			k := nb.cite(c.passage(n).Doc, start, end)
			if cite := nb.citation(c.passage(n).Doc, start, end); !slices.Contains(cites, cite) {
				cites = append(cites, cite)
			}
			if !seen[k] {
				seen[k] = true
				fmt.Fprintf(&b, "[%d]", k)
			}
		}
		return b.String()
	})
	// Two markers that met at one article read as one: "[1][1]" is "[1]".
	return strings.TrimSpace(dedupeMarkers(out)), cites
}

// supportSpan returns the bytes of h that back a claim: the sentence holding one of its
// quotations, else the sentence sharing the most words with it (at least two), else all of h.
func (c *replyChecker) supportSpan(h retrieval.Hit, claim []string, qs []string) (start, end int) {
	start, end = trimSpanSpace(c.docs[h.Doc].Text, h.Start, h.End)
	if h.Chunk < 0 || h.Chunk >= c.ix.NumChunks() {
		return start, end
	}
	_, sents := c.ix.Chunk(h.Chunk)
	words := map[string]bool{}
	for _, w := range claim {
		words[w] = true
	}
	best, bestScore := -1, 1
	for i, s := range sents {
		if s.Doc != h.Doc || s.Start < h.Start || s.End > h.End {
			continue
		}
		for _, q := range qs {
			if quotedInFolded(q, c.fold(s.Text)) {
				return trimSpanSpace(c.docs[h.Doc].Text, s.Start, s.End)
			}
		}
		score, seen := 0, map[string]bool{}
		for _, w := range c.termsOf(s.Text) {
			if words[w] && !seen[w] {
				seen[w] = true
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		return trimSpanSpace(c.docs[h.Doc].Text, sents[best].Start, sents[best].End)
	}
	return start, end
}

// trimSpanSpace narrows [start, end) of text to exclude white space at its ends.
func trimSpanSpace(text string, start, end int) (int, int) {
	for start < end && strings.ContainsRune(" \t\r\n", rune(text[start])) {
		start++
	}
	for end > start && strings.ContainsRune(" \t\r\n", rune(text[end-1])) {
		end--
	}
	return start, end
}

// renderedMarker matches one rendered citation marker.
var renderedMarker = regexp.MustCompile(`\[\d+\]`)

// dedupeMarkers drops a marker that repeats the one right before it, with only space
// between them.
func dedupeMarkers(s string) string {
	var b strings.Builder
	last, lastEnd := "", -1
	at := 0
	for _, loc := range renderedMarker.FindAllStringIndex(s, -1) {
		m := s[loc[0]:loc[1]]
		if m == last && strings.TrimSpace(s[lastEnd:loc[0]]) == "" {
			b.WriteString(s[at:lastEnd])
			at, lastEnd = loc[1], loc[1]
			continue
		}
		last, lastEnd = m, loc[1]
	}
	b.WriteString(s[at:])
	return b.String()
}

// checked is a model's answer that passed the checks.
type checked struct {
	text  string
	cites []storybot.Citation
	// dropped holds, per sentence dropped, the facts no cited passage backs.
	dropped [][]fact
}

// checkAnswer checks a model's answer and returns it renumbered, with its citations and
// the sentences it dropped. On errUnsupported, the dropped sentences are returned too.
func (c *replyChecker) checkAnswer(text string) (checked, error) {
	sents, err := c.clean(text)
	if err != nil {
		return checked{}, err
	}
	nb := newNumbering(c.docs)
	var (
		out []string
		res checked
	)
	cited := 0
	for _, s := range sents {
		refs, gap, err := c.refs(s, true)
		if err != nil {
			return checked{}, err
		}
		if gap {
			out = append(out, s)
			continue
		}
		if miss := c.unsupported(s, refs); len(miss) > 0 {
			res.dropped = append(res.dropped, miss)
			continue
		}
		cited += len(refs)
		rendered, _ := c.render(s, nb)
		out = append(out, rendered)
	}
	switch {
	case cited == 0 && len(res.dropped) > 0:
		return res, errUnsupported
	case cited == 0 && len(out) > 0:
		return res, errNotCovered
	case cited == 0:
		return res, unverified("it is empty")
	}
	res.text, res.cites = strings.Join(out, " "), nb.cites
	return res, nil
}
