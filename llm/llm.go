// Package llm talks to a language model through any OpenAI-compatible chat completions API
// (OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio). It is the only package of ours
// that knows github.com/sashabaranov/go-openai; everything else sees answer.Completer.
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// The defaults of a Config's zero fields.
const (
	// DefaultModel answers when Config.Model is empty and the server is OpenAI's.
	DefaultModel = "gpt-4o-mini"
	// DefaultTimeout bounds one Complete call, retries included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxTokens bounds the length of one completion.
	DefaultMaxTokens = 800
	// DefaultMaxRetries is how many times a 429 or 5xx is retried.
	DefaultMaxRetries = 2
	// DefaultRetryBackoff is the first retry's wait; each retry doubles it, with jitter.
	DefaultRetryBackoff = 500 * time.Millisecond
	// OpenAIBaseURL is the API's address when no base URL is set.
	OpenAIBaseURL = "https://api.openai.com/v1"
)

// Config says which model to ask and how patiently. The zero value of every field but
// APIKey and BaseURL means its default.
type Config struct {
	// BaseURL is the API's root, ending in /v1 for most servers, e.g.
	// "http://localhost:11434/v1" for Ollama; OpenAIBaseURL when empty.
	BaseURL string
	// Model names the model; DefaultModel when empty on OpenAI's server. Other servers
	// need it set.
	Model string
	// APIKey authenticates with the server; local servers usually need none.
	APIKey string
	// Timeout bounds one Complete call, retries included; DefaultTimeout when zero.
	Timeout time.Duration
	// MaxTokens bounds one completion; DefaultMaxTokens when zero.
	MaxTokens int
	// Temperature is the sampling temperature, 0 to 2; zero leaves it to the server.
	// Reasoning models (o1, o3, o4, gpt-5…) accept only their own, so it is not sent to them.
	Temperature float32
	// MaxRetries is how many times a 429 or 5xx is retried; DefaultMaxRetries when zero,
	// none when negative.
	MaxRetries int
	// RetryBackoff is the first retry's wait before jitter; DefaultRetryBackoff when zero.
	RetryBackoff time.Duration
	// HTTPClient sends the requests; a plain http.Client when nil.
	HTTPClient *http.Client
	// Usage, when set, receives the tokens of each completion the server reports them
	// for; streams then ask for them (stream_options.include_usage).
	Usage func(prompt, completion int)
}

// LogValue keeps the API key out of every log line that prints a Config.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", redact(c.BaseURL)), slog.String("model", c.Model),
		slog.Bool("api_key_set", c.APIKey != ""), slog.Duration("timeout", c.Timeout),
		slog.Int("max_tokens", c.MaxTokens), slog.String("temperature", strconv.FormatFloat(float64(c.Temperature), 'g', -1, 32)),
		slog.Int("max_retries", c.MaxRetries),
	)
}

// redact hides a password written into a URL.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}

// FromEnv completes cfg from the environment the way OpenAI's official SDKs do, and reports
// whether the LLM is on. The API key is read from the variable named keyEnv
// (OPENAI_API_KEY when keyEnv is empty) unless cfg.APIKey is already set; the base URL from
// OPENAI_BASE_URL unless cfg.BaseURL (the config file's llm.base_url) is already set. The
// LLM is on when, after that, an API key or a base URL is set: a key alone means OpenAI's
// own API, a base URL alone a local server such as Ollama that needs no key.
func FromEnv(cfg Config, keyEnv string, getenv func(string) string) (Config, bool) {
	if keyEnv == "" {
		keyEnv = "OPENAI_API_KEY"
	}
	if cfg.APIKey == "" {
		cfg.APIKey = strings.TrimSpace(getenv(keyEnv))
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = strings.TrimSpace(getenv("OPENAI_BASE_URL"))
	}
	return cfg, cfg.APIKey != "" || cfg.BaseURL != ""
}

// Client is a language model behind an OpenAI-compatible API. It implements
// answer.Completer and is safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
	log  *slog.Logger
	// where names the server in errors, without any password in its URL.
	where string
}

// New checks cfg, fills in its defaults and returns a Client. It makes no request.
func New(cfg Config, logger *slog.Logger) (*Client, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = OpenAIBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("llm base URL %q: want an http or https URL such as http://localhost:11434/v1", redact(cfg.BaseURL))
	}
	if cfg.Model == "" {
		if !official(cfg.BaseURL) {
			return nil, fmt.Errorf("llm model: the server at %s needs a model name (llm.model)", redact(cfg.BaseURL))
		}
		cfg.Model = DefaultModel
	}
	switch {
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("llm timeout %v: want a positive duration", cfg.Timeout)
	case cfg.Timeout == 0:
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.MaxTokens < 0:
		return nil, fmt.Errorf("llm max tokens %d: want a positive number", cfg.MaxTokens)
	case cfg.MaxTokens == 0:
		cfg.MaxTokens = DefaultMaxTokens
	}
	if cfg.Temperature < 0 || cfg.Temperature > 2 {
		return nil, fmt.Errorf("llm temperature %g: want 0 to 2", cfg.Temperature)
	}
	switch {
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = DefaultRetryBackoff
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{cfg: cfg, http: hc, log: logger, where: redact(cfg.BaseURL)}, nil
}

// Model returns the name of the model the client asks.
func (c *Client) Model() string { return c.cfg.Model }

// The ways a completion fails after the server accepted the request.
var (
	// ErrTruncated means the model stopped at the token limit: the text is cut short.
	ErrTruncated = errors.New("the completion was cut short at the token limit")
	// ErrIncomplete means a stream ended without saying why it finished.
	ErrIncomplete = errors.New("the stream ended before the completion finished")
	// ErrEmpty means the model returned no text.
	ErrEmpty = errors.New("the completion is empty")
	// ErrRefused means the model or server refused to answer (content filter, refusal).
	ErrRefused = errors.New("the model refused to answer")
)

// Complete asks the model for the reply to the system and user prompts and returns its
// whole text. With onDelta set it streams, passing each piece of text as it arrives; a
// stream that fails or ends early is an error even after pieces were passed on, so the
// caller must not trust them alone. 429s and 5xx are retried with backoff until a piece has
// been passed on, all within ctx and the configured timeout.
func (c *Client) Complete(ctx context.Context, system, user string, onDelta func(string)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req := c.request(system, user)
	for attempt := 0; ; attempt++ {
		start := time.Now()
		text, sent, retryAfter, err := c.once(ctx, req, onDelta)
		if err == nil {
			c.log.DebugContext(ctx, "llm completion", "model", c.cfg.Model, "attempt", attempt+1,
				"stream", onDelta != nil, "chars", len(text), "took", time.Since(start))
			return text, nil
		}
		status := statusOf(err)
		if sent || attempt >= c.cfg.MaxRetries || !retryable(status) {
			return "", fmt.Errorf("ask %s at %s: %w", c.cfg.Model, c.where, err)
		}
		wait := backoff(c.cfg.RetryBackoff, attempt, retryAfter)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return "", fmt.Errorf("ask %s at %s: no time left to retry after %d: %w", c.cfg.Model, c.where, status, err)
		}
		c.log.WarnContext(ctx, "llm request failed; retrying", "model", c.cfg.Model, "status", status,
			"attempt", attempt+1, "wait", wait)
		if err := sleep(ctx, wait); err != nil {
			return "", fmt.Errorf("ask %s at %s: waiting to retry: %w", c.cfg.Model, c.where, err)
		}
	}
}

// request builds the chat completion request for the prompts.
func (c *Client) request(system, user string) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: c.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
	}
	// OpenAI itself wants max_completion_tokens (its reasoning models refuse max_tokens);
	// compatible servers know only max_tokens.
	if official(c.cfg.BaseURL) || reasoning(c.cfg.Model) {
		req.MaxCompletionTokens = c.cfg.MaxTokens
	} else {
		req.MaxTokens = c.cfg.MaxTokens
	}
	if !reasoning(c.cfg.Model) {
		req.Temperature = c.cfg.Temperature
	}
	return req
}

// once makes one attempt: it reports the text, whether any of it was passed to onDelta,
// the server's Retry-After (zero when none) and the error.
func (c *Client) once(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string)) (text string, sent bool, retryAfter time.Duration, err error) {
	doer := &doer{client: c.http, auth: c.cfg.APIKey != ""}
	oc := openai.DefaultConfig(c.cfg.APIKey)
	oc.BaseURL = c.cfg.BaseURL
	oc.HTTPClient = doer
	api := openai.NewClientWithConfig(oc)
	var usage *openai.Usage
	if onDelta == nil {
		text, usage, err = complete(ctx, api, req)
	} else {
		if c.cfg.Usage != nil {
			req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
		}
		text, sent, usage, err = stream(ctx, api, req, onDelta)
	}
	if usage != nil && c.cfg.Usage != nil {
		c.cfg.Usage(usage.PromptTokens, usage.CompletionTokens)
	}
	return text, sent, doer.retryAfter(), err
}

// complete asks for the whole reply in one response. It reports the tokens used when
// the server says, whether or not the reply is usable.
func complete(ctx context.Context, api *openai.Client, req openai.ChatCompletionRequest) (string, *openai.Usage, error) {
	resp, err := api.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", nil, err
	}
	text, err := reply(resp)
	return text, &resp.Usage, err
}

// reply returns the text of a whole response, or why it has none.
func reply(resp openai.ChatCompletionResponse) (string, error) {
	if len(resp.Choices) == 0 {
		return "", ErrEmpty
	}
	ch := resp.Choices[0]
	// A whole JSON response cannot be cut off in transit, so a missing finish reason
	// (some compatible servers send none) is accepted here, unlike in a stream.
	if err := finished(ch.FinishReason, true); err != nil {
		return "", err
	}
	if ch.Message.Refusal != "" {
		return "", ErrRefused
	}
	if strings.TrimSpace(ch.Message.Content) == "" {
		return "", ErrEmpty
	}
	return ch.Message.Content, nil
}

// finished turns a finish reason into an error unless the model stopped by itself.
func finished(r openai.FinishReason, missingOK bool) error {
	switch r {
	case openai.FinishReasonStop:
		return nil
	case "", openai.FinishReasonNull:
		if missingOK {
			return nil
		}
		return ErrIncomplete
	case openai.FinishReasonLength:
		return ErrTruncated
	case openai.FinishReasonContentFilter:
		return ErrRefused
	default:
		return fmt.Errorf("the model finished with %q instead of text", r)
	}
}

// official reports whether baseURL is OpenAI's own API.
func official(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

// reasoning reports whether model is one of OpenAI's reasoning models, which take no
// temperature and no max_tokens.
func reasoning(model string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(model, p) {
			return true
		}
	}
	return false
}
