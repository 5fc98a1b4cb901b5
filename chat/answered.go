package chat

import (
	"crypto/sha256"
	"sync"
	"time"
)

// Followed keeps the questions the bot answered, so that an edit or a deletion of one is
// acted on once, by whichever copy of the bot receives it. Answered keeps them in this
// process; redisstate.Answered in Redis, shared by every copy. The methods are as
// Answered's.
type Followed interface {
	Add(key, user, text string, replies []string)
	Edit(key, user, text string, edited time.Time) (AnsweredQuestion, bool)
	SetReplies(key string, replies []string)
	Delete(key string) (AnsweredQuestion, bool)
	Has(key string) bool
}

// Answered remembers, for a window of time, the bot's answers to recent questions: who
// asked, what the question said, and which of the bot's messages hold the answer. With it
// an adapter can re-answer an edited question in place and take the answer away when the
// question is deleted, each exactly once however often the platform delivers the change.
// It holds at most a bounded number of questions, forgetting the oldest first. It is safe
// for concurrent use.
type Answered struct {
	window time.Duration
	now    func() time.Time

	mu        sync.Mutex
	questions *table[*AnsweredQuestion]
}

// AnsweredQuestion is one question the bot answered.
type AnsweredQuestion struct {
	// User is the asker, as the platform names them.
	User string
	// text is a hash of the question's text as last answered (cleaned): enough to tell an
	// edit that changes it, and a few bytes whatever the question's length.
	text TextHash
	// Replies are the ids of the bot's messages that hold the answer, in order.
	Replies []string
	// At is when the question was first answered: edits are followed within the window
	// from then.
	At time.Time
	// Edited is when the edit answered last was made; zero before any.
	Edited time.Time
}

// Defaults for NewAnswered.
const (
	// DefaultEditWindow is how long after answering the bot follows a question's edits.
	DefaultEditWindow = 15 * time.Minute
	// DefaultMaxAnswered bounds the questions followed at once: about 200 bytes each.
	DefaultMaxAnswered = 10000
)

// NewAnswered returns an Answered that follows a question for window (DefaultEditWindow
// when <= 0), remembering at most max questions (DefaultMaxAnswered when <= 0), the one
// used least recently forgotten first; now reads the time (time.Now when nil).
func NewAnswered(window time.Duration, max int, now func() time.Time) *Answered {
	if window <= 0 {
		window = DefaultEditWindow
	}
	if max <= 0 {
		max = DefaultMaxAnswered
	}
	if now == nil {
		now = time.Now
	}
	return &Answered{window: window, now: now, questions: newTable[*AnsweredQuestion](max)}
}

// Add remembers that the question key (a platform's message id), asked by user with
// text, is answered in the bot's messages replies.
func (a *Answered) Add(key, user, text string, replies []string) {
	if key == "" || len(replies) == 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	q := &AnsweredQuestion{User: user, text: textHash(text), Replies: append([]string(nil), replies...), At: now}
	a.questions.put(key, q, now.Add(a.window), now)
}

// Edit claims the edit of question key by user to text, made at the time edited: it
// returns the question as it was answered, and records text as answered, when the question
// is known and within the window, user asked it, text differs from what was answered, and
// the edit is later than the one answered last (an edited time of zero is taken to be in
// order). Otherwise ok is false: someone else's message, an old one, an edit that changed
// no text, one already claimed (a redelivery), or one overtaken by a later edit.
func (a *Answered) Edit(key, user, text string, edited time.Time) (q AnsweredQuestion, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.live(key)
	h := textHash(text)
	if p == nil || p.User != user || p.text == h {
		return AnsweredQuestion{}, false
	}
	if !edited.IsZero() && !edited.After(p.Edited) {
		return AnsweredQuestion{}, false
	}
	q = *p
	q.Replies = append([]string(nil), p.Replies...)
	p.text = h
	if edited.After(p.Edited) {
		p.Edited = edited
	}
	return q, true
}

// TextHash is the hash of a question's text as Clean leaves it: what tells an edit that
// changes the question from one that does not.
type TextHash [sha256.Size]byte

// textHash returns the hash of text as Clean leaves it.
func textHash(text string) TextHash { return sha256.Sum256([]byte(Clean(text))) }

// HashText returns the hash of text as Clean leaves it, for a Followed kept elsewhere.
func HashText(text string) TextHash { return textHash(text) }

// SetReplies records the bot's messages that now hold the answer to question key.
func (a *Answered) SetReplies(key string, replies []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p := a.live(key); p != nil && len(replies) > 0 {
		p.Replies = append([]string(nil), replies...)
	}
}

// Delete forgets question key and returns it when it was within the window: the caller
// then removes the answer. A second Delete of the same key finds nothing.
func (a *Answered) Delete(key string) (AnsweredQuestion, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.live(key)
	if p == nil {
		return AnsweredQuestion{}, false
	}
	a.questions.remove(key)
	return *p, true
}

// Has reports whether question key is remembered and within the window.
func (a *Answered) Has(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.live(key) != nil
}

// live returns the question key when it is within the window.
func (a *Answered) live(key string) *AnsweredQuestion {
	e, ok := a.questions.get(key, a.now())
	if !ok {
		return nil
	}
	return e.val
}
