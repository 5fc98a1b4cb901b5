package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"storybot"
)

// miss is one question storybot got wrong, with what it did and what bleve did.
type miss struct {
	ID        string   `json:"id"`
	Question  string   `json:"question"`
	Paragraph string   `json:"paragraph"`
	Answers   []string `json:"answers"`
	// Rank is the gold paragraph's position in storybot's top 10; 0 when absent.
	Rank       int    `json:"rank"`
	BleveRank  int    `json:"bleve_rank,omitempty"`
	Top        string `json:"top,omitempty"`
	FirstQuote string `json:"first_quote,omitempty"`
	QuoteHolds bool   `json:"quote_holds"`
}

// writeMisses writes one JSON line per question where storybot's first paragraph is not the
// gold one or its first quote does not hold the answer: material for finding out why.
func writeMisses(path string, docs []storybot.Document, qs []question, outcomes map[string]outcome) error {
	sb, ok := outcomes["storybot"]
	if !ok {
		return fmt.Errorf("-misses needs storybot among -systems")
	}
	bl, hasBleve := outcomes["bleve"]
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create misses file: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i, q := range qs {
		m := miss{ID: q.ID, Question: q.Text, Paragraph: docs[q.Doc].Source, Rank: rank(sb.results[i], q.Doc)}
		for _, g := range q.Gold {
			m.Answers = append(m.Answers, docs[g.Doc].Text[g.Start:g.End])
		}
		if len(sb.quotes[i]) > 0 {
			first := sb.quotes[i][0]
			m.QuoteHolds = holds(docs, first, q.Gold)
			if ms := merge(docs, first[:1]); len(ms) > 0 {
				m.FirstQuote = docs[ms[0].Doc].Text[ms[0].Start:ms[0].End]
			}
		}
		if m.Rank == 1 && m.QuoteHolds {
			continue
		}
		if len(sb.results[i]) > 0 {
			m.Top = docs[sb.results[i][0].Doc].Source
		}
		if hasBleve {
			m.BleveRank = rank(bl.results[i], q.Doc)
		}
		if err := enc.Encode(m); err != nil {
			f.Close()
			return fmt.Errorf("write misses: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write misses: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write misses: %w", err)
	}
	return nil
}
