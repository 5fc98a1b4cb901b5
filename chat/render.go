package chat

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"storybot"
	"storybot/answer"
)

// Working is a placeholder an adapter may post while an answer is being written, before
// the first progress update replaces it.
const Working = "_Looking through the articles…_"

// DefaultPlaceholderDelay is how long an answer may take before an adapter shows that the
// bot is working on it (Working, or a typing indicator): a faster answer is one message.
const DefaultPlaceholderDelay = 700 * time.Millisecond

// AnswerMarkdown renders an answer for people: its text, the note on how it was written
// when there is one (in italics), then its sources, "[n] Title — Outlet, Date" per
// article, the title a link when the article's URL is known. Mentions are neutralized.
func AnswerMarkdown(a storybot.Answer) string {
	var b strings.Builder
	text := strings.TrimSpace(a.Text)
	if text == "" {
		text = answer.NotFound
	}
	b.WriteString(text)
	writeNote(&b, modeNote(a.Mode, a.Note))
	writeSources(&b, a.Citations)
	return Neutralize(b.String())
}

// SummaryMarkdown renders a summary for people: a heading, its bullets with their [n]
// markers, the note when there is one, then its sources as for an answer.
func SummaryMarkdown(s storybot.Summary) string {
	var b strings.Builder
	b.WriteString("**Summary**\n\n")
	text := strings.TrimSpace(s.Text)
	if text == "" {
		text = bulletList(s.Bullets)
	}
	if text == "" {
		text = "I couldn't put a summary together from these articles. Try /sources for the list of articles."
	}
	b.WriteString(text)
	writeNote(&b, modeNote(s.Mode, s.Note))
	var cites []storybot.Citation
	for _, bl := range s.Bullets {
		cites = append(cites, bl.Citations...)
	}
	writeSources(&b, cites)
	return Neutralize(b.String())
}

// bulletList renders bullets as a Markdown list with their citation markers, for a
// summary whose Text is empty.
func bulletList(bullets []storybot.Bullet) string {
	var b strings.Builder
	for _, bl := range bullets {
		b.WriteString("- " + Clean(bl.Text))
		for i, c := range bl.Citations {
			if i == 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "[%d]", c.N)
		}
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

// SourcesMarkdown lists the articles the bot answers from, each with its title (a link
// when its URL is known), outlet and date.
func SourcesMarkdown(docs []storybot.Document) string {
	if len(docs) == 0 {
		return "I have no articles to answer from."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**The %s I answer from:**\n", plural(len(docs), "article", "articles"))
	for _, d := range docs {
		b.WriteString("\n- " + docLine(d))
	}
	return Neutralize(b.String())
}

// HelpMarkdown explains the bot and its commands; n is the number of articles it answers from.
func HelpMarkdown(n int) string {
	return Neutralize(fmt.Sprintf(helpText, plural(n, "article", "articles")))
}

// helpText is the help, with a %s for the number of articles.
const helpText = "I answer questions about one news story, from its %s. " +
	"Every answer either quotes the articles word for word or, when a language model is set up, " +
	"puts them in its own words checked against them; either way each claim carries a marker " +
	"such as [1] that points to its source.\n\n" +
	"**Commands**\n" +
	"- `/ask QUESTION`: ask about the story (or just write your question)\n" +
	"- `/summary`: the story in a few cited bullets\n" +
	"- `/sources`: the articles I answer from\n" +
	"- `/help`: this message\n\n" +
	"In a channel, mention me; in a direct message, just write. A follow-up in the same " +
	"thread or direct message keeps the context, so \"Who founded it?\" after a question " +
	"about a company is about that company; in a thread I have answered in, or in a reply " +
	"to my answer, no mention is needed. In Slack and Discord, edit your question and I " +
	"edit my answer, and 👍 or 👎 under an answer tells the team what works."

// writeNote appends note as an italic paragraph.
// LLMNote marks a reply the language model wrote, so people know which mode answered;
// a quote reply shows its verbatim quotes, and a fallback to quotes its own note.
const LLMNote = "Written by the LLM from the sources below, every claim cited."

// modeNote returns the note to show under a reply written in mode. An LLM reply's own
// note (a sentence dropped by the checks) follows LLMNote.
func modeNote(mode storybot.Mode, note string) string {
	switch {
	case mode != storybot.ModeLLM:
		return note
	case note == "":
		return LLMNote
	default:
		return LLMNote + " " + strings.ToUpper(note[:1]) + note[1:] + "."
	}
}

func writeNote(b *strings.Builder, note string) {
	if note = Clean(note); note != "" {
		b.WriteString("\n\n_" + note + "_")
	}
}

// writeSources appends the "Sources:" paragraph: one line per article cited, under the
// number its citations carry ([n] in the text is article n), in the order of first
// citation.
func writeSources(b *strings.Builder, cites []storybot.Citation) {
	if len(cites) == 0 {
		return
	}
	cites = append([]storybot.Citation(nil), cites...)
	sort.SliceStable(cites, func(i, j int) bool { return cites[i].N < cites[j].N })
	type article struct {
		doc storybot.Document
		ns  []string
	}
	var order []*article
	bySource := map[string]*article{}
	seen := map[int]bool{}
	for _, c := range cites {
		if seen[c.N] {
			continue
		}
		seen[c.N] = true
		a, ok := bySource[c.Source]
		if !ok {
			a = &article{doc: storybot.Document{Source: c.Source, Title: c.Title, Outlet: c.Outlet, Date: c.Date, URL: c.URL}}
			bySource[c.Source] = a
			order = append(order, a)
		}
		a.ns = append(a.ns, fmt.Sprint(c.N))
	}
	b.WriteString("\n\n**Sources:**")
	for _, a := range order {
		fmt.Fprintf(b, "\n[%s] %s", strings.Join(a.ns, ", "), docLine(a.doc))
	}
}

// docLine renders "Title — Outlet, Date", leaving out what the article does not state;
// the label is a link when the URL is known. An article without a title is named by its
// outlet and date instead, and by its file name only when it states none of the three.
func docLine(d storybot.Document) string {
	var meta []string
	for _, f := range []string{d.Outlet, d.Date} {
		if f = Clean(f); f != "" {
			meta = append(meta, f)
		}
	}
	label, rest := Clean(d.Title), strings.Join(meta, ", ")
	switch {
	case label == "" && Clean(d.Outlet) == "" && rest != "":
		label, rest = "Article of "+rest, ""
	case label == "" && rest != "":
		label, rest = rest, ""
	case label == "":
		label = d.Label()
	}
	if u := safeURL(d.URL); u != "" {
		label = "[" + strings.NewReplacer("[", "(", "]", ")").Replace(label) + "](" + u + ")"
	}
	if rest != "" {
		label += " — " + rest
	}
	return label
}

// safeURL returns raw as a web address that can stand inside a Markdown link, or "" when
// it is not an http or https address.
func safeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u.String())
}

// progressMarkdown renders an answer still being written.
func progressMarkdown(text string) string {
	return Neutralize(strings.TrimSpace(text) + " …")
}

// plural returns "1 article" or "5 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
