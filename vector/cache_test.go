package vector

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzReadCache reads any bytes as a cache file: an error or vectors, never a panic or
// a huge allocation; and what writeCache writes reads back the same.
func FuzzReadCache(f *testing.F) {
	dir := f.TempDir()
	good := filepath.Join(dir, "good.vec")
	keys := []key{keyOf("m", "a"), keyOf("m", "b")}
	vecs := [][]float32{{1, 2, 3}, {-1, 0.5, 0}}
	if err := writeCache(good, keys, vecs); err != nil {
		f.Fatal(err)
	}
	got, err := readCache(good)
	if err != nil || !reflect.DeepEqual(got, map[key][]float32{keys[0]: vecs[0], keys[1]: vecs[1]}) {
		f.Fatalf("readCache(writeCache(…)) = %v, %v; want the vectors written", got, err)
	}
	b, _ := os.ReadFile(good)
	f.Add(b)
	f.Add([]byte(cacheMagic + "\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Add([]byte("not a cache"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.vec")
		os.WriteFile(path, data, 0o644)
		got, err := readCache(path)
		if err == nil {
			for _, v := range got {
				if len(v) < 1 || len(v) > maxCacheDims {
					t.Errorf("readCache returned a vector of %d dimensions", len(v))
				}
			}
		}
	})
}
