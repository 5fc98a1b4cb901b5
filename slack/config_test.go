package slack

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{BotToken: "xoxb-1-2-secret", AppToken: "xapp-1-A-secret"}
	for _, tc := range []struct {
		name  string
		edit  func(*Config)
		wants []string // substrings of the error; none means valid
	}{
		{"socket mode", func(*Config) {}, nil},
		{"http mode", func(c *Config) { c.Mode, c.AppToken, c.SigningSecret = ModeHTTP, "", "s" }, nil},
		{"no bot token", func(c *Config) { c.BotToken = "" }, []string{"SLACK_BOT_TOKEN"}},
		{"user token as bot token", func(c *Config) { c.BotToken = "xoxp-1-secret" }, []string{`must start with "xoxb-"`, `"xoxp-"`}},
		{"no app token", func(c *Config) { c.AppToken = "" }, []string{"SLACK_APP_TOKEN"}},
		{"bot token as app token", func(c *Config) { c.AppToken = "xoxb-1-secret" }, []string{`must start with "xapp-"`}},
		{"http without secret", func(c *Config) { c.Mode = ModeHTTP }, []string{"SLACK_SIGNING_SECRET"}},
		{"unknown mode", func(c *Config) { c.Mode = "rtm" }, []string{`mode "rtm"`}},
		{"bad api url", func(c *Config) { c.APIURL = "ftp://x" }, []string{"api_url"}},
		{"bad command", func(c *Config) { c.Commands.Ask = "ask me" }, []string{`command "ask me"`}},
		{"same command twice", func(c *Config) { c.Commands.Ask = "/summary" }, []string{"named twice"}},
		{"everything wrong at once", func(c *Config) { c.BotToken, c.AppToken = "", "" }, []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := c.Validate()
			if len(tc.wants) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil; want an error naming %q", tc.wants)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q; want it to say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") && !strings.Contains(err.Error(), "SIGNING_SECRET") && !strings.Contains(err.Error(), "signing secret") {
				t.Errorf("Validate() = %q repeats a token", err)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{APIURL: "http://127.0.0.1:9/api"}.defaults()
	if c.Mode != ModeSocket || c.APIURL != "http://127.0.0.1:9/api/" || c.Commands.Ask != "/ask" || c.Listen != ":3000" {
		t.Errorf("defaults() = %+v", c)
	}
}

func TestConfigNeverPrintsTokens(t *testing.T) {
	c := Config{BotToken: "xoxb-TOPSECRET", AppToken: "xapp-TOPSECRET", SigningSecret: "TOPSECRET"}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "slack", c)
	fmt.Fprintf(&b, "%v %+v %s", c, c, c)
	if strings.Contains(b.String(), "TOPSECRET") {
		t.Errorf("a token was printed: %s", b.String())
	}
}
