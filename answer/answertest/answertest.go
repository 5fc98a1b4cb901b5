// Package answertest reads the story's question sets (answer/testdata/dev.txt and
// heldout.txt), which the answer tests and the bench module's fitting tool share.
package answertest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Question is one line of a question set: "kind | question | evidence".
type Question struct {
	Kind, Text string
	// Evidence are the texts one of which a correct answer's first quote holds, any case;
	// none when the articles do not answer the question.
	Evidence []string
}

// Answered reports whether the articles answer q.
func (q Question) Answered() bool { return len(q.Evidence) > 0 }

// Holds reports whether text holds one of q's evidence texts, any case.
func (q Question) Holds(text string) bool {
	lower := strings.ToLower(text)
	return slices.ContainsFunc(q.Evidence, func(ev string) bool {
		return strings.Contains(lower, strings.ToLower(ev))
	})
}

// Read reads a question set; blank lines and lines starting with # are skipped.
func Read(path string) ([]Question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	defer f.Close()
	qs, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("read questions %s: %w", path, err)
	}
	return qs, nil
}

// Parse parses a question set.
func Parse(r io.Reader) ([]Question, error) {
	var out []Question
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, " | ")
		if len(fields) != 3 || fields[0] == "" || fields[1] == "" || fields[2] == "" {
			return nil, fmt.Errorf("line %d: want kind | question | evidence, got %q", n, line)
		}
		q := Question{Kind: fields[0], Text: fields[1]}
		if fields[2] != "-" {
			q.Evidence = strings.Split(fields[2], " / ")
		}
		out = append(out, q)
	}
	return out, sc.Err()
}
