// Package console runs the chat core in a terminal: one line typed is one direct message,
// and the reply is printed as plain, readable text. With no tokens, no LLM and no network
// it is a working bot, and it is the in-process harness the platform adapters' tests
// imitate: a message in, chat.Bot.Handle, the reply rendered out.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"storybot/chat"
)

// MaxLine bounds the bytes of one input line kept in memory; the rest of a longer line is
// read and dropped, and the bot answers what was kept (a notice that it is too long).
const MaxLine = 1 << 20

// Greeting is the first line Run prints.
const Greeting = "storybot: ask me anything about the story. Type /help for the commands, /quit or Ctrl-D to leave."

// Prompt is printed before each line is read.
const Prompt = "ask> "

// Options configure Run.
type Options struct {
	// User and Conversation identify the person at the terminal and their one
	// conversation; "console" when empty.
	User, Conversation string
	// Quiet leaves out the greeting, the prompts and the goodbye, for input that is not
	// typed by a person: only the replies are printed.
	Quiet bool
	// Logger receives what goes wrong; nothing is logged when nil.
	Logger *slog.Logger
	// Editor, when set, reads the lines instead of in, printing the prompt itself: an
	// Editor on a terminal.
	Editor LineReader
}

// Run reads in line by line, hands each line to bot as a direct message of one
// conversation, and writes each reply to out as plain text (see Plain), followed by a blank
// line. Empty lines are skipped; "/quit" or "/exit" ends the chat. Run returns nil at the
// end of in, on /quit, or when ctx is done; an error only when reading in or writing out
// fails. bot should be made without a rate limit: the person at the terminal is trusted.
//
// Reading happens in a goroutine so that Run can return as soon as ctx is done. When in
// has a SetReadDeadline method (an *os.File that supports it, a net.Conn) Run uses it to
// end a read in progress; otherwise that goroutine ends when its current read returns.
func Run(ctx context.Context, bot *chat.Bot, in io.Reader, out io.Writer, opts Options) error {
	if opts.User == "" {
		opts.User = "console"
	}
	if opts.Conversation == "" {
		opts.Conversation = "console"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &session{bot: bot, out: out, opts: opts}
	if err := s.say("greeting", Greeting+"\n"+Prompt); err != nil {
		return err
	}
	var next func() (string, error)
	if opts.Editor != nil {
		next = opts.Editor.ReadLine
	} else {
		r := bufio.NewReaderSize(in, 64<<10)
		next = func() (string, error) { return ReadLine(r, MaxLine) }
	}
	lines, more, stop := readLines(next, in)
	defer stop()
	for {
		more()
		var l line
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		if errors.Is(l.err, io.EOF) {
			return s.say("goodbye", "\nBye.\n")
		}
		if l.err != nil {
			return fmt.Errorf("read input: %w", l.err)
		}
		switch strings.ToLower(strings.TrimSpace(l.text)) {
		case "":
			if err := s.say("prompt", Prompt); err != nil {
				return err
			}
			continue
		case "/quit", "/exit":
			return s.say("goodbye", "Bye.\n")
		}
		if err := s.answer(ctx, l.text); err != nil || ctx.Err() != nil {
			return err
		}
	}
}

// session is one run of the console.
type session struct {
	bot  *chat.Bot
	out  io.Writer
	opts Options
}

// answer hands text to the bot and prints the reply and the next prompt. It prints
// nothing when ctx ends first: the reply is cut short and nobody waits for it.
func (s *session) answer(ctx context.Context, text string) error {
	m := chat.Message{Text: text, User: s.opts.User, Conversation: s.opts.Conversation, Direct: true}
	start := time.Now()
	ctx = chat.WithRequest(ctx, chat.Request{ID: chat.NewRequestID(), Platform: "console"})
	r := s.bot.Handle(ctx, m, working(s.out, s.opts.Quiet))
	s.opts.Logger.DebugContext(ctx, "console: replied", "kind", r.Kind, "elapsed", time.Since(start))
	if ctx.Err() != nil || r.Kind == chat.Ignore {
		return nil
	}
	if _, err := io.WriteString(s.out, Plain(r.Markdown)+"\n\n"); err != nil {
		return fmt.Errorf("write reply: %w", err)
	}
	return s.say("prompt", Prompt)
}

// say writes text meant for a person at the terminal, nothing when quiet; what names
// the text in an error. An Editor prints its own prompt.
func (s *session) say(what, text string) error {
	if s.opts.Quiet {
		return nil
	}
	if s.opts.Editor != nil {
		text = strings.TrimSuffix(text, Prompt)
	}
	if _, err := io.WriteString(s.out, text); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// working returns the progress callback of one message: a person at the terminal sees a
// line saying the bot is at work when an answer takes a while (a language model writing),
// then the whole reply once it is checked. Quiet output gets no such line.
func working(out io.Writer, quiet bool) func(string) {
	if quiet {
		return nil
	}
	var once sync.Once
	return func(string) {
		// A failed write fails again, and is reported, when the reply is written.
		once.Do(func() { _, _ = io.WriteString(out, Plain(chat.Working)+"\n") })
	}
}

// line is one line read, or the error that ended the reading.
type line struct {
	text string
	err  error
}

// readLines calls next in a goroutine and sends its lines, then the error that ended it
// (io.EOF at the end). It reads a line only once the one before has been received: an
// Editor must not print its prompt, or put the terminal in raw mode, while a reply is
// still being written. stop ends the goroutine: at once when it is waiting, else when its
// read of in returns, which a read deadline hastens when in supports one.
func readLines(next func() (string, error), in io.Reader) (lines <-chan line, more, stop func()) {
	ch := make(chan line)
	want := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-want:
			case <-done:
				return
			}
			text, err := next()
			if err != nil && !(errors.Is(err, io.EOF) && text != "") {
				select {
				case ch <- line{err: err}:
				case <-done:
				}
				return
			}
			select {
			case ch <- line{text: text}:
			case <-done:
				return
			}
		}
	}()
	stop = func() {
		close(done)
		if d, ok := in.(interface{ SetReadDeadline(time.Time) error }); ok {
			_ = d.SetReadDeadline(time.Now())
		}
	}
	more = func() {
		select {
		case want <- struct{}{}:
		default:
		}
	}
	return ch, more, stop
}

// ReadLine reads one line of r without its line ending, keeping at most max bytes of it
// and dropping the rest, so that a line of any length costs bounded memory. A last line
// without a line ending comes with io.EOF.
func ReadLine(r *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if keep := max - len(buf); keep > 0 {
			buf = append(buf, chunk[:min(len(chunk), keep)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		s := strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r")
		return s, err
	}
}
