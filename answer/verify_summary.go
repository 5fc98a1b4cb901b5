package answer

import (
	"regexp"
	"strings"

	"storybot"
)

// A summary is at least minBullets bullets; more than maxBullets are cut.
const (
	minLLMBullets = 3
	maxLLMBullets = 8
)

// replyListItem matches a line that is a list item.
var replyListItem = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+`)

// replySummaryLines returns the bullets of a model's summary. A line that is not a list item
// belongs to no bullet: a heading or preamble ending in ":" is dropped; any other line is
// taken as a bullet, so that it is checked like one.
func replySummaryLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !replyListItem.MatchString(t) && strings.HasSuffix(strings.Trim(t, "*_# "), ":") {
			continue
		}
		out = append(out, strings.TrimSpace(replyListItem.ReplaceAllString(t, "")))
	}
	return out
}

// checkBullet checks one bullet (every sentence cited, no gap allowed) and renders it in
// the summary's numbering.
func (c *replyChecker) checkBullet(line string, nb *citeNumbering) (storybot.Bullet, string, error) {
	sents, err := c.clean(line)
	if err != nil {
		return storybot.Bullet{}, "", err
	}
	if len(sents) == 0 {
		return storybot.Bullet{}, "", unverified("a bullet is empty")
	}
	var parts []string
	for _, s := range sents {
		if _, _, err := c.refs(s, false); err != nil {
			return storybot.Bullet{}, "", err
		}
		parts = append(parts, c.render(s, nb))
	}
	rendered := strings.Join(parts, " ")
	b := storybot.Bullet{Text: strings.TrimSpace(replySpaceBeforePunct.ReplaceAllString(
		replySpaces.ReplaceAllString(renderedMarker.ReplaceAllString(rendered, ""), " "), "$1"))}
	seen := map[int]bool{}
	for _, m := range renderedMarker.FindAllString(rendered, -1) {
		n := renderedMarkerNumber(m)
		if !seen[n] {
			seen[n] = true
			b.Citations = append(b.Citations, nb.cites[n-1])
		}
	}
	return b, rendered, nil
}

// renderedMarkerNumber returns the number of a rendered marker "[n]".
func renderedMarkerNumber(m string) int {
	n := 0
	for _, r := range m[1 : len(m)-1] {
		n = n*10 + int(r-'0')
	}
	return n
}

// checkSummary checks a model's summary and returns it with its bullets renumbered.
func (c *replyChecker) checkSummary(text string) (storybot.Summary, error) {
	lines := replySummaryLines(text)
	if len(lines) > maxLLMBullets {
		lines = lines[:maxLLMBullets]
	}
	if len(lines) < minLLMBullets {
		return storybot.Summary{}, unverified("it has %d bullets", len(lines))
	}
	s := storybot.Summary{Mode: storybot.ModeLLM}
	nb := newCiteNumbering()
	var b strings.Builder
	for _, line := range lines {
		replyBullet, rendered, err := c.checkBullet(line, nb)
		if err != nil {
			return storybot.Summary{}, err
		}
		s.Bullets = append(s.Bullets, replyBullet)
		b.WriteString("- " + rendered + "\n")
	}
	s.Text = strings.TrimSpace(b.String())
	return s, nil
}
