package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Run connects to Discord, registers the slash commands and answers until ctx is done.
// Then it stops taking messages, finishes the replies in flight (for at most the
// configured grace), closes the connection and returns nil. It returns an error when it
// cannot connect for a reason waiting will not fix: Discord refuses the token or the
// intents (ErrBadToken, ErrDisallowedIntents); any other failure to connect is retried.
// Run may be called once.
func (a *Adapter) Run(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return nil
	}
	if a.cfg.ShardCount == 0 {
		if n, concurrency := a.recommendedShards(ctx); n > 1 {
			return a.runShards(ctx, n, concurrency)
		}
	}
	// Replies outlive ctx by the grace period, so they get their own context.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()

	s := a.session
	for _, h := range []any{
		func(_ *discordgo.Session, r *discordgo.Ready) { a.onReady(r); a.connection(true) },
		func(_ *discordgo.Session, m *discordgo.MessageCreate) { a.onMessage(work, m) },
		func(_ *discordgo.Session, i *discordgo.InteractionCreate) { a.onInteraction(work, i) },
		func(_ *discordgo.Session, _ *discordgo.Connect) { a.log.Info("discord: connected to the gateway") },
		func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			a.log.Info("discord: disconnected from the gateway")
			a.connection(false)
		},
		func(_ *discordgo.Session, _ *discordgo.Resumed) {
			a.log.Info("discord: session resumed")
			a.connection(true)
		},
		func(_ *discordgo.Session, r *discordgo.RateLimit) { a.onRateLimit(r) },
	} {
		defer s.AddHandler(h)()
	}

	if err := a.connect(ctx); err != nil {
		return err
	}
	if ctx.Err() != nil {
		a.log.Info("discord: stopped while connecting")
		return nil
	}
	me := a.identity()
	a.log.Info("discord: ready", "bot_user", me.userID, "application", me.appID, "invite_url", InviteURL(me.appID))
	// The commands are the application's, not a shard's: shard 0 registers them.
	if a.cfg.ShardID == 0 {
		if err := a.registerCommands(ctx, me.appID); err != nil {
			// Mentions and direct messages still work without the slash commands.
			a.log.Error("discord: slash commands not registered", "err", err)
		} else {
			a.log.Info("discord: slash commands registered", "guilds", len(a.cfg.GuildIDs))
		}
	}

	<-ctx.Done()
	a.shutdown(stopWork)
	a.log.Info("discord: stopped")
	return nil
}

// connect opens the gateway connection, retrying with a growing pause while the failure may
// pass (Discord or the network down at start-up), so that a bot started during an outage
// comes up when it ends. A refused token or intent is final: waiting will not fix it.
// It returns nil when ctx ends first.
func (a *Adapter) connect(ctx context.Context) error {
	wait := a.retryBase
	for {
		err := a.open(ctx)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		err = openError(err)
		if errors.Is(err, ErrBadToken) || errors.Is(err, ErrDisallowedIntents) {
			a.log.Error("discord: cannot connect", "err", err)
			return err
		}
		a.log.Warn("discord: cannot connect; trying again", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, maxRetryWait)
	}
}

// maxRetryWait bounds the pause between two attempts to connect.
const maxRetryWait = time.Minute

// open connects to the gateway. discordgo's Open takes no context and waits for READY
// without a deadline, so when ctx is done first, open hangs up the connection being opened.
func (a *Adapter) open(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.session.Open() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	a.mu.Lock()
	if a.conn != nil {
		a.conn.Close()
	}
	a.mu.Unlock()
	if err := <-done; err == nil {
		// Open won the race: close the connection it made.
		a.session.Close()
	}
	return ctx.Err()
}

// shutdown stops taking messages, closes the gateway and waits for the replies in flight;
// once the grace period is over it cancels them through stopWork.
func (a *Adapter) shutdown(stopWork context.CancelFunc) {
	a.mu.Lock()
	a.closing = true
	a.mu.Unlock()
	a.log.Info("discord: shutting down, finishing replies in flight")

	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	grace := time.NewTimer(a.cfg.ShutdownGrace)
	defer grace.Stop()
	// The REST API the replies use stays usable after the gateway is closed.
	if err := a.session.Close(); err != nil {
		a.log.Warn("discord: close gateway", "err", err)
	}
	select {
	case <-done:
		return
	case <-grace.C:
	}
	a.log.Warn("discord: grace period over, cancelling replies in flight", "grace", a.cfg.ShutdownGrace)
	stopWork()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		// A request sleeping out Discord's retry_after cannot be interrupted; the process is
		// stopping anyway.
		a.log.Warn("discord: replies still in flight after cancelling them")
	}
}

// connection tells Config.OnConnection, if set, that the gateway went up or down.
func (a *Adapter) connection(up bool) {
	if a.cfg.OnConnection != nil {
		a.cfg.OnConnection(up)
	}
}

// onReady learns who the bot is, on the first connection and on every new session.
func (a *Adapter) onReady(r *discordgo.Ready) {
	if r == nil || r.User == nil {
		return
	}
	id := identity{userID: r.User.ID, appID: r.User.ID}
	if r.Application != nil && r.Application.ID != "" {
		id.appID = r.Application.ID
	}
	a.mu.Lock()
	a.me = id
	a.mu.Unlock()
}

// identity returns who the bot is. The READY handler may not have run yet when the first
// events arrive, so it falls back to the session's state, which Open fills in.
func (a *Adapter) identity() identity {
	a.mu.Lock()
	id := a.me
	a.mu.Unlock()
	if id.userID != "" {
		return id
	}
	st := a.session.State
	st.RLock()
	r := st.Ready
	st.RUnlock()
	if r.User != nil {
		id = identity{userID: r.User.ID, appID: r.User.ID}
	}
	if r.Application != nil && r.Application.ID != "" {
		id.appID = r.Application.ID
	}
	return id
}

// onRateLimit logs that discordgo waits out a 429; the URL is left out because an
// interaction's token is part of it.
func (a *Adapter) onRateLimit(r *discordgo.RateLimit) {
	if r == nil || r.TooManyRequests == nil {
		return
	}
	a.log.Info("discord: rate limited, waiting", "retry_after", r.RetryAfter, "bucket", r.Bucket)
}

// errBusy means too many replies are waiting already.
var errBusy = errors.New("too many replies waiting")

// spawn runs job in a goroutine the Adapter owns and waits for at shutdown. It refuses
// new work once shutting down, and more than 16 replies waiting per slot.
func (a *Adapter) spawn(ctx context.Context, job func(ctx context.Context)) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closing {
		return errors.New("shutting down")
	}
	if a.pending >= 16*cap(a.running) {
		return errBusy
	}
	a.pending++
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		defer func() {
			a.mu.Lock()
			a.pending--
			a.mu.Unlock()
		}()
		job(ctx)
	}()
	return nil
}

// acquire waits for a slot to write a reply in; the returned func gives it back.
func (a *Adapter) acquire(ctx context.Context) (func(), error) {
	select {
	case a.running <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-a.running }) }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a reply slot: %w", ctx.Err())
	}
}
