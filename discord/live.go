package discord

import (
	"context"
	"sync"
	"time"
)

// live shows that a reply is being written: after a delay (an answer ready sooner needs
// no sign of work), it renews the typing indicator until a placeholder exists, and shows
// the growing answer in the placeholder, at most once per interval, however fast the
// answer grows.
type live struct {
	delay      time.Duration                          // before the first sign of work
	every      time.Duration                          // least time between two shows
	show       func(ctx context.Context, text string) // creates or edits the placeholder
	typing     func(ctx context.Context)              // renews the typing indicator; may be nil
	typingTick time.Duration

	mu     sync.Mutex
	latest string
	shown  bool // whether show has run: the placeholder then stands in for the indicator

	signal chan struct{}
	stopc  chan struct{}
	done   chan struct{}
	once   sync.Once
}

// newLive returns a live, not yet started.
func newLive(every, typingTick, delay time.Duration, show func(context.Context, string), typing func(context.Context)) *live {
	return &live{
		delay: delay, every: every, show: show, typing: typing, typingTick: typingTick,
		signal: make(chan struct{}, 1),
		stopc:  make(chan struct{}),
		done:   make(chan struct{}),
	}
}

// start runs the loop until stop is called or ctx is done.
func (l *live) start(ctx context.Context) {
	go l.loop(ctx)
}

// progress records the growing answer; it never blocks the writer of the answer.
func (l *live) progress(markdown string) {
	l.mu.Lock()
	l.latest = markdown
	l.mu.Unlock()
	select {
	case l.signal <- struct{}{}:
	default:
	}
}

// stop ends the loop and waits for it, so nothing is shown after the final answer.
func (l *live) stop() {
	l.once.Do(func() { close(l.stopc) })
	<-l.done
}

// typeUnlessShown renews the typing indicator while no progress message shows.
func (l *live) typeUnlessShown(ctx context.Context) {
	l.mu.Lock()
	shown := l.shown
	l.mu.Unlock()
	if !shown && l.typing != nil {
		l.typing(ctx)
	}
}

// loop renews the typing indicator and shows progress until stopped.
func (l *live) loop(ctx context.Context) {
	defer close(l.done)
	first := time.NewTimer(l.delay)
	defer first.Stop()
	ticker := time.NewTicker(l.typingTick)
	defer ticker.Stop()
	// The first show waits out the delay too.
	last := time.Now().Add(l.delay - l.every)
	for {
		select {
		case <-l.stopc:
			return
		case <-ctx.Done():
			return
		case <-first.C:
			l.typeUnlessShown(ctx)
		case <-ticker.C:
			l.typeUnlessShown(ctx)
		case <-l.signal:
			if wait := l.every - time.Since(last); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-l.stopc:
					t.Stop()
					return
				case <-ctx.Done():
					t.Stop()
					return
				}
			}
			l.mu.Lock()
			text := l.latest
			l.mu.Unlock()
			l.show(ctx, text)
			last = time.Now()
			l.mu.Lock()
			l.shown = true
			l.mu.Unlock()
		}
	}
}
