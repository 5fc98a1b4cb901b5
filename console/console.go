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
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	say := func(s string) error {
		if opts.Quiet {
			return nil
		}
		_, err := io.WriteString(out, s)
		return err
	}
	if err := say(Greeting + "\n" + Prompt); err != nil {
		return fmt.Errorf("write greeting: %w", err)
	}
	lines, stop := readLines(in)
	defer stop()
	for {
		var l line
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		if l.err != nil {
			if errors.Is(l.err, io.EOF) {
				return say("\nBye.\n")
			}
			return fmt.Errorf("read input: %w", l.err)
		}
		text := strings.TrimSpace(l.text)
		switch strings.ToLower(text) {
		case "":
			if err := say(Prompt); err != nil {
				return fmt.Errorf("write prompt: %w", err)
			}
			continue
		case "/quit", "/exit":
			return say("Bye.\n")
		}
		m := chat.Message{Text: l.text, User: opts.User, Conversation: opts.Conversation, Direct: true}
		start := time.Now()
		r := bot.Handle(ctx, m, nil)
		log.Debug("console: replied", "kind", r.Kind, "elapsed", time.Since(start))
		if ctx.Err() != nil {
			return nil
		}
		if r.Kind == chat.Ignore {
			continue
		}
		if _, err := io.WriteString(out, Plain(r.Markdown)+"\n\n"); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
		if err := say(Prompt); err != nil {
			return fmt.Errorf("write prompt: %w", err)
		}
	}
}

// line is one line read, or the error that ended the reading.
type line struct {
	text string
	err  error
}

// readLines reads in in a goroutine and sends its lines, then the error that ended it
// (io.EOF at the end). stop ends the goroutine: at once when it is waiting to send, else
// when its read returns, which a read deadline hastens when in supports one.
func readLines(in io.Reader) (lines <-chan line, stop func()) {
	ch := make(chan line)
	done := make(chan struct{})
	go func() {
		r := bufio.NewReaderSize(in, 64<<10)
		for {
			text, err := readLine(r, MaxLine)
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
	return ch, stop
}

// readLine reads one line of r without its line ending, keeping at most max bytes of it
// and dropping the rest, so that a line of any length costs bounded memory. A last line
// without a line ending comes with io.EOF.
func readLine(r *bufio.Reader, max int) (string, error) {
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
