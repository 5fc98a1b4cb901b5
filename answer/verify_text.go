package answer

import (
	"regexp"
	"strings"
)

// replyPings matches text that would notify people on a chat platform: @everyone, @here,
// @channel, and the <!…>, <@…> and <#…> mention syntax of Slack and Discord. chat
// neutralises every reply anyway; an LLM answer that contains one is not trusted at all,
// since a model has no reason to write one other than an instruction it should not follow.
var replyPings = regexp.MustCompile(`(?i)@(everyone|here|channel)\b|<(!|@|#)[^>\s]*>|‹(!|@|#)[^›\s]*›`)

// replyURL matches a web address in text.
var replyURL = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>()\[\]"'“”‹›]+`)

// replyLink matches a Markdown link [text](address).
var replyLink = regexp.MustCompile(`\[([^\[\]]*)\]\(\s*([^()\s]*)\s*\)`)

// trimReplyURL drops the punctuation that ends a sentence rather than the address.
func trimReplyURL(u string) string {
	return strings.TrimRight(u, ".,;:!?/")
}

// replyURLsIn returns the addresses in texts, trimmed, as a set.
func replyURLsIn(texts ...string) map[string]bool {
	set := map[string]bool{}
	for _, t := range texts {
		for _, u := range replyURL.FindAllString(t, -1) {
			set[strings.ToLower(trimReplyURL(u))] = true
		}
	}
	return set
}

// stripReplyURLs removes from text every address that is not in allowed: a Markdown link
// keeps its words, a bare address goes.
func stripReplyURLs(text string, allowed map[string]bool) string {
	ok := func(u string) bool { return allowed[strings.ToLower(trimReplyURL(u))] }
	text = replyLink.ReplaceAllStringFunc(text, func(m string) string {
		sub := replyLink.FindStringSubmatch(m)
		if ok(sub[2]) {
			return m
		}
		return sub[1]
	})
	// Addresses inside links that survived are allowed, so the bare-address pass may
	// look at every match.
	text = replyURL.ReplaceAllStringFunc(text, func(u string) string {
		if ok(u) {
			return u
		}
		return ""
	})
	// Tidy what a removed address leaves behind: "see  [1]", "( )", "at ."
	text = strings.NewReplacer("()", "", "( )", "", "<>", "").Replace(text)
	text = replySpaces.ReplaceAllString(text, " ")
	return replySpaceBeforePunct.ReplaceAllString(text, "$1")
}

var (
	replySpaces           = regexp.MustCompile(`[ \t]{2,}`)
	replySpaceBeforePunct = regexp.MustCompile(`[ \t]+([.,;:!?])`)
)

// foldQuote folds what a model may change when it copies words: case, curly quotes and
// apostrophes, dashes, the prompt's escaped angle brackets, and runs of white space.
func foldQuote(s string) string {
	s = strings.ToLower(replyQuoteFolder.Replace(s))
	return strings.Join(strings.Fields(s), " ")
}

var replyQuoteFolder = strings.NewReplacer(
	"“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`,
	"‘", "'", "’", "'", "‚", "'", "`", "'",
	"–", "-", "—", "-", "‒", "-", "―", "-",
	"‹", "<", "›", ">", "\u00a0", " ",
)

// replyDoubleQuoted and replySingleQuoted match text in double quotation marks, straight or curly (after folding:
// straight), and in single quotation marks that open after a space and close before
// one, so that apostrophes ("Altman's") are not taken for quotes.
var (
	replyDoubleQuoted = regexp.MustCompile(`"([^"]+)"`)
	replySingleQuoted = regexp.MustCompile(`(?:^|[\s(\[])'([^'\n]{2,}?)'(?:[\s.,;:!?)\]]|$)`)
)

// replyQuotes returns the quoted words of a sentence, folded by foldQuote.
func replyQuotes(sentence string) []string {
	s := foldQuote(sentence)
	var out []string
	for _, m := range replyDoubleQuoted.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	for _, m := range replySingleQuoted.FindAllStringSubmatch(replyDoubleQuoted.ReplaceAllString(s, " "), -1) {
		out = append(out, m[1])
	}
	return out
}

// quotedInPassage reports whether quote (folded by foldQuote) appears in passage: its pieces
// between ellipses each appear, in order, once the punctuation at their ends is trimmed.
func quotedInPassage(quote, passage string) bool {
	return quotedInFolded(quote, foldQuote(passage))
}

// quotedInFolded is quotedInPassage for a passage already folded by foldQuote.
func quotedInFolded(quote, p string) bool {
	at := 0
	found := false
	for _, piece := range strings.FieldsFunc(strings.ReplaceAll(quote, "...", "…"), func(r rune) bool { return r == '…' }) {
		piece = strings.Trim(piece, " .,;:!?")
		if piece == "" {
			continue
		}
		i := strings.Index(p[at:], piece)
		if i < 0 {
			return false
		}
		at += i + len(piece)
		found = true
	}
	// A quote of nothing but punctuation claims no words.
	return found || strings.Trim(quote, " .,;:!?…") == ""
}

// replyGap matches a sentence that says the passages do not cover something.
var replyGap = regexp.MustCompile(`(?i)\b(?:do(?:es)?n[’']t|do(?:es)? not|never)\s+(?:say|mention|state|specify|cover|address|answer|discuss|provide|include|contain|explain|give|reveal|indicate|disclose|report)\b` +
	`|\bnot\s+(?:mentioned|stated|specified|covered|addressed|given|provided|disclosed|reported|explained)\b` +
	`|\bno\s+(?:information|details?|mention)\b`)

// replyHedge matches what would let a "they don't say" sentence carry a claim after all.
var replyHedge = regexp.MustCompile(`(?i)\d|;|\b(?:but|however|although|though|while|whereas|except|instead|yet)\b`)

// isGapSentence reports whether sentence only says that the passages do not answer something:
// such a sentence needs no citation, as it claims nothing about the story.
func isGapSentence(sentence string) bool {
	return len(sentence) <= 200 && replyGap.MatchString(sentence) && !replyHedge.MatchString(sentence)
}
