package discord

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// identifyInterval is how often Discord lets each of max_concurrency buckets of sessions
// identify.
const identifyInterval = 5 * time.Second

// recommendedShards asks Discord how many shards the bot should run and how many of them
// may identify at once. When it cannot tell, one shard: connecting will say why.
func (a *Adapter) recommendedShards(ctx context.Context) (shards, concurrency int) {
	gb, err := a.session.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("discord: recommended shard count unknown, running one shard", "err", safeErr(err))
		return 1, 1
	}
	return max(1, gb.Shards), max(1, gb.SessionStartLimit.MaxConcurrency)
}

// runShards runs n shards in this process, one Adapter each, sharing the handler and the
// store so that each message is answered once across them. The shards identify as fast
// as Discord allows. When one stops with an error, the others are stopped too.
func (a *Adapter) runShards(ctx context.Context, n, concurrency int) error {
	a.log.Info("discord: running the shards Discord recommends", "shards", n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	shards := make([]*Adapter, n)
	for i := range n {
		cfg := a.cfg
		cfg.ShardID, cfg.ShardCount, cfg.Store = i, n, a.store
		s, err := New(cfg, a.handler, a.log.With("shard", i))
		if err != nil {
			return err
		}
		s.editEvery, s.typingEvery, s.historyDepth, s.retryBase = a.editEvery, a.typingEvery, a.historyDepth, a.retryBase
		shards[i] = s
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, s := range shards {
		wg.Go(func() {
			wait := time.NewTimer(time.Duration(i/concurrency) * identifyInterval)
			defer wait.Stop()
			select {
			case <-ctx.Done():
				return
			case <-wait.C:
			}
			if errs[i] = s.Run(ctx); errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
