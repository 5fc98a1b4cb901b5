package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"storybot"
)

// span is a byte range [Start, End) of one document's Text.
type span struct {
	Doc        int
	Start, End int
}

// question is one SQuAD question with the byte spans of its gold answers.
type question struct {
	ID   string
	Text string
	// Doc is the paragraph the question was written for.
	Doc int
	// Gold holds the answer spans in Doc, deduplicated; empty when none could be located.
	Gold []span
}

// corpus is SQuAD turned into storybot's vocabulary: one Document per paragraph.
type corpus struct {
	Articles  int
	Docs      []storybot.Document
	Questions []question
	// Unlocated counts gold answers whose offset and text disagree and whose text is not
	// in the paragraph at all; they cannot be hit.
	Unlocated int
}

// squadFile is the part of the SQuAD v1.1 JSON format the benchmark reads.
type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID       string `json:"id"`
				Question string `json:"question"`
				Answers  []struct {
					Text        string `json:"text"`
					AnswerStart int    `json:"answer_start"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// loadCorpus reads a SQuAD v1.1 file.
func loadCorpus(path string) (*corpus, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read SQuAD data: %w", err)
	}
	c, err := parseCorpus(b)
	if err != nil {
		return nil, fmt.Errorf("parse SQuAD data %s: %w", path, err)
	}
	return c, nil
}

// parseCorpus turns SQuAD v1.1 JSON into a corpus. Each paragraph becomes a Document whose
// Text is the paragraph alone and whose Source is "article title/paragraph number"; Title
// stays empty so that no system sees the article title (see bench/README.md).
func parseCorpus(b []byte) (*corpus, error) {
	var f squadFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("not SQuAD v1.1 JSON: %w", err)
	}
	c := &corpus{Articles: len(f.Data)}
	for _, art := range f.Data {
		for pi, p := range art.Paragraphs {
			d := len(c.Docs)
			c.Docs = append(c.Docs, storybot.Document{
				Source: fmt.Sprintf("%s/%d", art.Title, pi),
				Text:   p.Context,
			})
			offsets := runeOffsets(p.Context)
			for _, qa := range p.QAs {
				q := question{ID: qa.ID, Text: qa.Question, Doc: d}
				for _, a := range qa.Answers {
					s, ok := locate(p.Context, offsets, a.AnswerStart, a.Text)
					if !ok {
						c.Unlocated++
						continue
					}
					q.Gold = appendSpan(q.Gold, span{Doc: d, Start: s, End: s + len(a.Text)})
				}
				c.Questions = append(c.Questions, q)
			}
		}
	}
	if len(c.Docs) == 0 {
		return nil, errors.New("no paragraphs: expected {\"data\":[{\"title\",\"paragraphs\":[{\"context\",\"qas\"}]}]}")
	}
	if len(c.Questions) == 0 {
		return nil, errors.New("no questions in any paragraph")
	}
	return c, nil
}

// runeOffsets maps a character position, as SQuAD counts them (code points), to its byte
// offset; the extra last entry is len(s).
func runeOffsets(s string) []int {
	out := make([]int, 0, len(s)+1)
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

// locate returns the byte offset of an answer given at character position start, or the
// answer's first occurrence in the paragraph when the position is off.
func locate(ctx string, offsets []int, start int, text string) (int, bool) {
	if text == "" {
		return 0, false
	}
	if start >= 0 && start < len(offsets) {
		b := offsets[start]
		if strings.HasPrefix(ctx[b:], text) {
			return b, true
		}
	}
	if i := strings.Index(ctx, text); i >= 0 {
		return i, true
	}
	return 0, false
}

func appendSpan(spans []span, s span) []span {
	for _, t := range spans {
		if t == s {
			return spans
		}
	}
	return append(spans, s)
}
