package chat

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"storybot"
)

// Vote is what a person thought of an answer: VoteUp (👍) or VoteDown (👎).
type Vote string

// The votes.
const (
	VoteUp   Vote = "up"
	VoteDown Vote = "down"
)

// Valid reports whether v is VoteUp or VoteDown.
func (v Vote) Valid() bool { return v == VoteUp || v == VoteDown }

// Span is where a citation of an answer stands in its source.
type Span struct {
	Source string `json:"source"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// FeedbackRecord is one vote on one answer, as a FeedbackStore keeps it.
type FeedbackRecord struct {
	// Answer is the answer's id (Reply.ID).
	Answer string `json:"answer"`
	// Question is what the answer answered; "/summary" for a summary.
	Question  string        `json:"question"`
	Mode      storybot.Mode `json:"mode"`
	Citations []Span        `json:"citations"`
	Vote      Vote          `json:"vote"`
	// Platform is where the vote was cast: "slack", "discord".
	Platform string    `json:"platform"`
	Time     time.Time `json:"time"`
	// User is a one-way hash of the voter's platform and id (HashUser): votes can be told
	// apart per person without keeping who they are.
	User string `json:"user"`
}

// Tally counts the standing votes on one answer.
type Tally struct {
	Up   int `json:"up"`
	Down int `json:"down"`
}

// Count returns t with vote v counted.
func (t Tally) Count(v Vote) Tally {
	if v == VoteUp {
		t.Up++
	} else {
		t.Down++
	}
	return t
}

// Check says what a FeedbackStore cannot record r for: a vote neither up nor down, or no
// answer or user; nil when it can.
func (r FeedbackRecord) Check() error {
	if !r.Vote.Valid() || r.Answer == "" || r.User == "" {
		return errors.New("feedback record without a vote, answer or user")
	}
	return nil
}

// FeedbackStore keeps the votes on answers. FeedbackFile, an append-only JSON Lines file,
// is the default; a store shared by several replicas (Redis) implements the same methods.
// Implementations are safe for concurrent use.
type FeedbackStore interface {
	// Record stores r as r.User's vote on r.Answer, replacing any earlier vote of theirs
	// on it, and returns the answer's tally with it counted. Once Record returns without
	// error the vote survives a crash.
	Record(ctx context.Context, r FeedbackRecord) (Tally, error)
	// Lookup returns the latest record of a vote on answer id; ok is false when there is none.
	Lookup(ctx context.Context, id string) (r FeedbackRecord, ok bool, err error)
	// Votes returns the standing votes, the latest of each user on each answer, oldest first.
	Votes(ctx context.Context) ([]FeedbackRecord, error)
}

// Click is a press of a feedback button, as an adapter reads it from its platform.
type Click struct {
	// Answer is the id the button carries (Reply.ID).
	Answer string
	Vote   Vote
	// User identifies the voter on Platform; it is hashed before it is stored.
	User     string
	Platform string
}

// ErrNoFeedback is returned by Bot.Feedback when the Bot has no FeedbackStore.
var ErrNoFeedback = errors.New("feedback is not set up")

// maxAnswerID bounds an answer id read back from a button: the ids the Bot makes are 16
// hexadecimal digits.
const maxAnswerID = 32

// Feedback records a click on an answer's feedback buttons and returns the answer's
// tally. A second click of the same user replaces the first. The question, mode and
// citations come from the answers the Bot remembers, or else from an earlier vote on the
// same answer (after a restart); an answer known to neither is recorded with its id alone.
func (b *Bot) Feedback(ctx context.Context, c Click) (Tally, error) {
	if b.opts.Feedback == nil {
		return Tally{}, ErrNoFeedback
	}
	if !c.Vote.Valid() || !validAnswerID(c.Answer) || c.User == "" {
		return Tally{}, fmt.Errorf("feedback: malformed click (vote %q, answer id of %d bytes)", truncate(string(c.Vote), 16), len(c.Answer))
	}
	r, ok := b.answers.get(c.Answer)
	if !ok {
		prev, found, err := b.opts.Feedback.Lookup(ctx, c.Answer)
		if err != nil {
			return Tally{}, fmt.Errorf("feedback: look up answer: %w", err)
		}
		if found {
			r = prev
		}
	}
	r.Answer, r.Vote, r.Platform, r.User = c.Answer, c.Vote, c.Platform, HashUser(c.Platform, c.User)
	r.Time = b.opts.Now().UTC()
	t, err := b.opts.Feedback.Record(ctx, r)
	if err != nil {
		return Tally{}, fmt.Errorf("feedback: record vote: %w", err)
	}
	return t, nil
}

// HashUser returns the one-way hash under which a user's votes are stored.
func HashUser(platform, user string) string {
	sum := sha256.Sum256([]byte("storybot feedback\x00" + platform + "\x00" + user))
	return hex.EncodeToString(sum[:16])
}

// validAnswerID reports whether id can be an answer id: short, hexadecimal.
func validAnswerID(id string) bool {
	if id == "" || len(id) > maxAnswerID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// newAnswerID returns a fresh random answer id.
func newAnswerID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// maxRemembered bounds the answers whose question and citations the Bot keeps for votes,
// and maxVotedQuestion the bytes of a question kept: about 1.5 KB an answer at most.
const (
	maxRemembered    = 10000
	maxVotedQuestion = 1000
)

// answerLog remembers the latest answers by id, the oldest forgotten first, so that a
// vote can be stored with the question and citations it judges.
type answerLog struct {
	mu      sync.Mutex
	answers *table[FeedbackRecord]
}

func (l *answerLog) add(id string, r FeedbackRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.answers == nil {
		l.answers = newTable[FeedbackRecord](maxRemembered)
	}
	// Bounded by count alone: a vote may come days later.
	l.answers.put(id, r, forever, time.Time{})
}

func (l *answerLog) get(id string) (FeedbackRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.answers == nil {
		return FeedbackRecord{}, false
	}
	e, ok := l.answers.get(id, time.Time{})
	if !ok {
		return FeedbackRecord{}, false
	}
	return e.val, true
}

// forever is an expiry time never reached.
var forever = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// spans returns where cites stand in their sources, each once, in order.
func spans(cites []storybot.Citation) []Span {
	out := []Span{}
	seen := map[Span]bool{}
	for _, c := range cites {
		s := Span{Source: c.Source, Start: c.Start, End: c.End}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// AnswerFeedback is the standing votes on one answer, in a FeedbackReport.
type AnswerFeedback struct {
	Answer    string        `json:"answer"`
	Question  string        `json:"question"`
	Mode      storybot.Mode `json:"mode"`
	Citations []Span        `json:"citations"`
	Up        int           `json:"up"`
	Down      int           `json:"down"`
	// Last is when the latest vote on it was cast.
	Last time.Time `json:"last"`
}

// FeedbackReport sums up the votes, for an operator to see what to fix.
type FeedbackReport struct {
	// Answers counts the answers voted on.
	Answers int `json:"answers"`
	Up      int `json:"up"`
	Down    int `json:"down"`
	// Platforms tallies the votes per platform.
	Platforms map[string]Tally `json:"platforms"`
	// MostDown lists the answers with the most 👎, most first (ties: fewer 👍, then the
	// latest vote first); only answers with at least one 👎.
	MostDown []AnswerFeedback `json:"most_down"`
}

// Report sums up standing votes (as FeedbackStore.Votes returns them), listing at most n
// answers in MostDown.
func Report(votes []FeedbackRecord, n int) FeedbackReport {
	rep := FeedbackReport{Platforms: map[string]Tally{}, MostDown: []AnswerFeedback{}}
	byAnswer := map[string]*AnswerFeedback{}
	var order []*AnswerFeedback
	for _, v := range votes {
		a, ok := byAnswer[v.Answer]
		if !ok {
			a = &AnswerFeedback{Answer: v.Answer}
			byAnswer[v.Answer] = a
			order = append(order, a)
		}
		if v.Question != "" || a.Question == "" {
			a.Question, a.Mode, a.Citations = v.Question, v.Mode, v.Citations
		}
		if a.Citations == nil {
			a.Citations = []Span{}
		}
		if v.Time.After(a.Last) {
			a.Last = v.Time
		}
		p := rep.Platforms[v.Platform]
		switch v.Vote {
		case VoteUp:
			a.Up++
			rep.Up++
			p.Up++
		case VoteDown:
			a.Down++
			rep.Down++
			p.Down++
		}
		rep.Platforms[v.Platform] = p
	}
	rep.Answers = len(order)
	for _, a := range order {
		if a.Down > 0 {
			rep.MostDown = append(rep.MostDown, *a)
		}
	}
	sort.SliceStable(rep.MostDown, func(i, j int) bool {
		x, y := rep.MostDown[i], rep.MostDown[j]
		if x.Down != y.Down {
			return x.Down > y.Down
		}
		if x.Up != y.Up {
			return x.Up < y.Up
		}
		return x.Last.After(y.Last)
	})
	if len(rep.MostDown) > n {
		rep.MostDown = rep.MostDown[:max(n, 0)]
	}
	return rep
}
