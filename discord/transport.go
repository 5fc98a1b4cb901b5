package discord

import (
	"net/http"
	"net/url"
	"strings"
)

// rewriter sends the requests discordgo aims at Discord's REST API to another base URL,
// so a REST proxy or a test fake can stand in for Discord without touching discordgo's
// package-level endpoint variables, which every session in the process shares.
type rewriter struct {
	base *url.URL // the API base requests go to instead; nil sends them unchanged
	next http.RoundTripper
}

// newRewriter returns a RoundTripper that sends requests under DefaultAPIURL to api
// through next.
func newRewriter(api string, next http.RoundTripper) http.RoundTripper {
	if api == DefaultAPIURL {
		return next
	}
	base, err := url.Parse(api)
	if err != nil {
		// New has parsed api already; an unparsable one never gets here.
		return next
	}
	return &rewriter{base: base, next: next}
}

// RoundTrip implements http.RoundTripper.
func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	rest, ok := underDefaultAPI(req.URL)
	if !ok {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not change the caller's request.
	out := req.Clone(req.Context())
	u := *t.base
	// Keep the escaping discordgo chose (interaction tokens, emoji) byte for byte.
	u.RawPath = strings.TrimRight(t.base.EscapedPath(), "/") + rest
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, err
	}
	u.Path = p
	u.RawQuery = req.URL.RawQuery
	out.URL = &u
	out.Host = ""
	return t.next.RoundTrip(out)
}

// underDefaultAPI returns the escaped path of u after Discord's "/api" when u is a
// request to Discord's REST API.
func underDefaultAPI(u *url.URL) (string, bool) {
	if u.Scheme != "https" || u.Host != "discord.com" {
		return "", false
	}
	p := u.EscapedPath()
	if p != "/api" && !strings.HasPrefix(p, "/api/") {
		return "", false
	}
	return strings.TrimPrefix(p, "/api"), true
}
