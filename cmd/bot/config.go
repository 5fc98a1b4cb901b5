package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"time"

	"storybot/answer"
	"storybot/chat"
	"storybot/llm"
	"storybot/retrieval"
	"storybot/vector"
)

// config is the bot's configuration. Every key is documented in config.example.yaml and
// can also be set from the environment (see settings.go); secrets never live here, only the
// names of the environment variables that hold them.
type config struct {
	Corpus struct {
		Dir   string `yaml:"dir"`
		Watch bool   `yaml:"watch"`
	} `yaml:"corpus"`
	Retrieval struct {
		K1 float64 `yaml:"k1"`
		B  float64 `yaml:"b"`
	} `yaml:"retrieval"`
	Answer struct {
		MaxQuotes int `yaml:"max_quotes"`
	} `yaml:"answer"`
	Chat struct {
		RatePerMinute     int           `yaml:"rate_per_minute"`
		MaxQuestion       int           `yaml:"max_question"`
		HistoryTurns      int           `yaml:"history_turns"`
		DedupeTTL         time.Duration `yaml:"dedupe_ttl"`
		PlaceholderDelay  time.Duration `yaml:"placeholder_delay"`
		CommandsInChannel bool          `yaml:"commands_in_channel"`
		EditWindow        time.Duration `yaml:"edit_window"`
	} `yaml:"chat"`
	Feedback struct {
		Path     string `yaml:"path"`
		MaxBytes int    `yaml:"max_bytes"`
	} `yaml:"feedback"`
	LLM struct {
		BaseURL     string        `yaml:"base_url"`
		Model       string        `yaml:"model"`
		APIKeyEnv   string        `yaml:"api_key_env"`
		Timeout     time.Duration `yaml:"timeout"`
		MaxTokens   int           `yaml:"max_tokens"`
		Temperature float64       `yaml:"temperature"`
		MaxRetries  int           `yaml:"max_retries"`
		// ContextTokens bounds the passages of one prompt, in estimated tokens.
		ContextTokens int `yaml:"context_tokens"`
		// EmbeddingModel, when set, turns on hybrid retrieval for the LLM.
		EmbeddingModel   string        `yaml:"embedding_model"`
		EmbeddingTimeout time.Duration `yaml:"embedding_timeout"`
		// EmbeddingCache is the folder of the vector cache; empty: the user cache folder's.
		EmbeddingCache string `yaml:"embedding_cache"`
	} `yaml:"llm"`
	Slack struct {
		Mode            string `yaml:"mode"`
		Listen          string `yaml:"listen"`
		APIURL          string `yaml:"api_url"`
		ThreadFollowUps bool   `yaml:"thread_follow_ups"`
		Commands        struct {
			Summary string `yaml:"summary"`
			Ask     string `yaml:"ask"`
			Sources string `yaml:"sources"`
		} `yaml:"commands"`
		MaxConcurrent int           `yaml:"max_concurrent"`
		Grace         time.Duration `yaml:"grace"`
	} `yaml:"slack"`
	Discord struct {
		APIURL     string        `yaml:"api_url"`
		GuildIDs   []string      `yaml:"guild_ids"`
		ShardID    int           `yaml:"shard_id"`
		ShardCount int           `yaml:"shard_count"`
		MaxReplies int           `yaml:"max_replies"`
		Grace      time.Duration `yaml:"grace"`
	} `yaml:"discord"`
	State struct {
		RedisURL     string        `yaml:"redis_url"`
		RedisTimeout time.Duration `yaml:"redis_timeout"`
	} `yaml:"state"`
	Log struct {
		Level  string `yaml:"level"`
		Format string `yaml:"format"`
	} `yaml:"log"`
	Ops struct {
		Listen string `yaml:"listen"`
	} `yaml:"ops"`
}

// defaultConfig returns the configuration used when no file or variable says otherwise.
func defaultConfig() config {
	var c config
	c.Corpus.Watch = true
	// The ranking the benchmarks measure is retrieval's default.
	ro := retrieval.DefaultOptions()
	c.Retrieval.K1 = ro.K1
	c.Retrieval.B = ro.B
	c.Answer.MaxQuotes = 3
	c.Chat.RatePerMinute = 10
	c.Chat.MaxQuestion = chat.DefaultMaxQuestion
	c.Chat.HistoryTurns = chat.DefaultHistoryTurns
	c.Chat.DedupeTTL = chat.ClaimTTL
	c.Chat.PlaceholderDelay = chat.DefaultPlaceholderDelay
	c.Chat.EditWindow = chat.DefaultEditWindow
	c.Feedback.Path = "feedback.jsonl"
	c.Feedback.MaxBytes = chat.DefaultFeedbackMaxBytes
	c.Slack.ThreadFollowUps = true
	c.LLM.Model = ""
	c.LLM.APIKeyEnv = "OPENAI_API_KEY"
	c.LLM.Timeout = llm.DefaultTimeout
	c.LLM.MaxTokens = llm.DefaultMaxTokens
	c.LLM.Temperature = 0.2
	c.LLM.MaxRetries = llm.DefaultMaxRetries
	c.LLM.ContextTokens = answer.DefaultContextTokens
	c.LLM.EmbeddingTimeout = vector.DefaultQueryTimeout
	c.Slack.Mode = "socket"
	c.Slack.Listen = ":3000"
	c.Slack.Commands.Summary = "/summary"
	c.Slack.Commands.Ask = "/ask"
	c.Slack.Commands.Sources = "/sources"
	c.Slack.MaxConcurrent = 8
	c.Slack.Grace = 10 * time.Second
	c.Discord.GuildIDs = []string{}
	c.Discord.MaxReplies = 8
	c.Discord.Grace = 10 * time.Second
	c.State.RedisTimeout = 300 * time.Millisecond
	c.Log.Level = "info"
	c.Log.Format = "text"
	return c
}

// maxConfigSize bounds the configuration file; anything larger is surely not one.
const maxConfigSize = 1 << 20

// loadConfig returns the defaults, overridden by the YAML file at path ("" means no
// file), overridden by the STORYBOT_* environment variables. Unknown keys are an error,
// so a typo cannot silently leave a default in place; an error names the key as written
// in the file, or the variable.
func loadConfig(path string, getenv func(string) string) (config, error) {
	c := defaultConfig()
	if path != "" {
		b, err := readConfig(path)
		if err != nil {
			return c, err
		}
		if err := decodeYAML(b, &c); err != nil {
			return c, fmt.Errorf("config %q: %w", path, err)
		}
	}
	fromEnv, err := applyEnv(&c, getenv)
	if err != nil {
		return c, err
	}
	if err := c.validate(); err != nil {
		var ke *keyError
		if errors.As(err, &ke) && fromEnv[ke.key] {
			return c, fmt.Errorf("%s (%s) %s", envName(ke.key), ke.key, ke.msg)
		}
		if path != "" {
			return c, fmt.Errorf("config %q: %w", path, err)
		}
		return c, err
	}
	return c, nil
}

// readConfig reads the file at path, refusing one too large to be a configuration.
func readConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config %q: %w", path, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("config %q is not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("config %q: %w", path, err)
	}
	if len(b) > maxConfigSize {
		return nil, fmt.Errorf("config %q: larger than %d bytes", path, maxConfigSize)
	}
	return b, nil
}

// parseConfig decodes b over c and validates the result.
func parseConfig(b []byte, c *config) error {
	if err := decodeYAML(b, c); err != nil {
		return err
	}
	return c.validate()
}

// keyError is a setting that cannot work, by its key.
type keyError struct {
	key string // as in the file: "chat.max_question"
	msg string // "is 0; it must be at least 1"
}

func (e *keyError) Error() string { return e.key + " " + e.msg }

func keyErrorf(key, format string, args ...any) error {
	return &keyError{key: key, msg: fmt.Sprintf(format, args...)}
}

// Upper bounds of the settings that size something in memory.
const (
	maxHistoryTurns = 20
	maxRetries      = 10
	maxConcurrency  = 1000
	maxK1           = 100
)

// validate reports the first setting that cannot work. Every float must be finite: NaN
// passes every comparison's negation, so it is checked first.
func (c *config) validate() error {
	for _, f := range []struct {
		key string
		v   float64
	}{{"retrieval.k1", c.Retrieval.K1}, {"retrieval.b", c.Retrieval.B}, {"llm.temperature", c.LLM.Temperature}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return keyErrorf(f.key, "is %v; it must be a finite number", f.v)
		}
	}
	switch {
	case c.Retrieval.K1 <= 0 || c.Retrieval.K1 > maxK1:
		return keyErrorf("retrieval.k1", "is %v; it must be more than 0 and at most %d", c.Retrieval.K1, maxK1)
	case c.Retrieval.B < 0 || c.Retrieval.B > 1:
		return keyErrorf("retrieval.b", "is %v; it must be between 0 and 1", c.Retrieval.B)
	case c.Answer.MaxQuotes < 1 || c.Answer.MaxQuotes > 3:
		return keyErrorf("answer.max_quotes", "is %d; it must be 1, 2 or 3", c.Answer.MaxQuotes)
	case c.Chat.RatePerMinute < 0:
		return keyErrorf("chat.rate_per_minute", "is %d; it must be 0 (unlimited) or more", c.Chat.RatePerMinute)
	case c.Chat.MaxQuestion < 1:
		return keyErrorf("chat.max_question", "is %d; it must be at least 1", c.Chat.MaxQuestion)
	case c.Chat.HistoryTurns < 1 || c.Chat.HistoryTurns > maxHistoryTurns:
		return keyErrorf("chat.history_turns", "is %d; it must be 1 to %d", c.Chat.HistoryTurns, maxHistoryTurns)
	case c.Chat.DedupeTTL <= 0:
		return keyErrorf("chat.dedupe_ttl", "is %v; it must be positive, e.g. 1h", c.Chat.DedupeTTL)
	case c.Chat.PlaceholderDelay <= 0:
		return keyErrorf("chat.placeholder_delay", "is %v; it must be positive, e.g. 700ms", c.Chat.PlaceholderDelay)
	case c.Chat.EditWindow <= 0:
		return keyErrorf("chat.edit_window", "is %v; it must be positive, e.g. 15m", c.Chat.EditWindow)
	case c.Feedback.MaxBytes < 4096:
		return keyErrorf("feedback.max_bytes", "is %d; it must be at least 4096", c.Feedback.MaxBytes)
	case c.LLM.Timeout <= 0:
		return keyErrorf("llm.timeout", "is %v; it must be positive, e.g. 30s", c.LLM.Timeout)
	case c.LLM.MaxTokens < 1:
		return keyErrorf("llm.max_tokens", "is %d; it must be at least 1", c.LLM.MaxTokens)
	case c.LLM.Temperature < 0 || c.LLM.Temperature > 2:
		return keyErrorf("llm.temperature", "is %v; it must be between 0 and 2", c.LLM.Temperature)
	case c.LLM.MaxRetries < 0 || c.LLM.MaxRetries > maxRetries:
		return keyErrorf("llm.max_retries", "is %d; it must be 0 to %d", c.LLM.MaxRetries, maxRetries)
	case c.LLM.ContextTokens < 100:
		return keyErrorf("llm.context_tokens", "is %d; it must be at least 100", c.LLM.ContextTokens)
	case c.LLM.EmbeddingTimeout <= 0:
		return keyErrorf("llm.embedding_timeout", "is %v; it must be positive, e.g. 2s", c.LLM.EmbeddingTimeout)
	case c.LLM.APIKeyEnv == "":
		return keyErrorf("llm.api_key_env", "is empty; name the environment variable that holds the key")
	case c.Slack.Mode != "socket" && c.Slack.Mode != "http":
		return keyErrorf("slack.mode", "is %q; it must be socket or http", c.Slack.Mode)
	case c.Slack.MaxConcurrent < 1 || c.Slack.MaxConcurrent > maxConcurrency:
		return keyErrorf("slack.max_concurrent", "is %d; it must be 1 to %d", c.Slack.MaxConcurrent, maxConcurrency)
	case c.Slack.Grace <= 0:
		return keyErrorf("slack.grace", "is %v; it must be positive, e.g. 10s", c.Slack.Grace)
	case c.Discord.MaxReplies < 1 || c.Discord.MaxReplies > maxConcurrency:
		return keyErrorf("discord.max_replies", "is %d; it must be 1 to %d", c.Discord.MaxReplies, maxConcurrency)
	case c.Discord.Grace <= 0:
		return keyErrorf("discord.grace", "is %v; it must be positive, e.g. 10s", c.Discord.Grace)
	case c.Discord.ShardCount < 0:
		return keyErrorf("discord.shard_count", "is %d; it must be 0 (as Discord recommends) or more", c.Discord.ShardCount)
	case c.Discord.ShardID < 0 || (c.Discord.ShardID > 0 && c.Discord.ShardID >= c.Discord.ShardCount):
		return keyErrorf("discord.shard_id", "is %d; it must be from 0 to discord.shard_count - 1", c.Discord.ShardID)
	case c.State.RedisTimeout <= 0:
		return keyErrorf("state.redis_timeout", "is %v; it must be positive, e.g. 300ms", c.State.RedisTimeout)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return keyErrorf("log.level", "is %q; it must be debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return keyErrorf("log.format", "is %q; it must be text or json", c.Log.Format)
	}
	if c.Ops.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Ops.Listen); err != nil {
			return keyErrorf("ops.listen", "is %q; it must be an address such as 127.0.0.1:9090, or empty for none", c.Ops.Listen)
		}
	}
	return nil
}
