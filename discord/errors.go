package discord

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// ErrDisallowedIntents means Discord refused the intents the bot asks for: the Message
// Content intent is not switched on for the application.
var ErrDisallowedIntents = errors.New("the Message Content intent is not switched on, so Discord refused the connection (gateway close 4014): " +
	"open https://discord.com/developers/applications, choose the application, then Bot > " +
	"Privileged Gateway Intents, switch on MESSAGE CONTENT INTENT, save and restart the bot")

// ErrBadToken means Discord refused the bot token.
var ErrBadToken = errors.New("the bot token was refused by Discord: copy it again from the developer " +
	"portal (Bot > Reset Token) into DISCORD_BOT_TOKEN")

// Gateway close codes after which reconnecting cannot help.
const (
	closeAuthenticationFailed = 4004
	closeInvalidIntents       = 4013
	closeDisallowedIntents    = 4014
)

// openError explains why the gateway connection could not be opened.
func openError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case closeDisallowedIntents:
			return fmt.Errorf("discord: %w", ErrDisallowedIntents)
		case closeAuthenticationFailed:
			return fmt.Errorf("discord: %w (gateway close 4004)", ErrBadToken)
		case closeInvalidIntents:
			return fmt.Errorf("discord: the intents were refused as invalid (gateway close 4013): %w", err)
		}
		return fmt.Errorf("discord: the gateway closed the connection (code %d): %w", ce.Code, err)
	}
	return fmt.Errorf("discord: connect to the gateway: %w", restError(err))
}

// restError explains the REST errors an operator can fix.
func restError(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		switch re.Response.StatusCode {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w (HTTP 401)", ErrBadToken)
		case http.StatusForbidden:
			return fmt.Errorf("forbidden by Discord (HTTP 403): is the bot in that server, invited with the bot and applications.commands scopes? %w", err)
		}
	}
	return err
}
