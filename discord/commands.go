package discord

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// commands are the slash commands the bot registers; each becomes the text command of
// the same name for the chat core.
var commands = []*discordgo.ApplicationCommand{
	{
		Name:        "summary",
		Description: "Tell the whole story in a few cited points",
	},
	{
		Name:        "ask",
		Description: "Ask a question about the story",
		Options: []*discordgo.ApplicationCommandOption{{
			Type:        discordgo.ApplicationCommandOptionString,
			Name:        "question",
			Description: "Your question",
			Required:    true,
			MaxLength:   MaxMessage,
		}},
	},
	{
		Name:        "sources",
		Description: "List the articles the answers come from",
	},
}

// registerCommands registers the slash commands for appID, replacing whatever was there,
// so that registering at every start-up is idempotent: in each of the configured guilds,
// or globally when there are none.
func (a *Adapter) registerCommands(ctx context.Context, appID string) error {
	guilds := a.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		_, err := a.session.ApplicationCommandBulkOverwrite(appID, g, commands, discordgo.WithContext(ctx))
		if err != nil {
			where := "globally"
			if g != "" {
				where = "in guild " + g
			}
			return fmt.Errorf("register slash commands %s: %w", where, restError(err))
		}
	}
	return nil
}

// commandText turns a slash command into the text command the chat core reads, "" when it
// is not one of ours.
func commandText(data discordgo.ApplicationCommandInteractionData) string {
	switch data.Name {
	case "summary", "sources":
		return "/" + data.Name
	case "ask":
		for _, o := range data.Options {
			if o != nil && o.Name == "question" && o.Type == discordgo.ApplicationCommandOptionString {
				if q, ok := o.Value.(string); ok {
					return "/ask " + strings.TrimSpace(q)
				}
			}
		}
		return "/ask"
	}
	return ""
}
