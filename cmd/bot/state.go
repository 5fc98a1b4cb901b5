package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"storybot/chat"
	"storybot/chat/redisstate"
)

// sharedState is the state the platforms share: in Redis when state.redis_url or
// REDIS_URL is set (the setting wins), else in this process's memory.
type sharedState struct {
	store chat.Store
	// votes is the vote store in Redis; nil when the state is in memory, where votes go
	// to the feedback file.
	votes chat.FeedbackStore
	// followed returns, for a platform, the questions followed for edits in Redis; nil
	// when the state is in memory, where each adapter follows its own.
	followed func(platform string) chat.Followed
	close    func()
}

// redisURL returns the Redis the configuration names, "" for none.
func redisURL(cfg config, getenv func(string) string) string {
	if cfg.State.RedisURL != "" {
		return cfg.State.RedisURL
	}
	return getenv("REDIS_URL")
}

// newStore returns the state the platforms share. An unreachable Redis is not an error:
// the store answers from memory until it is back.
func newStore(ctx context.Context, cfg config, getenv func(string) string, log *slog.Logger) (sharedState, error) {
	url := redisURL(cfg, getenv)
	if url == "" {
		return sharedState{store: chat.NewLocalStore(chat.LocalOptions{}), close: func() {}}, nil
	}
	s, err := redisstate.New(url, redisstate.Options{Timeout: cfg.State.RedisTimeout, Logger: log})
	if err != nil {
		return sharedState{}, fmt.Errorf("state.redis_url or REDIS_URL: %w", err)
	}
	if err := s.Ping(ctx); err != nil {
		log.Warn("redis: unreachable at start; answering from this copy's own memory until it is", "err", err)
	} else {
		log.Info("state shared in Redis")
	}
	followed := func(platform string) chat.Followed { return s.Answered(platform, cfg.Chat.EditWindow) }
	return sharedState{store: s, votes: s.Feedback(), followed: followed, close: func() { s.Close() }}, nil
}

// claimFor returns s claiming each message for ttl (chat.dedupe_ttl) rather than the
// chat.ClaimTTL the adapters ask for.
func claimFor(s chat.Store, ttl time.Duration) chat.Store { return ttlStore{s, ttl} }

type ttlStore struct {
	chat.Store
	ttl time.Duration
}

func (s ttlStore) Claim(ctx context.Context, key string, _ time.Duration) (bool, error) {
	return s.Store.Claim(ctx, key, s.ttl)
}
