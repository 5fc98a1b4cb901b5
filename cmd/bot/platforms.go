package main

import (
	"context"
	"errors"
	"sync"

	"storybot/chat"
	"storybot/discord"
	"storybot/ops"
	"storybot/slack"
)

// platform is a chat platform the bot runs on until its context is done.
type platform struct {
	name string
	run  func(ctx context.Context) error
}

// platforms returns every platform whose credentials are in the environment. Their chat
// cores share a.store, where they claim each message before answering it; health expects
// each platform to connect before the bot is ready.
func (a *app) platforms(getenv func(string) string, health *ops.Health) ([]platform, error) {
	var ps []platform
	slackOn, discordOn := getenv("SLACK_BOT_TOKEN") != "", getenv("DISCORD_BOT_TOKEN") != ""
	if (slackOn || discordOn) && (a.cfg.Feedback.Path != "" || a.sharedVotes != nil) {
		// Votes are worth less than answers: without the file the bot answers, buttonless.
		if err := a.openFeedback(); err != nil {
			a.log.Error("feedback: votes are off, answers carry no buttons", "err", err)
		}
	}
	if token := getenv("SLACK_BOT_TOKEN"); token != "" {
		cfg := a.cfg.Slack
		s, err := slack.New(slack.Config{
			BotToken:      token,
			AppToken:      getenv("SLACK_APP_TOKEN"),
			SigningSecret: getenv("SLACK_SIGNING_SECRET"),
			Mode:          cfg.Mode,
			Listen:        cfg.Listen,
			APIURL:        cfg.APIURL,
			Commands:      slack.Commands{Summary: cfg.Commands.Summary, Ask: cfg.Commands.Ask, Sources: cfg.Commands.Sources},
			MaxConcurrent: cfg.MaxConcurrent,
			Grace:         cfg.Grace,
			Store:         a.store,
			OnConnection:  a.onConnection("slack", health),

			PlaceholderDelay:  a.cfg.Chat.PlaceholderDelay,
			CommandsInChannel: a.cfg.Chat.CommandsInChannel,
			EditWindow:        a.cfg.Chat.EditWindow,
			Followed:          a.followedOn("slack"),
			MentionInThreads:  !cfg.ThreadFollowUps,
		}, a.bot("slack", true), a.log.With("platform", "slack"))
		if err != nil {
			return nil, err
		}
		health.Connection("slack", false)
		ps = append(ps, platform{"slack", s.Run})
	}
	if token := getenv("DISCORD_BOT_TOKEN"); token != "" {
		d, err := discord.New(discord.Config{
			Token:         token,
			APIURL:        a.cfg.Discord.APIURL,
			GuildIDs:      a.cfg.Discord.GuildIDs,
			ShardID:       a.cfg.Discord.ShardID,
			ShardCount:    a.cfg.Discord.ShardCount,
			MaxReplies:    a.cfg.Discord.MaxReplies,
			ShutdownGrace: a.cfg.Discord.Grace,
			Store:         a.store,
			OnConnection:  a.onConnection("discord", health),

			PlaceholderDelay:  a.cfg.Chat.PlaceholderDelay,
			CommandsInChannel: a.cfg.Chat.CommandsInChannel,
			EditWindow:        a.cfg.Chat.EditWindow,
			Followed:          a.followedOn("discord"),
		}, a.bot("discord", true), a.log.With("platform", "discord"))
		if err != nil {
			return nil, err
		}
		health.Connection("discord", false)
		ps = append(ps, platform{"discord", d.Run})
	}
	return ps, nil
}

// serve runs the platforms until ctx is done. A platform that stops with an error is
// logged while the others keep running; the errors are returned once all have stopped.
func (a *app) serve(ctx context.Context, ps []platform) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.log.Info("platform starting", "platform", p.name)
			err := p.run(ctx)
			if err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error("platform stopped", "platform", p.name, "err", err)
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			a.log.Info("platform stopped", "platform", p.name)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// followedOn returns where platform's questions are followed for edits: in Redis when the
// state is shared there, else nil, for the adapter's own memory.
func (a *app) followedOn(platform string) chat.Followed {
	if a.followed == nil {
		return nil
	}
	return a.followed(platform)
}
