package seeds

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher watches a corpus folder, and every folder below it, for changes.
type Watcher struct {
	w *fsnotify.Watcher
}

// Watch starts watching the folder dir; changes are reported from Run. Close it when done.
// When dir is a symlink, the folder it leads to is watched, as LoadDir reads that one.
func Watch(dir string) (*Watcher, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("watch corpus folder %q: %w", dir, err)
	}
	dir = real
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch corpus folder %q: %w", dir, err)
	}
	if err := addTree(w, dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("watch corpus folder %q: %w", dir, err)
	}
	return &Watcher{w: w}, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.w.Close() }

// Run calls changed each time the folder changes, once the changes have paused for quiet:
// an editor or a copy writes a file in several steps, and the corpus should be read once
// they are done. changed runs on Run's goroutine, one call at a time. errs, which may be
// nil, receives the watcher's errors (a full event queue, say), after which Run keeps
// watching and calls changed in case an event was lost. Run returns when ctx is done or
// the Watcher is closed.
func (w *Watcher) Run(ctx context.Context, quiet time.Duration, changed func(), errs func(error)) {
	timer := time.NewTimer(quiet)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			// fsnotify watches one level: a new folder below needs a watch of its own.
			if ev.Has(fsnotify.Create) && !hidden(filepath.Base(ev.Name)) {
				_ = addTree(w.w, ev.Name)
			}
			timer.Reset(quiet)
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errs != nil {
				errs(err)
			}
			timer.Reset(quiet)
		case <-timer.C:
			changed()
		}
	}
}

// addTree watches dir and every folder below it that Load would read, when dir is a
// folder; anything else is left alone.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && hidden(d.Name()) {
			return fs.SkipDir
		}
		return w.Add(p)
	})
}

// hidden reports whether a file or folder name is one Load leaves out.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }
