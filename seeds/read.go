package seeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// errSkipped means a file named like an article is not one to read; warn was told why.
var errSkipped = errors.New("skipped")

// reader reads a corpus' files, refusing whatever could wedge or swamp the loading.
type reader struct {
	ctx  context.Context
	fsys fs.FS
	open func(name string) (fs.File, error)
	warn func(file, why string)
}

// read returns the bytes of the regular file name, at most MaxFileSize of them. An
// article that is not a regular file, or a symlink that leads outside the folder or
// nowhere, is skipped with errSkipped; the manifest must be a regular file or absent.
func (r reader) read(name string) ([]byte, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	info, err := fs.Stat(r.fsys, name) // follows a symlink, only inside an os.Root
	if err != nil {
		if name == ManifestName && errors.Is(err, fs.ErrNotExist) {
			if l, lerr := fs.Lstat(r.fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
				return nil, fmt.Errorf("%s is a symlink to nothing", ManifestName)
			}
			return nil, err
		}
		if l, lerr := fs.Lstat(r.fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			return nil, r.skip(name, "a symlink that leads outside the corpus folder or to nothing")
		}
		if errors.Is(err, fs.ErrNotExist) {
			// Deleted since the folder was listed: an editor saving, or a reload racing one.
			return nil, r.skip(name, "gone since the folder was listed")
		}
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	if err := r.regular(name, info); err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("%q is %d bytes; the limit is %d", name, info.Size(), MaxFileSize)
	}
	f, err := r.open(name)
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	defer f.Close()
	// What was checked may have been swapped for something else since.
	if info, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	if err := r.regular(name, info); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(ctxReader{r.ctx, f}, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", name, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%q is more than %d bytes, the limit", name, MaxFileSize)
	}
	return b, nil
}

// regular returns nil when info is a regular file's; otherwise errSkipped for an article
// and an error for the manifest.
func (r reader) regular(name string, info fs.FileInfo) error {
	if info.Mode().IsRegular() {
		return nil
	}
	why := "not a regular file (" + kindOf(info.Mode()) + ")"
	if name == ManifestName {
		return fmt.Errorf("%s is %s", ManifestName, why)
	}
	return r.skip(name, why)
}

// skip tells warn that name is skipped, and why.
func (r reader) skip(name, why string) error {
	r.warn(name, why)
	return errSkipped
}

// kindOf names the kind of a file that is not a regular one.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.Type().String()
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
