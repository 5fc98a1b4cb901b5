package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"storybot"
	"storybot/chat"
)

// Feedback runs the behaviour every chat.FeedbackStore must have against a fresh store
// from newStore: the JSON Lines file and a shared store (Redis) alike.
func Feedback(t *testing.T, newStore func(t *testing.T) chat.FeedbackStore) {
	t.Run("OneVotePerUser", func(t *testing.T) { testOneVotePerUser(t, newStore(t)) })
	t.Run("VotesConcurrent", func(t *testing.T) { testVotesConcurrent(t, newStore(t)) })
}

// vote is user's vote v on answer, with the question and a citation.
func vote(answer, user string, v chat.Vote, at time.Time) chat.FeedbackRecord {
	return chat.FeedbackRecord{
		Answer: answer, Question: "Q " + answer, Mode: storybot.ModeQuotes, Vote: v, Platform: "slack",
		Citations: []chat.Span{{Source: "a.txt", Start: 1, End: 9}}, Time: at, User: user,
	}
}

func testOneVotePerUser(t *testing.T, s chat.FeedbackStore) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, st := range []struct {
		r    chat.FeedbackRecord
		want chat.Tally
	}{
		{vote("a1", "u1", chat.VoteUp, at), chat.Tally{Up: 1}},
		{vote("a1", "u1", chat.VoteUp, at), chat.Tally{Up: 1}},     // the same click again
		{vote("a1", "u1", chat.VoteDown, at), chat.Tally{Down: 1}}, // a change of mind
		{vote("a1", "u2", chat.VoteUp, at), chat.Tally{Up: 1, Down: 1}},
		{vote("a2", "u1", chat.VoteDown, at), chat.Tally{Down: 1}},
	} {
		got, err := s.Record(ctx, st.r)
		if err != nil || got != st.want {
			t.Fatalf("step %d: Record(%s %s %s) = %+v, %v; want %+v", i, st.r.Answer, st.r.User, st.r.Vote, got, err, st.want)
		}
	}
	r, ok, err := s.Lookup(ctx, "a2")
	if err != nil || !ok || r.Question != "Q a2" || len(r.Citations) != 1 || r.Citations[0] != (chat.Span{Source: "a.txt", Start: 1, End: 9}) || !r.Time.Equal(at) {
		t.Errorf("Lookup(a2) = %+v, %v, %v; want its question, citation and time", r, ok, err)
	}
	if _, ok, err := s.Lookup(ctx, "none"); ok || err != nil {
		t.Errorf("Lookup(none) = %v, %v; want nothing", ok, err)
	}
	votes, err := s.Votes(ctx)
	if err != nil || len(votes) != 3 {
		t.Fatalf("Votes = %d, %v; want the 3 standing votes", len(votes), err)
	}
	if last := votes[len(votes)-1]; last.Answer != "a2" {
		t.Errorf("Votes ends with %s; want the latest, a2", last.Answer)
	}
	if _, err := s.Record(ctx, chat.FeedbackRecord{Answer: "a3", User: "u1", Vote: "sideways"}); err == nil {
		t.Error("Record accepted a vote that is neither up nor down")
	}
}

func testVotesConcurrent(t *testing.T, s chat.FeedbackStore) {
	ctx := context.Background()
	const users = 20
	var wg sync.WaitGroup
	for u := range users {
		wg.Go(func() {
			user := fmt.Sprint("u", u)
			for _, v := range []chat.Vote{chat.VoteUp, chat.VoteDown, chat.VoteUp} {
				if _, err := s.Record(ctx, vote("a1", user, v, time.Now())); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		})
	}
	wg.Wait()
	got, err := s.Record(ctx, vote("a1", "u0", chat.VoteUp, time.Now()))
	if err != nil || got != (chat.Tally{Up: users}) {
		t.Errorf("after %d users each ended on 👍, the tally is %+v, %v", users, got, err)
	}
}
