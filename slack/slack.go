// Package slack connects the chat core to Slack with github.com/slack-go/slack: it turns
// mentions, direct messages and slash commands into chat Messages, and the core's Markdown
// replies into Slack messages, each user message answered once.
//
// It connects by Socket Mode (the default; no public URL needed) or serves the Events API
// and slash commands over HTTP. It is the only package of storybot that imports slack-go.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"storybot/chat"
)

// Handler answers a message: *chat.Bot is one. progress, when not nil, receives the
// growing reply as Markdown while it is written.
type Handler interface {
	Handle(ctx context.Context, m chat.Message, progress func(markdown string)) chat.Reply
}

// threadTTL is how long after its last answer a thread is followed without a mention.
const threadTTL = 24 * time.Hour

// waitingPerSlot is how many messages may be queued, per message answered at once, before
// new events wait for room.
const waitingPerSlot = 4

// Adapter runs the bot on Slack. Create it with New and start it with Run, once.
type Adapter struct {
	cfg  Config
	h    Handler
	log  *slog.Logger
	api  *slack.Client
	http *http.Client
	// store holds the claims that answer each message once; shared with the copies of the
	// bot that share it.
	store chat.Store
	// answered follows the questions answered, for their edits and deletion; threads
	// holds the threads answered in, keyed channel/thread ts, for follow-ups.
	answered chat.Followed
	threads  *chat.Answered
	// me is learned by Run before any message is handled, and read-only after.
	me identity
	// listener, when set (tests), is served in HTTP mode instead of listening on cfg.Listen.
	listener net.Listener
	// retryBase is the first pause before retrying a failed call; tests shorten it.
	retryBase time.Duration

	// admitted counts the jobs dispatched and not finished; running those running.
	admitted chan struct{}
	running  chan struct{}
	started  atomic.Bool
	wg       sync.WaitGroup
	mu       sync.Mutex
	closed   bool
}

// New returns an Adapter for cfg answering with h; it checks cfg but does not connect.
func New(cfg Config, h Handler, logger *slog.Logger) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errors.New("slack: no handler")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.defaults()
	if cfg.Store == nil {
		cfg.Store = chat.NewLocalStore(chat.LocalOptions{})
	}
	hc := httpClient()
	a := &Adapter{
		cfg:      cfg,
		h:        h,
		log:      logger,
		http:     hc,
		store:    cfg.Store,
		answered: cfg.Followed,
		threads:  chat.NewAnswered(threadTTL, 0, nil),
		admitted: make(chan struct{}, waitingPerSlot*cfg.MaxConcurrent),
		running:  make(chan struct{}, cfg.MaxConcurrent),

		retryBase: defaultRetryBase,
	}
	a.api = slack.New(cfg.BotToken,
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionHTTPClient(hc),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionLog(slog.NewLogLogger(logger.Handler(), slog.LevelDebug)),
	)
	return a, nil
}

// Run connects to Slack and answers until ctx is done; then it stops taking messages,
// finishes the replies in flight (for at most Config.Grace) and returns. It returns an
// error when Slack refuses the tokens or the HTTP address cannot be served; a dropped
// connection is re-established on its own.
func (a *Adapter) Run(ctx context.Context) error {
	if !a.started.CompareAndSwap(false, true) {
		return errors.New("slack: Run called twice")
	}
	me, err := a.whoAmI(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.me = me
	a.log.Info("slack: starting", "mode", a.cfg.Mode, "bot_user", me.UserID)

	// Replies in flight outlive ctx by up to the grace period, so work is not ctx's child.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	if a.cfg.Mode == ModeHTTP {
		err = a.serveHTTP(ctx, work)
	} else {
		err = a.runSocket(ctx, work)
	}
	a.drain(cancelWork)
	return err
}

// connection tells Config.OnConnection, if set, that the connection went up or down.
func (a *Adapter) connection(up bool) {
	if a.cfg.OnConnection != nil {
		a.cfg.OnConnection(up)
	}
}

// whoAmI learns the bot's user and bot ids (auth.test), retrying while Slack is
// unreachable; a rejected token is an error at once.
func (a *Adapter) whoAmI(ctx context.Context) (identity, error) {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		var resp *slack.AuthTestResponse
		err := a.retry(ctx, "auth.test", func(ctx context.Context) error {
			var err error
			resp, err = a.api.AuthTestContext(ctx)
			return err
		})
		if err == nil {
			return identity{UserID: resp.UserID, BotID: resp.BotID}, nil
		}
		if _, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
			return identity{}, fmt.Errorf("slack: the bot token was refused (check SLACK_BOT_TOKEN): %w", err)
		}
		a.log.Warn("slack: cannot reach Slack, will retry", "in", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return identity{}, err
		}
	}
}

// dispatch runs job in a goroutine of its own, owned by the Adapter and counted by its
// WaitGroup. At most MaxConcurrent jobs run at once; up to waitingPerSlot times as many
// wait for a turn without holding up the events behind them. Beyond that, dispatch waits
// (back-pressure) until a job finishes or ctx ends, when the message is dropped and its
// claim, key, released for a redelivery. The event has been acknowledged already.
func (a *Adapter) dispatch(ctx, work context.Context, key string, job func(ctx context.Context)) {
	select {
	case a.admitted <- struct{}{}:
	case <-ctx.Done():
		a.log.Warn("slack: shutting down, an acknowledged message goes unanswered")
		chat.Release(ctx, a.store, key, a.log)
		return
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		<-a.admitted
		chat.Release(ctx, a.store, key, a.log)
		return
	}
	a.wg.Add(1)
	a.mu.Unlock()
	go func() {
		defer a.wg.Done()
		defer func() { <-a.admitted }()
		select {
		case a.running <- struct{}{}:
		case <-work.Done():
			chat.Release(work, a.store, key, a.log)
			return
		}
		defer func() { <-a.running }()
		// Every line logged about this message, here and in the chat core, carries its id.
		job(chat.WithRequest(work, chat.Request{ID: chat.NewRequestID(), Platform: "slack"}))
	}()
}

// drain waits for the replies in flight, for up to the grace period; then it cancels
// them and waits a little longer for them to notice.
func (a *Adapter) drain(cancelWork context.CancelFunc) {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(a.cfg.Grace):
	}
	a.log.Warn("slack: grace period over, cancelling replies in flight", "grace", a.cfg.Grace)
	cancelWork()
	select {
	case <-done:
	case <-time.After(time.Second):
		a.log.Error("slack: replies in flight did not stop; leaving them")
	}
}
