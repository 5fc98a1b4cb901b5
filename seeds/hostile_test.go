package seeds

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs LoadDir on dir and fails the test if it takes more than a few seconds:
// the point of these tests is that nothing in a folder can wedge the loading.
func loadWithin(t *testing.T, ctx context.Context, dir string) (names []string, warned map[string]string, err error) {
	t.Helper()
	warned = map[string]string{}
	type result struct {
		names []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		var warns = map[string]string{}
		docs, err := LoadDir(ctx, dir, func(file, why string) { warns[file] = why })
		var ns []string
		for _, d := range docs {
			ns = append(ns, d.Source)
		}
		warned = warns
		done <- result{ns, err}
	}()
	select {
	case r := <-done:
		return r.names, warned, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("LoadDir(%q) still running after 5s", dir)
		return nil, nil, nil
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A FIFO, a symlink to /dev/zero and a symlink out of the folder are skipped with a
// warning naming them; the real article is loaded.
func TestLoadDirSkipsWhatIsNotAnArticle(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, outside, "outside the corpus")
	writeFile(t, filepath.Join(dir, "good.txt"), "A headline\nThe body.")
	writeFile(t, filepath.Join(dir, "inner.txt"), "Inner\nLinked to from inside.")
	if err := syscall.Mkfifo(filepath.Join(dir, "x.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"zero.txt": "/dev/zero", "escape.md": outside, "dangling.txt": filepath.Join(dir, "none"), "alias.txt": "inner.txt"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	names, warned, err := loadWithin(t, context.Background(), dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if got := strings.Join(names, ","); got != "alias.txt,good.txt,inner.txt" {
		t.Errorf("LoadDir loaded %s; want alias.txt,good.txt,inner.txt (a symlink inside the folder is followed)", got)
	}
	for _, name := range []string{"x.txt", "zero.txt", "escape.md", "dangling.txt"} {
		if warned[name] == "" {
			t.Errorf("LoadDir skipped %s without a warning; warnings: %q", name, warned)
		}
	}
	if !strings.Contains(warned["x.txt"], "named pipe") {
		t.Errorf("warning for the FIFO = %q; want it to say it is a named pipe", warned["x.txt"])
	}
}

// A file over the limit is refused from its size, before it is read.
func TestLoadDirRefusesOversizedFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file: the size is real, the disk is not used.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, err = loadWithin(t, context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "big.txt") || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("LoadDir with a 50 MB article = %v; want an error naming big.txt and the limit", err)
	}
}

func TestLoadDirManifestMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "x")
	if err := syscall.Mkfifo(filepath.Join(dir, ManifestName), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := loadWithin(t, context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("LoadDir with a FIFO manifest = %v; want an error saying it is a named pipe", err)
	}
}

func TestLoadDirHonoursContext(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "x")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := loadWithin(t, ctx, dir); !errors.Is(err, context.Canceled) {
		t.Fatalf("LoadDir with a cancelled context = %v; want context.Canceled", err)
	}
}

// Watch reports a new folder and a file written in it, and stops with its context.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "x")
	// Through a symlink to the folder, as deployments often point at the current release.
	link := filepath.Join(t.TempDir(), "current")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	w, err := Watch(link)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	changed := make(chan struct{}, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx, 50*time.Millisecond, func() { changed <- struct{}{} }, nil)
	}()
	sub := filepath.Join(dir, "more")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not report a new folder")
	}
	writeFile(t, filepath.Join(sub, "b.txt"), "y")
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not report a file written in a new folder")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
	if _, err := Watch(filepath.Join(dir, "missing")); err == nil {
		t.Error("Watch of a missing folder returned nil; want an error")
	}
}
