package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandHelp is each command's synopsis and what it does, for 'bot COMMAND -h'.
var commandHelp = map[string]string{
	"bot": "",
	"serve": `Usage: bot serve [--config FILE] [--corpus DIR]

Runs every platform whose credentials are in the environment (SLACK_BOT_TOKEN with
SLACK_APP_TOKEN or SLACK_SIGNING_SECRET; DISCORD_BOT_TOKEN) until SIGTERM or Ctrl-C,
finishing the replies in flight; with none, the terminal chat. With ops.listen set it serves
/healthz, /readyz and /metrics. A --corpus folder is reloaded when it changes and on SIGHUP.`,
	"chat": `Usage: bot chat [--config FILE] [--corpus DIR]

The terminal chat: type a question, /summary, /sources or /help; /quit or Ctrl-D leaves.
On a terminal the line can be edited and the up and down arrows recall earlier lines.`,
	"ask": `Usage: bot ask [--json] [--config FILE] [--corpus DIR] [QUESTION]

Answers QUESTION; with none, one question per line of standard input, one answer (one
JSON object with --json) per line.`,
	"summary": `Usage: bot summary [--json] [--config FILE] [--corpus DIR]

Tells the story in five to eight cited bullets.`,
	"sources": `Usage: bot sources [--json] [--config FILE] [--corpus DIR]

Lists the articles the bot answers from.`,
	"feedback": `Usage: bot feedback [--json] [--top N] [--config FILE]

Reports the 👍/👎 votes on answers in Slack and Discord, read from feedback.path, or
from Redis when state.redis_url or REDIS_URL is set: the counts, per platform, and the N
answers with the most 👎 with their citations.`,
	"version": `Usage: bot version

Prints the version, commit and commit date this binary was built from (also: bot --version).`,
}

// printHelp prints the help of fs's command to w: the whole usage for bot itself, else
// the command's text and its flags.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	text := commandHelp[fs.Name()]
	if text == "" {
		fmt.Fprint(w, usageText)
		return
	}
	fmt.Fprintf(w, "%s\n\nFlags:\n", text)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// usageText is what 'bot help' and 'bot -h' print.
var usageText = strings.TrimLeft(`
Usage: bot [--config FILE] [--corpus DIR] [command] [flags]

storybot answers questions about a news story from its articles: verbatim quotes with
citations, or, with an LLM configured, short answers in its own words, every claim cited.

Commands:
  serve                 run every platform whose credentials are in the environment
                        (SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET;
                        DISCORD_BOT_TOKEN); with none, the terminal chat. The default.
  chat                  the terminal chat: type a question, or /help
  ask [--json] [QUESTION]
                        answer one question; with no QUESTION, one question per line from
                        standard input, one answer (one JSON object with --json) per line
  summary [--json]      the story in five to eight cited bullets
  sources [--json]      the articles the bot answers from
  feedback [--json] [--top N]
                        the 👍/👎 votes on answers in Slack and Discord (feedback.path or Redis):
                        counts, and the N answers with the most 👎 (10 by default)
  version               the version, commit and commit date of this build (or --version)
  help                  this text; 'bot COMMAND -h' shows a command's own flags

Flags for every command:
  --config FILE         YAML configuration (every key is in config.example.yaml)
  --corpus DIR          answer from this folder of .txt/.md articles instead of the
                        embedded story (an optional manifest.yaml gives titles, outlets, dates)

Environment:
  OPENAI_API_KEY, OPENAI_BASE_URL   turn on LLM answers (any OpenAI-compatible API)
  SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, DISCORD_BOT_TOKEN
  REDIS_URL                         share state between copies of serve (state.redis_url)
  STORYBOT_<SECTION>_<KEY>          any configuration key, over the file: for example
                                    STORYBOT_LLM_MODEL, STORYBOT_OPS_LISTEN
`, "\n")
