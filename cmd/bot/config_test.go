package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A configuration file is outside text: whatever it holds, parsing either fails with an
// error or yields a configuration that passes validation; it never panics.
func FuzzParseConfig(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte("retrieval: {k1: -1}"))
	f.Add([]byte("llm:\n  timeout: forever\n"))
	f.Add([]byte("discord:\n  guild_ids: [1, [2]]\n"))
	f.Add([]byte("\xff\xfe: \x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c := defaultConfig()
		if err := parseConfig(b, &c); err != nil {
			return
		}
		if err := c.validate(); err != nil {
			t.Fatalf("parseConfig(%q) accepted a configuration that does not validate: %v", b, err)
		}
	})
}
