package seeds

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedMatchesSharedSeeds(t *testing.T) {
	docs := Embedded()
	if len(docs) != 5 {
		t.Fatalf("Embedded() has %d articles; want 5", len(docs))
	}
	for _, d := range docs {
		want, err := os.ReadFile(filepath.Join("..", "..", "shared", "seeds", d.Source))
		if err != nil {
			t.Fatalf("read the shared copy of %s: %v", d.Source, err)
		}
		if d.Text != string(want) {
			t.Errorf("embedded %s differs from ../shared/seeds: the articles must be byte for byte", d.Source)
		}
	}
}

// The manifest may only state what the article itself states.
func TestManifestStatesOnlyWhatTheArticleSays(t *testing.T) {
	for _, d := range Embedded() {
		for field, v := range map[string]string{"title": d.Title, "outlet": d.Outlet, "date": d.Date} {
			if v != "" && !strings.Contains(d.Text, v) {
				t.Errorf("%s: manifest %s %q does not appear in the article", d.Source, field, v)
			}
		}
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		fs      fstest.MapFS
		want    []string // source=title
		wantErr string
	}{
		{
			name: "no manifest: title is the first line",
			fs: fstest.MapFS{
				"b.md":      {Data: []byte("# Second story\n\nBody.")},
				"a.txt":     {Data: []byte("\n  First story  \nBody text.")},
				"notes.csv": {Data: []byte("ignored")},
				"README.md": {Data: []byte("not an article")},
			},
			want: []string{"a.txt=First story", "b.md=Second story"},
		},
		{
			name: "manifest gives metadata and leaves the rest empty",
			fs: fstest.MapFS{
				"a.txt":         {Data: []byte("Headline\nBody.")},
				"b.txt":         {Data: []byte("Other\nBody.")},
				"manifest.yaml": {Data: []byte("articles:\n  - file: a.txt\n    title: Given\n")},
			},
			want: []string{"a.txt=Given", "b.txt="},
		},
		{name: "empty folder", fs: fstest.MapFS{}, wantErr: "no articles"},
		{
			name:    "manifest with an unknown key",
			fs:      fstest.MapFS{"a.txt": {Data: []byte("x")}, "manifest.yaml": {Data: []byte("articles:\n  - file: a.txt\n    titel: typo\n")}},
			wantErr: "titel",
		},
		{
			name:    "manifest naming a missing file",
			fs:      fstest.MapFS{"a.txt": {Data: []byte("x")}, "manifest.yaml": {Data: []byte("articles:\n  - file: gone.txt\n")}},
			wantErr: "gone.txt",
		},
		{
			name:    "malformed manifest",
			fs:      fstest.MapFS{"a.txt": {Data: []byte("x")}, "manifest.yaml": {Data: []byte("articles: [\n")}},
			wantErr: "parse manifest.yaml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := Load(tt.fs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v; want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() error = %v", err)
			}
			var got []string
			for _, d := range docs {
				got = append(got, d.Source+"="+d.Title)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Load() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), file, t.TempDir()} {
		if _, err := LoadDir(context.Background(), dir, nil); err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("LoadDir(%q) error = %v; want an error naming the folder", dir, err)
		}
	}
}

// A manifest is outside text: whatever it holds, Load returns documents or an error,
// never panics, and never gives an article metadata for a file the manifest does not name.
func FuzzLoadManifest(f *testing.F) {
	manifest, err := embedded.ReadFile(ManifestName)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(manifest)
	f.Add([]byte("articles:\n  - file: a.txt\n    title: T\n"))
	f.Add([]byte("articles: [{file: a.txt}, {file: a.txt}]"))
	f.Add([]byte("articles: {}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fsys := fstest.MapFS{
			"a.txt":      {Data: []byte("Headline\nBody.")},
			ManifestName: {Data: b},
		}
		docs, err := Load(fsys)
		if err != nil {
			return
		}
		if len(docs) != 1 || docs[0].Source != "a.txt" || docs[0].Text != "Headline\nBody." {
			t.Fatalf("Load with manifest %q = %+v; want a.txt, its bytes unchanged", b, docs)
		}
	})
}
