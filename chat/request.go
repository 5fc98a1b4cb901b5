package chat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// Request identifies one message being answered in the logs: every line logged while
// answering it carries its ID and platform (the logger's handler reads them from the
// context; see RequestFrom).
type Request struct {
	// ID is unique to the message: the platform's event id, or one NewRequestID made.
	ID string
	// Platform names where the message came from.
	Platform string
}

type requestKey struct{}

// WithRequest returns ctx carrying r. An adapter that logs about a message before and
// after Handle calls it first, so that its own lines carry the same request id.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the Request ctx carries, if any.
func RequestFrom(ctx context.Context) (Request, bool) {
	r, ok := ctx.Value(requestKey{}).(Request)
	return r, ok
}

// NewRequestID returns a fresh random request id of 16 hex digits.
func NewRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
