package discord

import (
	"github.com/bwmarrin/discordgo"
)

// restRenewEvery is how many REST calls one session serves before rest starts a new one.
const restRenewEvery = 10000

// rest returns the session the replies' REST calls go through. discordgo's rate limiter
// keeps a bucket for every route it has called, each channel's and each slash command's
// (its token is in the route), and never forgets one: a bot that runs for months would
// hold millions. So every restRenewEvery calls a fresh session, with an empty limiter,
// takes over, and the old one is dropped once its calls in flight end: at most about
// 2×restRenewEvery buckets (a few MB) are ever held. What is lost is what the old limiter
// knew of remaining requests; a 429 that follows is waited out and retried by discordgo.
func (a *Adapter) rest() *discordgo.Session {
	if n := a.restCalls.Add(1); n%uint64(a.renewEvery) == 0 {
		a.restSession.Store(newRESTSession(a.session))
	}
	return a.restSession.Load()
}

// newRESTSession returns a session for REST calls only, with the token and HTTP client of
// the gateway session s.
func newRESTSession(s *discordgo.Session) *discordgo.Session {
	// New never fails: it only fills in a struct.
	r, _ := discordgo.New(s.Token)
	r.Client, r.LogLevel, r.StateEnabled = s.Client, s.LogLevel, false
	return r
}
