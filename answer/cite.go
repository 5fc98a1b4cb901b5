package answer

import (
	"fmt"
	"strings"

	"storybot"
)

// numbering hands out citation numbers 1, 2, 3… in order of first use; the same source
// span keeps its number wherever it is cited again.
type numbering struct {
	docs  []storybot.Document
	byKey map[span]int
	cites []storybot.Citation
}

// span is a cited range of one document's bytes.
type span struct{ doc, start, end int }

func newNumbering(docs []storybot.Document) *numbering {
	return &numbering{docs: docs, byKey: map[span]int{}}
}

// cite returns the number of the passage p, numbering it if it is new.
func (n *numbering) cite(p storybot.Passage) int {
	k := span{p.Doc, p.Start, p.End}
	if num, ok := n.byKey[k]; ok {
		return num
	}
	num := len(n.cites) + 1
	n.byKey[k] = num
	n.cites = append(n.cites, storybot.Cite(num, n.docs[p.Doc], p.Start, p.End))
	return num
}

// markers cites every passage and returns their markers, "[1][2]".
func (n *numbering) markers(ps []storybot.Passage) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "[%d]", n.cite(p))
	}
	return b.String()
}
