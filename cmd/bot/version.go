package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// buildInfo is what the binary knows of its own build.
type buildInfo struct {
	Version  string // the module version, "(devel)" for a build from a work tree
	Commit   string // the VCS revision, "unknown" when the build did not record one
	Date     string // the revision's commit time, RFC 3339, "unknown" when not recorded
	Modified bool   // the work tree had changes not committed
	Go       string // the Go version that built it
}

// readBuildInfo reads the build information the Go toolchain embeds in every binary.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: "(devel)", Commit: "unknown", Date: "unknown", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.Version = v
	}
	b.Go = info.GoVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Date = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// runVersion prints the version, commit and commit date of this build.
func runVersion(args []string, c common, stdout io.Writer) error {
	fs := newFlagSet("version", &c, stdout)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments, got %q", fs.Arg(0))
	}
	b := readBuildInfo()
	commit := b.Commit
	if b.Modified {
		commit += " (with changes not committed)"
	}
	_, err := fmt.Fprintf(stdout, "storybot %s\ncommit: %s\ndate:   %s\ngo:     %s %s/%s\n",
		b.Version, commit, b.Date, b.Go, runtime.GOOS, runtime.GOARCH)
	return err
}
