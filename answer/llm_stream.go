package answer

import (
	"errors"
	"strings"
	"sync"
)

// progressFilter passes on the part of a growing reply that already passes the checks, so
// that nobody sees an uncited claim even while the model is still writing. The final
// check still runs on the whole reply.
type progressFilter struct {
	// complete returns the part of a partial reply that can no longer change: checking
	// is skipped while it stays the same.
	complete func(partial string) string
	// checked returns the checked, rendered prefix of the complete part, or "".
	checked  func(complete string) string
	progress func(string)

	// mu guards against a Completer that calls onDelta from more than one goroutine.
	mu    sync.Mutex
	text  strings.Builder
	last  string
	shown string
}

// add takes the next piece of the reply.
func (p *progressFilter) add(delta string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.text.WriteString(delta)
	done := p.complete(p.text.String())
	if done == p.last {
		return
	}
	p.last = done
	if out := p.checked(done); out != "" && out != p.shown {
		p.shown = out
		p.progress(out)
	}
}

// progressDelta returns the callback to stream through, or nil (no streaming) without
// progress.
func progressDelta(progress func(string), complete, checked func(string) string) func(string) {
	if progress == nil {
		return nil
	}
	return (&progressFilter{complete: complete, checked: checked, progress: progress}).add
}

// completeSentences returns a partial answer up to the start of its last sentence: more
// of that one, or its citation, may be on the way.
func completeSentences(partial string) string {
	sents := replySentences(partial)
	if len(sents) < 2 {
		return ""
	}
	last := sents[len(sents)-1]
	i := strings.LastIndex(partial, last)
	if i < 0 {
		return ""
	}
	return partial[:i]
}

// completeLines returns a partial summary up to its last line break.
func completeLines(partial string) string {
	if i := strings.LastIndexByte(partial, '\n'); i >= 0 {
		return partial[:i+1]
	}
	return ""
}

// answerPrefix returns the sentences of the complete part of an answer that pass the
// checks, up to the first that does not, rendered as the final answer would render them.
func (c *replyChecker) answerPrefix(complete string) string {
	sents, err := c.clean(complete)
	if err != nil {
		return ""
	}
	nb := newNumbering(c.docs)
	var out []string
	for _, s := range sents {
		refs, gap, err := c.refs(s, true)
		if err != nil {
			break
		}
		if gap {
			out = append(out, s)
			continue
		}
		if len(c.unsupported(s, refs)) > 0 {
			continue // the final answer drops it too
		}
		rendered, _ := c.render(s, nb)
		out = append(out, rendered)
	}
	return strings.Join(out, " ")
}

// summaryPrefix returns the bullets of the complete lines of a summary that pass the
// checks, up to the first that does not.
func (c *replyChecker) summaryPrefix(complete string) string {
	lines := replySummaryLines(complete)
	if len(lines) > maxLLMBullets {
		lines = lines[:maxLLMBullets]
	}
	nb := newNumbering(c.docs)
	var b strings.Builder
	for _, line := range lines {
		_, rendered, err := c.checkBullet(line, nb)
		if errors.Is(err, errUnsupported) {
			continue // the final summary drops it too
		}
		if err != nil {
			break
		}
		b.WriteString("- " + rendered + "\n")
	}
	return strings.TrimSpace(b.String())
}
