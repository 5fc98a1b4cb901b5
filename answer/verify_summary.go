package answer

import (
	"regexp"
	"strings"

	"storybot"
)

// A summary is at least minBullets bullets; more than maxBullets are cut.
const (
	minBullets = 3
	maxBullets = 8
)

// listItem matches a line that is a list item.
var listItem = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+`)

// summaryLines returns the bullets of a model's summary. A line that is not a list item
// belongs to no bullet: a heading or preamble ending in ":" is dropped; any other line is
// taken as a bullet, so that it is checked like one.
func summaryLines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !listItem.MatchString(t) && strings.HasSuffix(strings.Trim(t, "*_# "), ":") {
			continue
		}
		out = append(out, strings.TrimSpace(listItem.ReplaceAllString(t, "")))
	}
	return out
}

// checkBullet checks one bullet (every sentence cited, no gap allowed) and renders it in
// the summary's numbering.
func (c *checker) checkBullet(line string, nb *numbering) (storybot.Bullet, string, error) {
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
	b := storybot.Bullet{Text: strings.TrimSpace(spaceBeforePunct.ReplaceAllString(
		spaces.ReplaceAllString(singleMarker.ReplaceAllString(rendered, ""), " "), "$1"))}
	seen := map[int]bool{}
	for _, m := range singleMarker.FindAllString(rendered, -1) {
		n := atoiMarker(m)
		if !seen[n] {
			seen[n] = true
			b.Citations = append(b.Citations, nb.cites[n-1])
		}
	}
	return b, rendered, nil
}

// atoiMarker returns the number of a rendered marker "[n]".
func atoiMarker(m string) int {
	n := 0
	for _, r := range m[1 : len(m)-1] {
		n = n*10 + int(r-'0')
	}
	return n
}

// checkSummary checks a model's summary and returns it with its bullets renumbered.
func (c *checker) checkSummary(text string) (storybot.Summary, error) {
	lines := summaryLines(text)
	if len(lines) > maxBullets {
		lines = lines[:maxBullets]
	}
	if len(lines) < minBullets {
		return storybot.Summary{}, unverified("it has %d bullets", len(lines))
	}
	s := storybot.Summary{Mode: storybot.ModeLLM}
	nb := newNumbering()
	var b strings.Builder
	for _, line := range lines {
		bullet, rendered, err := c.checkBullet(line, nb)
		if err != nil {
			return storybot.Summary{}, err
		}
		s.Bullets = append(s.Bullets, bullet)
		b.WriteString("- " + rendered + "\n")
	}
	s.Text = strings.TrimSpace(b.String())
	return s, nil
}
