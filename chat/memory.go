package chat

import (
	"container/list"
	"sync"
	"time"

	"storybot"
)

// maxTurnText bounds the bytes of a remembered question or answer: a follow-up needs the
// gist of the last turn, not a long answer in full.
const maxTurnText = 2000

// memory remembers the last few turns of each conversation, for follow-up questions. It
// holds at most max conversations, forgetting the one idle longest first, and forgets a
// conversation idle for ttl. It is safe for concurrent use.
type memory struct {
	turns int
	max   int
	ttl   time.Duration

	mu     sync.Mutex
	byConv map[string]*list.Element // of *conversation
	recent *list.List               // most recently used first
}

// conversation is one conversation's remembered turns, oldest first.
type conversation struct {
	id    string
	turns []storybot.Turn
	last  time.Time
}

func newMemory(turns, max int, ttl time.Duration) *memory {
	return &memory{turns: turns, max: max, ttl: ttl, byConv: make(map[string]*list.Element), recent: list.New()}
}

// history returns a copy of conv's remembered turns, oldest first; nil when there are none.
func (m *memory) history(conv string, now time.Time) []storybot.Turn {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byConv[conv]
	if !ok {
		return nil
	}
	c := e.Value.(*conversation)
	if now.Sub(c.last) > m.ttl {
		m.remove(e)
		return nil
	}
	return append([]storybot.Turn(nil), c.turns...)
}

// add remembers t as conv's latest turn.
func (m *memory) add(conv string, t storybot.Turn, now time.Time) {
	t.Question = truncate(t.Question, maxTurnText)
	t.Answer = truncate(t.Answer, maxTurnText)
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byConv[conv]
	if ok && now.Sub(e.Value.(*conversation).last) > m.ttl {
		m.remove(e)
		ok = false
	}
	if !ok {
		e = m.recent.PushFront(&conversation{id: conv})
		m.byConv[conv] = e
	}
	c := e.Value.(*conversation)
	c.turns = append(c.turns, t)
	if len(c.turns) > m.turns {
		// Copy rather than reslice, so the dropped turns' text can be freed.
		c.turns = append([]storybot.Turn(nil), c.turns[len(c.turns)-m.turns:]...)
	}
	c.last = now
	m.recent.MoveToFront(e)
	for m.recent.Len() > 0 {
		back := m.recent.Back()
		if m.recent.Len() <= m.max && now.Sub(back.Value.(*conversation).last) <= m.ttl {
			break
		}
		m.remove(back)
	}
}

// remove forgets the conversation at e.
func (m *memory) remove(e *list.Element) {
	delete(m.byConv, e.Value.(*conversation).id)
	m.recent.Remove(e)
}
