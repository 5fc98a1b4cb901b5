package answer

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

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

// checkBullet checks one bullet and renders it in the summary's numbering. A bullet is
// one claim: it must carry a citation (a bullet that says the passages don't cover
// something is no bullet), and its quotations must be in the passages it cites.
func (c *replyChecker) checkBullet(line string, nb *numbering) (storybot.Bullet, string, error) {
	if replyPings.MatchString(line) {
		return storybot.Bullet{}, "", unverified("it mentions people")
	}
	line = strings.TrimSpace(stripReplyURLs(wordyMarkers.ReplaceAllString(line, "[$1]"), c.urls))
	refs, _, err := c.refs(line, false)
	if err != nil {
		return storybot.Bullet{}, "", err
	}
	if len(c.unsupported(line, refs)) > 0 {
		return storybot.Bullet{}, "", errUnsupported
	}
	rendered, cites := c.render(line, nb)
	b := storybot.Bullet{Text: strings.TrimSpace(replySpaceBeforePunct.ReplaceAllString(
		replySpaces.ReplaceAllString(renderedMarker.ReplaceAllString(rendered, ""), " "), "$1"))}
	if !strings.ContainsFunc(b.Text, unicode.IsLetter) {
		return storybot.Bullet{}, "", unverified("a bullet has no words")
	}
	b.Citations = cites
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

// checkSummary checks a model's summary and returns it with its bullets renumbered, and
// how many bullets failed the support check and were dropped.
func (c *replyChecker) checkSummary(text string) (storybot.Summary, int, error) {
	lines := replySummaryLines(text)
	if len(lines) > maxLLMBullets {
		lines = lines[:maxLLMBullets]
	}
	if len(lines) < minLLMBullets {
		return storybot.Summary{}, 0, unverified("it has %d bullets", len(lines))
	}
	s := storybot.Summary{Mode: storybot.ModeLLM}
	nb := newNumbering(c.docs)
	var b strings.Builder
	dropped := 0
	for _, line := range lines {
		replyBullet, rendered, err := c.checkBullet(line, nb)
		if errors.Is(err, errUnsupported) {
			dropped++
			continue
		}
		if err != nil {
			return storybot.Summary{}, dropped, err
		}
		s.Bullets = append(s.Bullets, replyBullet)
		b.WriteString("- " + rendered + "\n")
	}
	if len(s.Bullets) < minLLMBullets {
		return storybot.Summary{}, dropped, fmt.Errorf("%w: %d of %d bullets could not be checked against the sources", errUnsupported, dropped, len(lines))
	}
	s.Text = strings.TrimSpace(b.String())
	return s, dropped, nil
}
