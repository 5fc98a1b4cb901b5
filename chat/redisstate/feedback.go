package redisstate

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"

	"storybot/chat"
)

// Feedback is a chat.FeedbackStore in Redis: every copy of the bot records its votes in
// one place, and bot feedback reads them all. Each answer's votes are a hash of voter to
// record, so a second click replaces the first; a sorted set lists the answers by their
// latest vote. A vote survives a crash of Redis as far as its persistence is set up
// (appendonly yes keeps every acknowledged write).
//
// Unlike claims, votes do not fall back to memory when Redis is down: Record returns the
// error, and the voter is told the vote was not recorded, rather than the vote being kept
// where no report will ever read it.
type Feedback struct {
	rdb     *redis.Client
	prefix  string
	timeout time.Duration
}

// Feedback returns the store's votes, sharing its connection.
func (s *Store) Feedback() *Feedback {
	return &Feedback{rdb: s.rdb, prefix: s.opts.Prefix + "feedback:", timeout: s.opts.Timeout}
}

// answersKey is the sorted set of answers voted on, by their latest vote's time.
func (f *Feedback) answersKey() string { return f.prefix + "answers" }

// votesKey is answer id's hash of voter to vote record.
func (f *Feedback) votesKey(id string) string { return f.prefix + "votes:" + id }

// Record stores r as r.User's vote on r.Answer, replacing any earlier vote of theirs, and
// returns the answer's tally with it counted.
func (f *Feedback) Record(ctx context.Context, r chat.FeedbackRecord) (chat.Tally, error) {
	if err := r.Check(); err != nil {
		return chat.Tally{}, fmt.Errorf("record vote: %w", err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return chat.Tally{}, fmt.Errorf("record vote: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	var all *redis.MapStringStringCmd
	_, err = f.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, f.votesKey(r.Answer), r.User, b)
		p.ZAdd(ctx, f.answersKey(), redis.Z{Score: float64(r.Time.UnixNano()), Member: r.Answer})
		all = p.HGetAll(ctx, f.votesKey(r.Answer))
		return nil
	})
	if err != nil {
		return chat.Tally{}, fmt.Errorf("record vote in redis: %w", err)
	}
	var t chat.Tally
	for _, rec := range decodeVotes(all.Val()) {
		t = t.Count(rec.Vote)
	}
	return t, nil
}

// Lookup returns the latest vote on answer id.
func (f *Feedback) Lookup(ctx context.Context, id string) (chat.FeedbackRecord, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	m, err := f.rdb.HGetAll(ctx, f.votesKey(id)).Result()
	if err != nil {
		return chat.FeedbackRecord{}, false, fmt.Errorf("look up votes in redis: %w", err)
	}
	recs := decodeVotes(m)
	if len(recs) == 0 {
		return chat.FeedbackRecord{}, false, nil
	}
	return recs[len(recs)-1], true, nil
}

// Votes returns the standing votes, oldest first. It reads every answer's votes, which
// is for an operator's report, not for a message's path.
func (f *Feedback) Votes(ctx context.Context) ([]chat.FeedbackRecord, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*f.timeout)
	defer cancel()
	ids, err := f.rdb.ZRange(ctx, f.answersKey(), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list voted answers in redis: %w", err)
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	if _, err := f.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, f.votesKey(id))
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read votes in redis: %w", err)
	}
	var out []chat.FeedbackRecord
	for _, c := range cmds {
		out = append(out, decodeVotes(c.Val())...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// decodeVotes reads an answer's hash of votes, oldest first; a value that is not a vote
// record is skipped.
func decodeVotes(m map[string]string) []chat.FeedbackRecord {
	out := make([]chat.FeedbackRecord, 0, len(m))
	for _, v := range m {
		var r chat.FeedbackRecord
		if json.Unmarshal([]byte(v), &r) == nil && r.Vote.Valid() {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].User < out[j].User
	})
	return out
}
