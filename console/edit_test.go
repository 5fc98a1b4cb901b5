package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// keys is what a terminal sends for the keys pressed.
const (
	keyLeft  = "\x1b[D"
	keyUp    = "\x1b[A"
	keyEnter = "\r"
	keyCtrlD = "\x04"
)

// fakeTerminal is the two ends of a terminal in raw mode: the keys typed, the echo seen,
// and a count of the switches into and out of raw mode.
type fakeTerminal struct {
	io.Reader
	bytes.Buffer
	raw, restored int
}

func newFake(keys string) (*fakeTerminal, *Editor) {
	ft := &fakeTerminal{Reader: strings.NewReader(keys)}
	e := newEditor(struct {
		io.Reader
		io.Writer
	}{ft.Reader, &ft.Buffer}, func() (func(), error) {
		ft.raw++
		return func() { ft.restored++ }, nil
	})
	return ft, e
}

func TestEditorEditsAndRecallsLines(t *testing.T) {
	ft, e := newFake("abc" + keyLeft + keyLeft + "X" + keyEnter + keyUp + keyEnter + keyCtrlD)
	for _, want := range []string{"aXbc", "aXbc"} {
		got, err := e.ReadLine()
		if err != nil || got != want {
			t.Fatalf("ReadLine() = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := e.ReadLine(); !errors.Is(err, io.EOF) {
		t.Fatalf("ReadLine() after Ctrl-D = %v; want io.EOF", err)
	}
	if ft.raw != 3 || ft.restored != 3 {
		t.Errorf("raw mode entered %d times and left %d; want 3 and 3: the terminal is raw only while a line is read", ft.raw, ft.restored)
	}
	if !strings.Contains(ft.String(), Prompt) {
		t.Errorf("the editor echoed %q; want its prompt %q", ft.String(), Prompt)
	}
}

// Run with an Editor answers each edited line and leaves the prompt to the editor.
func TestRunWithEditor(t *testing.T) {
	_, e := newFake("Who founded Stoke Space?" + keyEnter + keyCtrlD)
	var out bytes.Buffer
	if err := Run(context.Background(), newBot(), nil, &out, Options{Editor: e}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Blue Origin") {
		t.Errorf("Run with an editor printed %q; want the answer", out.String())
	}
	if strings.Contains(out.String(), Prompt) {
		t.Errorf("Run with an editor printed the prompt itself:\n%s", out.String())
	}
}
