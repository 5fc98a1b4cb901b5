// Package storybot holds the vocabulary every part of the bot shares: the articles of a
// story, the passages retrieved from them, and the cited answers built on those passages.
//
// Data flows one way: corpus (seeds) -> retrieval -> answer -> chat -> platform adapters
// (console, slack, discord). This package imports nothing of ours.
package storybot

import "path"

// Document is one article of the corpus.
type Document struct {
	// Source is the file name relative to the corpus root, e.g. "000_a13411a5ba41ed05.txt".
	Source string
	// Title, Outlet and Date are what the article states about itself; empty when it does not say.
	Title  string
	Outlet string
	Date   string
	// URL is the article's address when the manifest gives one.
	URL string
	// Text is the file's bytes, unchanged: every offset and quote refers to it.
	Text string
}

// Label names the document for people: its title, or its file name when it states none.
func (d Document) Label() string {
	if d.Title != "" {
		return d.Title
	}
	return path.Base(d.Source)
}

// Passage is a span of one document's bytes, as retrieved for a query.
type Passage struct {
	// Doc is the document's position in the corpus.
	Doc int
	// Start and End are byte offsets into the document's Text: Text[Start:End].
	Start, End int
	// Text is exactly the document's bytes [Start, End).
	Text string
	// Score is the retrieval score; higher is more relevant. Comparable only within one query.
	Score float64
}

// Citation ties a claim to the bytes of the source it stands on.
type Citation struct {
	// N is the number of the cited article in the reply's sources, the n of "[n]".
	N      int    `json:"n"`
	Source string `json:"source"`
	Title  string `json:"title"`
	Outlet string `json:"outlet"`
	Date   string `json:"date"`
	URL    string `json:"url,omitempty"`
	// Quote is exactly the source file's bytes [Start, End).
	Quote string `json:"quote"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Cite returns the citation of the bytes [start, end) of d, whose article is numbered n.
func Cite(n int, d Document, start, end int) Citation {
	return Citation{
		N: n, Source: d.Source, Title: d.Title, Outlet: d.Outlet, Date: d.Date, URL: d.URL,
		Quote: d.Text[start:end], Start: start, End: end,
	}
}

// Mode says what wrote an answer.
type Mode string

// The modes an answer can come from.
const (
	// ModeQuotes answers with verbatim sentences of the articles.
	ModeQuotes Mode = "quotes"
	// ModeLLM answers in a language model's words, every claim cited and checked.
	ModeLLM Mode = "llm"
)

// Answer is the reply to one question. Text is Markdown in which "[n]" names article n of
// the reply's sources: articles are numbered 1, 2, 3… in order of first citation, and
// every Citation carries its article's number, so several quotes of one article share it.
type Answer struct {
	Question  string     `json:"question"`
	Text      string     `json:"answer"`
	Found     bool       `json:"found"`
	Mode      Mode       `json:"mode"`
	Note      string     `json:"note,omitempty"`
	Citations []Citation `json:"citations"`
}

// Bullet is one point of a summary. Its citations use the summary-wide numbering.
type Bullet struct {
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
}

// Summary tells the whole story in a few cited bullets.
type Summary struct {
	// Text is the bullets rendered as a Markdown list, with their [n] markers.
	Text    string   `json:"summary"`
	Bullets []Bullet `json:"bullets"`
	Mode    Mode     `json:"mode"`
	Note    string   `json:"note,omitempty"`
}

// Turn is one earlier exchange of a conversation, the context of a follow-up.
type Turn struct {
	Question string
	Answer   string
}
