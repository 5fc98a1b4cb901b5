package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isBoilerplate says whether a block of an article is not its content: the rules look at
// the shape of the text (no letters, one bare token, all capitals, a "Key:" prefix) and at
// phrases that only page furniture uses, so they hold for any news article.
func isBoilerplate(s string) bool {
	letters, upper, lower := letterCounts(s)
	if letters == 0 {
		// Section numbers, phone numbers, rules and ornaments.
		return true
	}
	words := wordCount(s)
	if upper >= 4 && float64(upper) >= 0.85*float64(upper+lower) {
		// All-capital lines are related-story links, promos and labels ("LINKS").
		return true
	}
	if words > 40 && !strings.Contains(s, "isclaim") && !strings.Contains(s, "nvest") &&
		!strings.Contains(s, "ndorse") && !strings.Contains(s, "dvice") && !strings.Contains(s, "arrant") &&
		!strings.Contains(s, "third") && !strings.Contains(s, "isk") && !strings.Contains(s, "urposes") &&
		!strings.Contains(s, "iabilit") && !strings.Contains(s, "responsible") && !strings.Contains(s, "onstitute") &&
		!strings.Contains(s, "onstrued") && !strings.Contains(s, "onsidered") && !strings.Contains(s, "ntended") &&
		!strings.Contains(s, "epresentation") && !strings.Contains(s, "uarantee") {
		// Long paragraphs can only be disclaimers; most hold none of a disclaimer's words.
		return false
	}
	low := strings.ToLower(s)
	return isBareToken(s, words) || isMetaLine(low, words) || isContact(low, words) ||
		isCopyright(low, words) || isDisclaimer(low, words) || isNavigation(low, s, words)
}

// letterCounts counts the letters of s, and of those the upper- and lower-case ones.
func letterCounts(s string) (letters, upper, lower int) {
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		}
	}
	return letters, upper, lower
}

var imageExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif"}

// isBareToken spots image file names, URLs and other machine strings standing alone.
func isBareToken(s string, words int) bool {
	low := strings.ToLower(s)
	if words <= 3 {
		for _, ext := range imageExts {
			if strings.Contains(low, ext) {
				return true
			}
		}
	}
	if words != 1 {
		return false
	}
	if strings.Contains(low, "://") || strings.HasPrefix(low, "www.") || strings.Contains(low, "@") {
		return true
	}
	// A single long token with digits and URL punctuation is an identifier, not a word.
	digits, punct := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case strings.ContainsRune("./?=&_%#~", r):
			punct++
		}
	}
	return len(s) >= 12 && digits > 0 && punct > 0
}

// metaKeys start the lines of page metadata: "Time:2025-12-12", "Source: Reuters".
var metaKeys = []string{
	"time", "date", "published", "updated", "posted", "source", "sources", "author", "authors",
	"editor", "editors", "by", "photo", "photos", "image", "images", "picture", "credit",
	"credits", "caption", "tags", "tag", "category", "categories", "reporter", "writer",
	"written by", "edited by", "filed under", "keywords", "topics", "read time",
	"reading time", "views", "release time", "responsible editor", "disclosure",
}

// contactKeys start contact lines: "TEL:", "Email:yumiao@…", "Address:20th floor…".
var contactKeys = []string{
	"tel", "tel.", "telephone", "phone", "fax", "email", "e-mail", "mail", "address", "add",
	"contact", "contact us", "mobile", "wechat", "whatsapp", "hotline", "website", "web",
	"postcode", "zip code", "qq", "weibo", "twitter", "facebook", "linkedin",
}

// keyPrefix returns the key of a "Key: value" line (ASCII or full-width colon) when the
// key is at most three words long.
func keyPrefix(low string) (string, bool) {
	i := strings.IndexAny(low, ":：")
	if i < 0 || i > 30 {
		return "", false
	}
	key := strings.TrimSpace(low[:i])
	if key == "" || wordCount(key) > 3 {
		return "", false
	}
	return key, true
}

func isMetaLine(low string, words int) bool {
	if words > 12 {
		return false
	}
	if key, ok := keyPrefix(low); ok && contains(metaKeys, key) {
		return true
	}
	// A byline without punctuation: "By Jane Doe and John Roe".
	if strings.HasPrefix(low, "by ") && words <= 7 && !endsSentence(low) {
		return true
	}
	// "Updated 3 hours ago", "Published Dec. 4"; "(Reporting by …; Editing by …)".
	if words <= 8 && startsWithAny(low, "updated ", "published ", "posted ", "last updated", "modified ") {
		return true
	}
	credits := strings.TrimLeft(low, "( ")
	if startsWithAny(credits, "reporting by", "editing by", "writing by", "compiled by", "additional reporting") {
		return true
	}
	return isDateLine(low)
}

// isDateLine says whether a line holds only a date or time: "December 3, 2025 10:02 AM ET".
func isDateLine(low string) bool {
	n := 0
	for _, f := range strings.FieldsFunc(low, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == '/' || r == '-' || r == ':' || r == '.'
	}) {
		n++
		if !isDateWord(f) && !isAllDigits(f) && f != "am" && f != "pm" && f != "et" &&
			f != "utc" && f != "gmt" && f != "est" && f != "pt" && f != "updated" {
			return false
		}
	}
	return n > 0
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isContact(low string, words int) bool {
	if words > 25 {
		return false
	}
	if key, ok := keyPrefix(low); ok && contains(contactKeys, key) {
		return true
	}
	// A short line holding an e-mail address is a contact line.
	at := strings.IndexByte(low, '@')
	return at > 0 && at < len(low)-3 && strings.Contains(low[at:], ".") && words <= 12
}

func isCopyright(low string, words int) bool {
	if words > 30 {
		return false
	}
	return strings.Contains(low, "©") || strings.HasPrefix(low, "copyright") ||
		strings.Contains(low, "all rights reserved") || strings.Contains(low, "icp备") ||
		strings.Contains(low, "icp证") || strings.HasPrefix(low, "(c) ")
}

// selfReferences are how a disclaimer speaks of the page it sits on.
var selfReferences = []string{
	"this article", "this page", "this content", "this website", "this site", "this material",
	"this report", "this post", "the information", "the above", "the content", "this publication",
}

// disclaimerTerms are what a disclaimer says about that page: phrases of legal hedging
// that reporting itself does not use.
var disclaimerTerms = []string{
	"not constitute", "should not be considered", "not be construed", "purposes only",
	"own risk", "not responsible for", "no liability", "any liability", "endorsement of",
	"not intended as", "not investment advice", "not financial advice", "third-party content",
	"third party content", "not representations", "no representation", "no warranty",
	"without warranty", "does not guarantee",
}

func isDisclaimer(low string, words int) bool {
	if words <= 8 && (strings.Contains(low, "disclaimer") || strings.Contains(low, "risk warning")) {
		return true
	}
	if strings.Contains(low, "investment requires caution") || strings.Contains(low, "investing involves risk") ||
		strings.Contains(low, "market has risks") || strings.Contains(low, "invest at your own risk") {
		return true
	}
	return containsAny(low, selfReferences) && containsAny(low, disclaimerTerms)
}

// navWords are whole lines of navigation, sharing and promotion.
var navWords = []string{
	"view original", "read more", "read full article", "read the full article", "share",
	"share this", "share this article", "share on facebook", "share on twitter", "tweet",
	"links", "related", "related articles", "related stories", "related news",
	"recommended", "advertisement", "sponsored", "sponsored content", "subscribe", "print",
	"comments", "comment", "back to top", "see also", "more", "next", "previous", "menu",
	"home", "email this", "sign in", "log in", "watch", "listen", "play", "video",
	"show more", "load more", "top stories", "trending", "most read", "popular",
}

// callsToAction mark a short line as a promotion whatever its punctuation.
var callsToAction = []string{
	"click here", "newsletter", "subscribe", "follow us", "download the app",
	"download our app", "sign up for our", "join our", "scan the qr", "scan the code",
}

// promoPhrases mark a short line that does not end a sentence as a call to action.
var promoPhrases = []string{
	"click here", "download the", "download our", "sign up", "subscribe to", "follow us",
	"newsletter", "app store", "google play", "read more", "read also", "also read",
	"see more", "watch now", "listen now", "scan the qr", "scan the code", "join our",
}

func isNavigation(low, s string, words int) bool {
	bare := strings.TrimFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if contains(navWords, bare) {
		return true
	}
	if words <= 15 && containsAny(low, callsToAction) {
		return true
	}
	if words <= 15 && !endsSentence(s) && containsAny(low, promoPhrases) {
		return true
	}
	return isBreadcrumb(s, words)
}

// isBreadcrumb spots "Home > MarketWatch > Industry News" and "News | Tech | Space".
func isBreadcrumb(s string, words int) bool {
	if words > 14 {
		return false
	}
	for _, sep := range []string{">", "›", "»", "|", "/"} {
		parts := strings.Split(s, sep)
		need := 2
		if sep == "|" || sep == "/" {
			need = 3
		}
		if len(parts) < need {
			continue
		}
		short := true
		for _, p := range parts {
			if n := wordCount(p); n == 0 || n > 4 {
				short = false
				break
			}
		}
		if short {
			return true
		}
	}
	return false
}

func startsWithAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsAny(s string, list []string) bool {
	for _, x := range list {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// isCloser says whether r closes a quotation or parenthesis.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '」', '』', '》', '）':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '(', '[', '「', '『', '《', '（':
		return true
	}
	return false
}

// firstRune returns the first rune of s, or utf8.RuneError when s is empty.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
