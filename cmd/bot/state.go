package main

import (
	"context"
	"fmt"
	"log/slog"

	"storybot/chat"
	"storybot/chat/redisstate"
)

// newStore returns the state the platforms share: in Redis when state.redis_url or
// REDIS_URL is set (the setting wins), else in this process's memory. close releases it.
// An unreachable Redis is not an error: the store answers from memory until it is back.
func newStore(ctx context.Context, cfg config, getenv func(string) string, log *slog.Logger) (chat.Store, func(), error) {
	url := cfg.State.RedisURL
	if url == "" {
		url = getenv("REDIS_URL")
	}
	if url == "" {
		return chat.NewLocalStore(chat.LocalOptions{}), func() {}, nil
	}
	s, err := redisstate.New(url, redisstate.Options{Timeout: cfg.State.RedisTimeout, Logger: log})
	if err != nil {
		return nil, nil, fmt.Errorf("state.redis_url or REDIS_URL: %w", err)
	}
	if err := s.Ping(ctx); err != nil {
		log.Warn("redis: unreachable at start; answering from this copy's own memory until it is", "err", err)
	} else {
		log.Info("state shared in Redis")
	}
	return s, func() { s.Close() }, nil
}
