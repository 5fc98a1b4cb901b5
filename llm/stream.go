package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// stream asks for the reply as server-sent events, passing each piece of text to onDelta.
// It reports whether any piece was passed on. Only a stream that ends with a finish
// reason of "stop" succeeds: go-openai reports a body that simply stops, without
// "data: [DONE]", as the same io.EOF as a proper end, so the finish reason is the proof
// that the reply is whole.
// The tokens used come with the last chunk when the server sends them.
func stream(ctx context.Context, api *openai.Client, req openai.ChatCompletionRequest, onDelta func(string)) (text string, sent bool, usage *openai.Usage, err error) {
	s, err := api.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", false, nil, err
	}
	defer s.Close()
	var (
		b      strings.Builder
		reason openai.FinishReason
	)
	for {
		resp, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", sent, usage, fmt.Errorf("read stream: %w", err)
		}
		if resp.Usage != nil {
			usage = resp.Usage
		}
		if len(resp.Choices) == 0 {
			// Usage and keep-alive chunks carry no choice.
			continue
		}
		ch := resp.Choices[0]
		if ch.Delta.Refusal != "" {
			return "", sent, usage, ErrRefused
		}
		if d := ch.Delta.Content; d != "" {
			b.WriteString(d)
			onDelta(d)
			sent = true
		}
		if ch.FinishReason != "" && ch.FinishReason != openai.FinishReasonNull {
			reason = ch.FinishReason
		}
	}
	if err := finished(reason, false); err != nil {
		return "", sent, usage, err
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", sent, usage, ErrEmpty
	}
	return b.String(), sent, usage, nil
}
