package redisstate

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"storybot/chat"
)

// Answered is a chat.Followed in Redis: the questions the bot answered, shared by every
// copy, so that an edit or a deletion delivered to any copy is acted on once. Each
// question is a hash that lives for the edit window. When Redis cannot be reached it
// follows, as the Store does, from this copy's own memory (the questions this copy
// answered), and counts the call in the Store's Fallbacks.
type Answered struct {
	s        *Store
	platform string
	window   time.Duration
	local    *chat.Answered
}

// Answered returns the questions a platform's adapter follows for edits, in the store's
// Redis, each for window.
func (s *Store) Answered(platform string, window time.Duration) *Answered {
	if window <= 0 {
		window = chat.DefaultEditWindow
	}
	return &Answered{s: s, platform: platform, window: window, local: chat.NewAnswered(window, 0, nil)}
}

func (a *Answered) key(k string) string { return a.s.opts.Prefix + "answered:" + a.platform + ":" + k }

// Add implements chat.Followed.
func (a *Answered) Add(key, user, text string, replies []string) {
	a.local.Add(key, user, text, replies)
	if key == "" || len(replies) == 0 {
		return
	}
	h := chat.HashText(text)
	rs, _ := json.Marshal(replies)
	_ = a.s.try(context.Background(), "follow a question", func(ctx context.Context) error {
		_, err := a.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, a.key(key), "user", user, "text", hex.EncodeToString(h[:]), "replies", rs,
				"at", time.Now().UnixNano(), "edited", 0)
			p.PExpire(ctx, a.key(key), a.window)
			return nil
		})
		return err
	})
}

// editScript claims an edit: the question must be followed, asked by the editor, changed,
// and later than the edit answered last (0: unordered). It records the new text and
// returns the question as it was, or nil.
var editScript = redis.NewScript(`
local q = redis.call('HMGET', KEYS[1], 'user', 'text', 'replies', 'at', 'edited')
if not q[1] or q[1] ~= ARGV[1] or q[2] == ARGV[2] then return false end
local edited, last = tonumber(ARGV[3]), tonumber(q[5]) or 0
if edited ~= 0 and edited <= last then return false end
redis.call('HSET', KEYS[1], 'text', ARGV[2])
if edited > last then redis.call('HSET', KEYS[1], 'edited', ARGV[3]) end
return {q[3], q[4], q[5]}`)

// Edit implements chat.Followed.
func (a *Answered) Edit(key, user, text string, edited time.Time) (chat.AnsweredQuestion, bool) {
	h := chat.HashText(text)
	var res []any
	var ok bool
	err := a.s.try(context.Background(), "claim an edit", func(ctx context.Context) error {
		v, err := editScript.Run(ctx, a.s.rdb, []string{a.key(key)}, user, hex.EncodeToString(h[:]), unixNano(edited)).Result()
		if err == redis.Nil {
			return nil
		}
		res, ok = v.([]any)
		return err
	})
	if err != nil {
		return a.local.Edit(key, user, text, edited)
	}
	a.local.Edit(key, user, text, edited)
	if !ok || len(res) != 3 {
		return chat.AnsweredQuestion{}, false
	}
	return question(user, res[0], res[1], res[2]), true
}

// SetReplies implements chat.Followed.
func (a *Answered) SetReplies(key string, replies []string) {
	a.local.SetReplies(key, replies)
	if len(replies) == 0 {
		return
	}
	rs, _ := json.Marshal(replies)
	_ = a.s.try(context.Background(), "follow a question", func(ctx context.Context) error {
		return setIfFollowed.Run(ctx, a.s.rdb, []string{a.key(key)}, rs).Err()
	})
}

var setIfFollowed = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'replies', ARGV[1]) end
return 0`)

// Delete implements chat.Followed: whichever copy deletes first takes the question.
func (a *Answered) Delete(key string) (chat.AnsweredQuestion, bool) {
	var m map[string]string
	err := a.s.try(context.Background(), "forget a question", func(ctx context.Context) error {
		var get *redis.MapStringStringCmd
		_, err := a.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			get = p.HGetAll(ctx, a.key(key))
			p.Del(ctx, a.key(key))
			return nil
		})
		if err == nil {
			m = get.Val()
		}
		return err
	})
	q, local := a.local.Delete(key)
	if err != nil {
		return q, local
	}
	if len(m) == 0 {
		return chat.AnsweredQuestion{}, false
	}
	return question(m["user"], m["replies"], m["at"], m["edited"]), true
}

// Has implements chat.Followed.
func (a *Answered) Has(key string) bool {
	var n int64
	if err := a.s.try(context.Background(), "look up a question", func(ctx context.Context) error {
		var err error
		n, err = a.s.rdb.Exists(ctx, a.key(key)).Result()
		return err
	}); err != nil {
		return a.local.Has(key)
	}
	return n == 1
}

// question reads a followed question's fields as Redis returns them.
func question(user string, replies, at, edited any) chat.AnsweredQuestion {
	q := chat.AnsweredQuestion{User: user}
	if s, ok := replies.(string); ok {
		_ = json.Unmarshal([]byte(s), &q.Replies)
	}
	q.At = fromNano(at)
	q.Edited = fromNano(edited)
	return q
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNano(v any) time.Time {
	s, _ := v.(string)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
