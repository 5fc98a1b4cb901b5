package answer

import (
	"fmt"
	"slices"
	"strings"

	"storybot"
)

// numbering numbers a reply's citations by article, as readers of cited answers expect:
// [n] is article n of the reply's Sources list, the articles numbered 1, 2, 3… in order
// of first citation, so that several quotes of one article share its number. Every cited
// span is one Citation carrying its article's number; a span cited again is not repeated.
// Quote answers, summaries and checked LLM replies all number this way.
type numbering struct {
	docs   []storybot.Document
	byDoc  map[int]int
	bySpan map[span]int // position in cites
	cites  []storybot.Citation
}

// span is a cited range of one document's bytes.
type span struct{ doc, start, end int }

func newNumbering(docs []storybot.Document) *numbering {
	return &numbering{docs: docs, byDoc: map[int]int{}, bySpan: map[span]int{}}
}

// cite cites doc's bytes [start, end) and returns the number of their article.
func (n *numbering) cite(doc, start, end int) int {
	num, ok := n.byDoc[doc]
	if !ok {
		num = len(n.byDoc) + 1
		n.byDoc[doc] = num
	}
	k := span{doc, start, end}
	if _, ok := n.bySpan[k]; !ok {
		n.bySpan[k] = len(n.cites)
		n.cites = append(n.cites, storybot.Cite(num, n.docs[doc], start, end))
	}
	return num
}

// citation returns the Citation of doc's bytes [start, end), citing them if new.
func (n *numbering) citation(doc, start, end int) storybot.Citation {
	n.cite(doc, start, end)
	return n.cites[n.bySpan[span{doc, start, end}]]
}

// markers cites every passage and returns the markers of their articles, each once, in
// ascending order: "[1][4]".
func (n *numbering) markers(ps []storybot.Passage) string {
	var nums []int
	for _, p := range ps {
		if num := n.cite(p.Doc, p.Start, p.End); !slices.Contains(nums, num) {
			nums = append(nums, num)
		}
	}
	slices.Sort(nums)
	var b strings.Builder
	for _, num := range nums {
		fmt.Fprintf(&b, "[%d]", num)
	}
	return b.String()
}
