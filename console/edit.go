package console

import (
	"io"
	"os"
	"sync"

	"golang.org/x/term"
)

// LineReader reads one line a person typed, without its line ending, printing its own
// prompt; io.EOF when they are done.
type LineReader interface {
	ReadLine() (string, error)
}

// Editor reads lines typed at a terminal with line editing (golang.org/x/term): the
// arrow keys move along the line and recall earlier lines, Ctrl-A and Ctrl-E jump to its
// ends, and Ctrl-D on an empty line or Ctrl-C leaves. The terminal is in raw mode only
// while a line is read, so replies print, and signals work, as usual in between.
type Editor struct {
	t   *term.Terminal
	raw func() (restore func(), err error)

	mu      sync.Mutex
	restore func() // set while the terminal is raw
}

// NewEditor returns an Editor reading in and echoing to out, both a terminal; ok is false
// when in or out is not one, and the caller should read in as plain lines instead.
func NewEditor(in, out *os.File) (e *Editor, ok bool) {
	if !term.IsTerminal(int(in.Fd())) || !term.IsTerminal(int(out.Fd())) {
		return nil, false
	}
	fd := int(in.Fd())
	raw := func() (func(), error) {
		old, err := term.MakeRaw(fd)
		if err != nil {
			return nil, err
		}
		return func() { _ = term.Restore(fd, old) }, nil
	}
	e = newEditor(struct {
		io.Reader
		io.Writer
	}{in, out}, raw)
	// A terminal that reports no size (a bare pty) keeps x/term's 80 columns.
	if w, h, err := term.GetSize(int(out.Fd())); err == nil && w > 0 && h > 0 {
		_ = e.t.SetSize(w, h)
	}
	return e, true
}

func newEditor(rw io.ReadWriter, raw func() (func(), error)) *Editor {
	return &Editor{t: term.NewTerminal(rw, Prompt), raw: raw}
}

// ReadLine reads one edited line.
func (e *Editor) ReadLine() (string, error) {
	restore, err := e.raw()
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	e.restore = restore
	e.mu.Unlock()
	defer e.Close()
	return e.t.ReadLine()
}

// Close puts the terminal back as it was, if a line is being read: a chat ended by a
// signal must not leave the shell in raw mode.
func (e *Editor) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.restore != nil {
		e.restore()
		e.restore = nil
	}
	return nil
}
