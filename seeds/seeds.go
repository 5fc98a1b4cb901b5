// Package seeds ships the story's articles inside the binary and loads any folder of
// articles laid out the same way: .txt or .md files, with an optional manifest.yaml that
// gives each file its title, outlet, date and URL.
package seeds

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"storybot"
)

//go:embed *.txt manifest.yaml
var embedded embed.FS

// ManifestName is the file that describes a corpus folder's articles.
const ManifestName = "manifest.yaml"

// MaxFileSize bounds one article; larger files are refused rather than indexed.
const MaxFileSize = 8 << 20

// Embedded returns the story's five articles, as shipped in the binary.
func Embedded() []storybot.Document {
	docs, err := Load(embedded)
	if err != nil {
		// The embedded corpus is fixed at build time and covered by tests.
		panic("seeds: embedded corpus: " + err.Error())
	}
	return docs
}

// LoadDir loads the articles of the folder dir. It is safe on a folder a hostile or
// careless operator filled: only regular files are read (a FIFO, a device or a socket
// named like an article is skipped, and never opened in a way that could block), each
// through a reader that stops at MaxFileSize, and a symlink is followed only when it stays
// inside dir. Skipped files are passed to warn, which may be nil. Loading stops, with
// ctx's error, when ctx is done.
func LoadDir(ctx context.Context, dir string, warn func(file, why string)) ([]storybot.Document, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("corpus folder %q does not exist", dir)
		}
		return nil, fmt.Errorf("corpus folder %q: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus %q is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %q: %w", dir, err)
	}
	defer root.Close()
	// O_NONBLOCK: should a file become a FIFO between the check and the open, opening it
	// returns at once instead of waiting for a writer that never comes.
	open := func(name string) (fs.File, error) { return root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0) }
	docs, err := load(ctx, root.FS(), open, warn)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %q: %w", dir, err)
	}
	return docs, nil
}

// entry is one article's line in a manifest.
type entry struct {
	File   string `yaml:"file"`
	Title  string `yaml:"title"`
	Outlet string `yaml:"outlet"`
	Date   string `yaml:"date"`
	URL    string `yaml:"url"`
}

type manifest struct {
	Articles []entry `yaml:"articles"`
}

// Load reads every .txt and .md file below the root of fsys, in name order. Metadata comes
// from the manifest when there is one; otherwise the title is the file's first non-empty line.
func Load(fsys fs.FS) ([]storybot.Document, error) {
	return load(context.Background(), fsys, fsys.Open, nil)
}

// load is Load, opening files with open, skipping (and passing to warn) what is not a
// regular file, and stopping when ctx is done.
func load(ctx context.Context, fsys fs.FS, open func(string) (fs.File, error), warn func(file, why string)) ([]storybot.Document, error) {
	if warn == nil {
		warn = func(string, string) {}
	}
	r := reader{ctx: ctx, fsys: fsys, open: open, warn: warn}
	meta, err := r.manifest()
	if err != nil {
		return nil, err
	}
	names, err := articleNames(fsys)
	if err != nil {
		return nil, err
	}
	docs := make([]storybot.Document, 0, len(names))
	for _, name := range names {
		b, err := r.read(name)
		if errors.Is(err, errSkipped) {
			continue
		}
		if err != nil {
			return nil, err
		}
		doc := storybot.Document{Source: name, Text: string(b)}
		if e, ok := meta[name]; ok {
			doc.Title, doc.Outlet, doc.Date, doc.URL = e.Title, e.Outlet, e.Date, e.URL
		} else if meta == nil {
			doc.Title = firstLine(b)
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		return nil, errors.New("no articles (.txt or .md files) found")
	}
	return docs, nil
}

// articleNames lists the .txt and .md files below the root of fsys in name order, leaving
// out hidden files and folders and READMEs.
func articleNames(fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch strings.ToLower(path.Ext(p)) {
		case ".txt", ".md":
			if !strings.HasPrefix(d.Name(), ".") && !strings.EqualFold(d.Name(), "README.md") {
				names = append(names, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// manifest returns the manifest's entries by file name, or nil when there is none.
func (r reader) manifest() (map[string]entry, error) {
	b, err := r.read(ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse %s: %w", ManifestName, err)
	}
	byFile := make(map[string]entry, len(m.Articles))
	for i, e := range m.Articles {
		if e.File == "" {
			return nil, fmt.Errorf("%s: article %d has no file", ManifestName, i+1)
		}
		if _, dup := byFile[e.File]; dup {
			return nil, fmt.Errorf("%s: file %q is listed twice", ManifestName, e.File)
		}
		if _, err := fs.Stat(r.fsys, e.File); err != nil {
			return nil, fmt.Errorf("%s: file %q: %w", ManifestName, e.File, err)
		}
		byFile[e.File] = e
	}
	return byFile, nil
}

// firstLine returns the first non-blank line of b, trimmed, at most 200 bytes of valid UTF-8.
func firstLine(b []byte) string {
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if line == "" {
			continue
		}
		line = strings.ToValidUTF8(line, "\uFFFD")
		if len(line) > 200 {
			cut := 200
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			line = line[:cut] + "…"
		}
		return line
	}
	return ""
}
