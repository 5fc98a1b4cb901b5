package chat

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"no mentions here", "no mentions here"},
		{"hey @everyone look", "hey @\u200beveryone look"},
		{"@here", "@\u200bhere"},
		{"@HERE and @Channel", "@\u200bHERE and @\u200bChannel"},
		{"(@everyone)", "(@\u200beveryone)"},
		{"x@here", "x@\u200bhere"},
		{"@everyone.", "@\u200beveryone."},
		{"@@here", "@@\u200bhere"},
		{"<!channel>", "‹!channel›"},
		{"<!here>", "‹!here›"},
		{"<!everyone>", "‹!everyone›"},
		{"<!here|here>", "‹!here|here›"},
		{"<!subteam^S0123ABC|@devs>", "‹!subteam^S0123ABC|@devs›"},
		{"hi <@U123ABC>!", "hi ‹@U123ABC›!"},
		{"<@U123|Jane Doe>", "‹@U123|Jane Doe›"},
		{"<@123456789012345678>", "‹@123456789012345678›"},
		{"<@!123>", "‹@!123›"},
		{"<@&123>", "‹@&123›"},
		{"<#C123>", "‹#C123›"},
		{"<!channel|@everyone>", "‹!channel|@\u200beveryone›"},
		{"a <b> c", "a <b> c"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"<@ no close", "<@ no close"},
		{"<@U1\n>", "<@U1\n>"},
		{"<<@U1>>", "<‹@U1›>"},
		{"mail team@here.com or ops@channel.io", "mail team@here.com or ops@channel.io"},
		{"jane.doe+x@everyone.example.org", "jane.doe+x@everyone.example.org"},
		{"@here.com", "@\u200bhere.com"},
		{"team@here. Done", "team@\u200bhere. Done"},
		{"user@example.com", "user@example.com"},
		{"@someone", "@someone"},
		{"\xff@here\xfe", "\xff@\u200bhere\xfe"},
	}
	for _, tt := range tests {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if got := Neutralize(Neutralize(tt.in)); got != tt.want {
			t.Errorf("Neutralize(Neutralize(%q)) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// pingPatterns match what would notify someone on Slack or Discord.
var pingPatterns = regexp.MustCompile(`(?i)<[!@][^<>\n]*>|(^|[^a-z0-9._%+-])@(everyone|here|channel)`)

func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"@everyone", "<!here>", "<@U1|x>", "a@here.com", "<@&1>", "\xff<@!", "@@here.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralize(s)
		if m := pingPatterns.FindString(got); m != "" {
			t.Errorf("Neutralize(%q) = %q still holds %q", s, got, m)
		}
		if again := Neutralize(got); again != got {
			t.Errorf("Neutralize is not idempotent on %q: %q then %q", s, got, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Neutralize(%q) = %q is not valid UTF-8", s, got)
		}
		if strip(got) != strip(s) {
			t.Errorf("Neutralize(%q) = %q changed more than mentions", s, got)
		}
	})
}

// strip removes what Neutralize may add or replace, leaving the rest of the text.
func strip(s string) string {
	return strings.NewReplacer("\u200b", "", "‹", "", "›", "", "<", "", ">", "").Replace(s)
}
