package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command runs end to end on a tiny SQuAD file: each question finds its paragraph
// in the prompt, and the cache is built cold, then read warm.
func TestRun(t *testing.T) {
	data := `{"data":[{"title":"Rockets","paragraphs":[
		{"context":"Stoke Space builds a fully reusable rocket called Nova.","qas":[{"question":"What rocket does Stoke Space build?"}]},
		{"context":"Nvidia shares fell thirteen percent last month.","qas":[{"question":"How far did Nvidia shares fall?"}]}]}]}`
	path := filepath.Join(t.TempDir(), "squad.json")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"-data", path, "-dims", "16"}, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"2 paragraphs", "budget   3000 tokens:         100.0%", "cold build", "2 chunks embedded", "warm build", "2 from the cache"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run([]string{"-data", filepath.Join(t.TempDir(), "missing.json")}, &out); err == nil {
		t.Errorf("run on a missing file succeeded")
	}
}
