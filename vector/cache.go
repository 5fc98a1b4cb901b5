package vector

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// The cache is one file per model in the cache folder: a header, then one record per
// chunk, its key (SHA-256 of the model's name and the embedded text) and its vector as
// little-endian float32s. It holds the current corpus' chunks only, and is replaced
// whole (written aside, then renamed), so a crash never leaves half a file.

// cacheMagic opens every cache file; the digit is the format's version.
const cacheMagic = "storybot-vectors-1\n"

// maxCacheDims bounds a vector's length read from a file: no embedding model comes close.
const maxCacheDims = 1 << 16

// key identifies one embedded text of one model.
type key [sha256.Size]byte

func keyOf(model, text string) key {
	return sha256.Sum256([]byte(model + "\x00" + text))
}

// cachePath returns the cache file of model in dir: a readable part of its name and a
// hash of the whole, so that no two models share a file.
func cachePath(dir, model string) string {
	readable := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, model)
	if len(readable) > 40 {
		readable = readable[:40]
	}
	sum := sha256.Sum256([]byte(model))
	return filepath.Join(dir, readable+"-"+hex.EncodeToString(sum[:6])+".vec")
}

// readCache returns the vectors of the cache file at path by key; none when it does not
// exist.
func readCache(path string) (map[key][]float32, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[key][]float32{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != cacheMagic {
		return nil, fmt.Errorf("%s: not a vector cache", path)
	}
	var head [2]uint32
	if err := binary.Read(r, binary.LittleEndian, &head); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dims, n := int(head[0]), int(head[1])
	if dims < 1 || dims > maxCacheDims {
		return nil, fmt.Errorf("%s: vectors of %d dimensions", path, dims)
	}
	out := make(map[key][]float32, min(n, 1<<16))
	buf := make([]byte, 4*dims)
	for i := 0; i < n; i++ {
		var k key
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return nil, fmt.Errorf("%s: record %d of %d: %w", path, i+1, n, err)
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("%s: record %d of %d: %w", path, i+1, n, err)
		}
		v := make([]float32, dims)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		out[k] = v
	}
	return out, nil
}

// writeCache replaces the cache file at path with vecs, keyed by keys; a nil vector
// (not embedded yet) is left out.
func writeCache(path string, keys []key, vecs [][]float32) error {
	dims, n := 0, 0
	for _, v := range vecs {
		if v != nil && dims == 0 {
			dims = len(v)
		}
		if v != nil && len(v) == dims {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".vectors-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	w := bufio.NewWriter(tmp)
	w.WriteString(cacheMagic)
	binary.Write(w, binary.LittleEndian, [2]uint32{uint32(dims), uint32(n)})
	buf := make([]byte, 4*dims)
	for i, v := range vecs {
		if v == nil || len(v) != dims {
			continue
		}
		w.Write(keys[i][:])
		for j, x := range v {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
		}
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// fileSize returns the size of the file at path, 0 when it cannot tell.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
