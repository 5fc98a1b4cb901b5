// Package squadpath finds the SQuAD dev set that the bench commands read, beside the
// clone in the team's shared/ folder or where a flag says.
package squadpath

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Rel is where the dataset sits relative to the folder that holds the clone: the team
// keeps shared/ beside every checkout.
const Rel = "shared/datasets/squad-dev-v1.1.json"

// Resolve finds the data file. A relative path is tried against the working directory
// and then against $PWD, the caller's directory, which `go run -C bench` leaves unchanged
// while it moves the working directory. An empty path looks for shared/ beside the clone.
func Resolve(path string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the working directory: %w", err)
	}
	if path == "" {
		if p, ok := Find(wd); ok {
			return p, nil
		}
		return "", fmt.Errorf("no -data given and no %s in any folder above %s", Rel, wd)
	}
	if filepath.IsAbs(path) {
		return path, nil
	}
	tried := []string{filepath.Join(wd, path)}
	if pwd := os.Getenv("PWD"); filepath.IsAbs(pwd) && filepath.Clean(pwd) != wd {
		tried = append(tried, filepath.Join(pwd, path))
	}
	for _, p := range tried {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("SQuAD data %q not found (tried %s); download SQuAD v1.1 dev or pass -data PATH", path, strings.Join(tried, ", "))
}

// Find looks for Rel in dir and each folder above it.
func Find(dir string) (string, bool) {
	for {
		p := filepath.Join(dir, Rel)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
