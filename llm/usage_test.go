package llm_test

import (
	"sync"
	"testing"

	"storybot/llm"
	"storybot/llm/llmtest"
)

// Usage hears the tokens the server reports, plain or streamed; a stream asks for them
// only when someone listens.
func TestUsage(t *testing.T) {
	srv := llmtest.New(t, func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Text: reply} })
	var (
		mu                 sync.Mutex
		prompt, completion int
		calls              int
	)
	c := client(t, srv, func(c *llm.Config) {
		c.Usage = func(p, cmp int) {
			mu.Lock()
			defer mu.Unlock()
			prompt, completion, calls = prompt+p, completion+cmp, calls+1
		}
	})
	var col collector
	for _, onDelta := range []func(string){nil, col.add} {
		if _, err := c.Complete(deadline(t), "sys", "the user prompt", onDelta); err != nil {
			t.Fatal(err)
		}
	}
	// The fake counts a word as a token: "sys the user prompt" is 4, the reply 6.
	if calls != 2 || prompt != 8 || completion != 12 {
		t.Errorf("Usage heard %d calls, %d prompt and %d completion tokens; want 2, 8 and 12", calls, prompt, completion)
	}
	if r := srv.Requests(); !r[1].IncludeUsage {
		t.Errorf("the stream did not ask for usage")
	}
	if _, err := client(t, srv, nil).Complete(deadline(t), "sys", "user", col.add); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); r[2].IncludeUsage {
		t.Errorf("a stream nobody counts asked for usage")
	}
}
