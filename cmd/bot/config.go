package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"storybot/answer"
	"storybot/retrieval"
	"storybot/vector"
)

// config is the bot's configuration file. Every key is documented in config.example.yaml;
// secrets never live here, only the names of the environment variables that hold them.
type config struct {
	Corpus struct {
		Dir string `yaml:"dir"`
	} `yaml:"corpus"`
	Retrieval struct {
		K1 float64 `yaml:"k1"`
		B  float64 `yaml:"b"`
	} `yaml:"retrieval"`
	Answer struct {
		MaxQuotes int `yaml:"max_quotes"`
	} `yaml:"answer"`
	Chat struct {
		RatePerMinute int `yaml:"rate_per_minute"`
		MaxQuestion   int `yaml:"max_question"`
	} `yaml:"chat"`
	LLM struct {
		BaseURL     string        `yaml:"base_url"`
		Model       string        `yaml:"model"`
		APIKeyEnv   string        `yaml:"api_key_env"`
		Timeout     time.Duration `yaml:"timeout"`
		MaxTokens   int           `yaml:"max_tokens"`
		Temperature float64       `yaml:"temperature"`
		// ContextTokens bounds the passages of one prompt, in estimated tokens.
		ContextTokens int `yaml:"context_tokens"`
		// EmbeddingModel, when set, turns on hybrid retrieval for the LLM.
		EmbeddingModel   string        `yaml:"embedding_model"`
		EmbeddingTimeout time.Duration `yaml:"embedding_timeout"`
		// EmbeddingCache is the folder of the vector cache; empty: the user cache folder's.
		EmbeddingCache string `yaml:"embedding_cache"`
	} `yaml:"llm"`
	Slack struct {
		Mode     string `yaml:"mode"`
		Listen   string `yaml:"listen"`
		APIURL   string `yaml:"api_url"`
		Commands struct {
			Summary string `yaml:"summary"`
			Ask     string `yaml:"ask"`
			Sources string `yaml:"sources"`
		} `yaml:"commands"`
	} `yaml:"slack"`
	Discord struct {
		APIURL     string   `yaml:"api_url"`
		GuildIDs   []string `yaml:"guild_ids"`
		ShardID    int      `yaml:"shard_id"`
		ShardCount int      `yaml:"shard_count"`
	} `yaml:"discord"`
	State struct {
		RedisURL     string        `yaml:"redis_url"`
		RedisTimeout time.Duration `yaml:"redis_timeout"`
	} `yaml:"state"`
	Log struct {
		Level string `yaml:"level"`
	} `yaml:"log"`
}

// defaultConfig returns the configuration used when no file says otherwise.
func defaultConfig() config {
	var c config
	// The ranking the benchmarks measure is retrieval's default.
	ro := retrieval.DefaultOptions()
	c.Retrieval.K1 = ro.K1
	c.Retrieval.B = ro.B
	c.Answer.MaxQuotes = 3
	c.Chat.RatePerMinute = 10
	c.Chat.MaxQuestion = 2000
	c.LLM.Model = ""
	c.LLM.APIKeyEnv = "OPENAI_API_KEY"
	c.LLM.Timeout = 30 * time.Second
	c.LLM.MaxTokens = 800
	c.LLM.Temperature = 0.2
	c.LLM.ContextTokens = answer.DefaultContextTokens
	c.LLM.EmbeddingTimeout = vector.DefaultQueryTimeout
	c.Slack.Mode = "socket"
	c.Slack.Listen = ":3000"
	c.Slack.Commands.Summary = "/summary"
	c.Slack.Commands.Ask = "/ask"
	c.Slack.Commands.Sources = "/sources"
	c.Discord.GuildIDs = []string{}
	c.State.RedisTimeout = 300 * time.Millisecond
	c.Log.Level = "info"
	return c
}

// maxConfigSize bounds the configuration file; anything larger is surely not one.
const maxConfigSize = 1 << 20

// loadConfig reads the YAML file at path over the defaults; path "" means no file.
// Unknown keys are an error, so a typo cannot silently leave a default in place.
func loadConfig(path string) (config, error) {
	c := defaultConfig()
	if path == "" {
		return c, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return c, fmt.Errorf("config %q: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return c, fmt.Errorf("config %q: %w", path, err)
	}
	if len(b) > maxConfigSize {
		return c, fmt.Errorf("config %q: larger than %d bytes", path, maxConfigSize)
	}
	if err := parseConfig(b, &c); err != nil {
		return c, fmt.Errorf("config %q: %w", path, err)
	}
	return c, nil
}

// parseConfig decodes b over c and validates the result.
func parseConfig(b []byte, c *config) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return c.validate()
}

// validate reports the first setting that cannot work.
func (c *config) validate() error {
	switch {
	case c.Retrieval.K1 <= 0:
		return fmt.Errorf("retrieval.k1 is %v; it must be more than 0", c.Retrieval.K1)
	case c.Retrieval.B < 0 || c.Retrieval.B > 1:
		return fmt.Errorf("retrieval.b is %v; it must be between 0 and 1", c.Retrieval.B)
	case c.Answer.MaxQuotes < 1 || c.Answer.MaxQuotes > 3:
		return fmt.Errorf("answer.max_quotes is %d; it must be 1, 2 or 3", c.Answer.MaxQuotes)
	case c.Chat.RatePerMinute < 0:
		return fmt.Errorf("chat.rate_per_minute is %d; it must be 0 (unlimited) or more", c.Chat.RatePerMinute)
	case c.Chat.MaxQuestion < 1:
		return fmt.Errorf("chat.max_question is %d; it must be at least 1", c.Chat.MaxQuestion)
	case c.LLM.Timeout <= 0:
		return fmt.Errorf("llm.timeout is %v; it must be positive, e.g. 30s", c.LLM.Timeout)
	case c.LLM.MaxTokens < 1:
		return fmt.Errorf("llm.max_tokens is %d; it must be at least 1", c.LLM.MaxTokens)
	case c.LLM.Temperature < 0 || c.LLM.Temperature > 2:
		return fmt.Errorf("llm.temperature is %v; it must be between 0 and 2", c.LLM.Temperature)
	case c.LLM.ContextTokens < 100:
		return fmt.Errorf("llm.context_tokens is %d; it must be at least 100", c.LLM.ContextTokens)
	case c.LLM.EmbeddingTimeout <= 0:
		return fmt.Errorf("llm.embedding_timeout is %v; it must be positive, e.g. 2s", c.LLM.EmbeddingTimeout)
	case c.LLM.APIKeyEnv == "":
		return errors.New("llm.api_key_env is empty; name the environment variable that holds the key")
	}
	switch {
	case c.Discord.ShardCount < 0:
		return fmt.Errorf("discord.shard_count is %d; it must be 0 (as Discord recommends) or more", c.Discord.ShardCount)
	case c.Discord.ShardID < 0 || (c.Discord.ShardID > 0 && c.Discord.ShardID >= c.Discord.ShardCount):
		return fmt.Errorf("discord.shard_id is %d; it must be from 0 to discord.shard_count - 1", c.Discord.ShardID)
	case c.State.RedisTimeout <= 0:
		return fmt.Errorf("state.redis_timeout is %v; it must be positive, e.g. 300ms", c.State.RedisTimeout)
	}
	switch c.Slack.Mode {
	case "socket", "http":
	default:
		return fmt.Errorf("slack.mode is %q; it must be socket or http", c.Slack.Mode)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log.level is %q; it must be debug, info, warn or error", c.Log.Level)
	}
	return nil
}
