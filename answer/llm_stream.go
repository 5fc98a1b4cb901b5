package answer

import (
	"strings"
	"sync"
)

// progressFilter passes on the part of a growing reply that already passes the checks, so
// that nobody sees an uncited claim even while the model is still writing. The final
// check still runs on the whole reply.
type progressFilter struct {
	// checked returns the checked, rendered prefix of a partial reply, or "".
	checked  func(partial string) string
	progress func(string)

	// mu guards against a Completer that calls onDelta from more than one goroutine.
	mu    sync.Mutex
	text  strings.Builder
	shown string
}

// add takes the next piece of the reply.
func (p *progressFilter) add(delta string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.text.WriteString(delta)
	if out := p.checked(p.text.String()); out != "" && out != p.shown {
		p.shown = out
		p.progress(out)
	}
}

// progressDelta returns the callback to stream through, or nil (no streaming) without progress.
func progressDelta(progress func(string), checked func(string) string) func(string) {
	if progress == nil {
		return nil
	}
	return (&progressFilter{checked: checked, progress: progress}).add
}

// answerPrefix returns the complete sentences of a partial answer that pass the checks,
// up to the first that does not, rendered as the final answer would render them. The last
// sentence is left out: more of it, or its citation, may be on the way.
func (c *replyChecker) answerPrefix(partial string) string {
	sents, err := c.clean(partial)
	if err != nil || len(sents) < 2 {
		return ""
	}
	nb := newCiteNumbering()
	var out []string
	for _, s := range sents[:len(sents)-1] {
		_, gap, err := c.refs(s, true)
		if err != nil {
			break
		}
		if gap {
			out = append(out, s)
			continue
		}
		out = append(out, c.render(s, nb))
	}
	return strings.Join(out, " ")
}

// summaryPrefix returns the complete bullets of a partial summary that pass the checks,
// up to the first that does not. A bullet is complete when its line has ended.
func (c *replyChecker) summaryPrefix(partial string) string {
	end := strings.LastIndexByte(partial, '\n')
	if end < 0 {
		return ""
	}
	lines := replySummaryLines(partial[:end])
	if len(lines) > maxLLMBullets {
		lines = lines[:maxLLMBullets]
	}
	nb := newCiteNumbering()
	var b strings.Builder
	for _, line := range lines {
		_, rendered, err := c.checkBullet(line, nb)
		if err != nil {
			break
		}
		b.WriteString("- " + rendered + "\n")
	}
	return strings.TrimSpace(b.String())
}
