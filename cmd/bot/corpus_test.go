package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A corpus folder a hostile operator filled is answered from within seconds, or refused
// with a message: never a hang.
func TestHostileCorpus(t *testing.T) {
	t.Parallel()
	article := "Zebra Crossing Daily\n\nThe council painted a new zebra crossing on Mill Road on Monday.\n"
	tests := []struct {
		name    string
		add     func(t *testing.T, dir string)
		wantErr string // "" means answered
	}{
		{"fifo", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "x.txt"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"dev zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"outside", func(t *testing.T, dir string) {
			if err := os.Symlink("/etc/hostname", filepath.Join(dir, "host.txt")); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"oversized", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "big.txt"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(50 << 20); err != nil {
				t.Fatal(err)
			}
		}, "big.txt"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "crossing.txt"), []byte(article), 0o644); err != nil {
			t.Fatal(err)
		}
		tt.add(t, dir)
		type result struct {
			out, errOut string
			err         error
		}
		done := make(chan result, 1)
		go func() {
			out, errOut, err := runBot(t, "", "--corpus", dir, "ask", "Where was the zebra crossing painted?")
			done <- result{out, errOut, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: ask still running after 10s", tt.name)
		}
		if tt.wantErr != "" {
			if r.err == nil || !strings.Contains(r.err.Error(), tt.wantErr) {
				t.Errorf("%s: ask = %v; want an error naming %s", tt.name, r.err, tt.wantErr)
			}
			continue
		}
		if r.err != nil || !strings.Contains(r.out, "Mill Road") {
			t.Errorf("%s: ask = %q, %v; want the crossing answered", tt.name, r.out, r.err)
		}
		if !strings.Contains(r.errOut, "corpus: file skipped") {
			t.Errorf("%s: nothing logged about the skipped file: %q", tt.name, r.errOut)
		}
	}
}
