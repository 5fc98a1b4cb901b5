package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifest checks that slack-app-manifest.yaml asks for what the adapter uses: its
// default slash commands, the events it answers, the scopes behind every Web API call, and
// Socket Mode, the default mode.
func TestManifest(t *testing.T) {
	b, err := os.ReadFile("../slack-app-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command string `yaml:"command"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			SocketMode    bool `yaml:"socket_mode_enabled"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("slack-app-manifest.yaml: %v", err)
	}
	var commands []string
	for _, c := range m.Features.SlashCommands {
		commands = append(commands, c.Command)
	}
	names := Config{}.defaults().Commands
	for _, c := range []string{names.Summary, names.Ask, names.Sources} {
		if !slices.Contains(commands, c) {
			t.Errorf("manifest lacks the slash command %s", c)
		}
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "im:history", "channels:history", "groups:history", "commands"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("manifest lacks the scope %s", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "message.channels", "message.groups"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("manifest lacks the event %s", e)
		}
	}
	if !m.Settings.Interactivity.Enabled {
		t.Error("manifest turns interactivity off; the feedback buttons need it")
	}
	if !m.Settings.SocketMode {
		t.Error("manifest turns Socket Mode off; it is the default mode")
	}
}
