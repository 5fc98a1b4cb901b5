package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot/chat"
)

// longAnswer is a reply of about n bytes: paragraphs of cited sentences.
func longAnswer(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Sentence number %d says something about the rocket maker and its plans. [%d] ", i, i%3+1)
		if i%9 == 0 {
			b.WriteString("\n\n")
		}
	}
	return strings.TrimSpace(b.String())
}

func TestLongAnswerIsSplitUnderTheLimit(t *testing.T) {
	t.Parallel()
	text := longAnswer(4500)
	h := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply {
		return chat.Reply{Kind: chat.AnswerReply, Markdown: text}
	})
	r := start(t, h, Config{})
	r.send(userMessage("7001", "70", guildID, "<@"+botID+"> tell me everything"))
	r.f.current().dispatch("INTERACTION_CREATE", slashCommand("7002", "70", guildID, "summary"))

	check := func(name string, reqs []request) {
		t.Helper()
		var joined []string
		for _, req := range reqs {
			checkNoPings(t, req)
			s := payload(t, req)
			if n := len([]rune(s.Content)); n == 0 || n >= MaxMessage {
				t.Errorf("%s: a piece has %d characters; want 1 to %d", name, n, MaxMessage-1)
			}
			if !citationsKept(s.Content) {
				t.Errorf("%s: a piece starts with a citation marker, cut from its sentence: %.40q", name, s.Content)
			}
			joined = append(joined, s.Content)
		}
		if len(reqs) < 3 {
			t.Errorf("%s: %d pieces for %d bytes; want at least 3", name, len(reqs), len(text))
		}
		if strings.Join(strings.Fields(strings.Join(joined, " ")), " ") != strings.Join(strings.Fields(text), " ") {
			t.Errorf("%s: the pieces do not add up to the answer", name)
		}
	}
	posts := r.f.waitReqs("POST", "/channels/70/messages", 3)
	check("message", posts)
	for _, p := range posts {
		if s := payload(t, p); s.Reference == nil || s.Reference.MessageID != "7001" {
			t.Errorf("a piece does not reply to the question: %+v", s.Reference)
		}
	}
	edit := r.f.waitReqs("PATCH", "/webhooks/"+appID+"/tok-7002/messages/@original", 1)
	follow := r.f.waitReqs("POST", "/webhooks/"+appID+"/tok-7002", 2)
	check("slash command", append(edit[len(edit)-1:], follow...))
}

// citationsKept reports whether piece starts with text rather than a citation marker.
func citationsKept(piece string) bool {
	return !strings.HasPrefix(strings.TrimSpace(piece), "[")
}

func TestRateLimitedChannelDoesNotStallOthers(t *testing.T) {
	t.Parallel()
	h := handlerFunc(func(_ context.Context, m chat.Message, _ func(string)) chat.Reply {
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "An answer. [1]"}
	})
	f := newFake(t)
	var limited atomic.Int32
	f.respond = func(r request) (int, string, http.Header, bool) {
		if r.Method == "POST" && r.Path == "/channels/81/messages" && limited.Add(1) == 1 {
			h := http.Header{}
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset-After", "1")
			h.Set("X-RateLimit-Bucket", "slow")
			return http.StatusTooManyRequests, `{"message": "You are being rate limited.", "retry_after": 1, "global": false}`, h, true
		}
		return 0, "", nil, false
	}
	r := startOn(t, f, h, Config{})
	f.waitReqs("PUT", "/applications/", 1)
	r.send(userMessage("8001", "81", guildID, "<@"+botID+"> first"))
	f.waitReqs("POST", "/channels/81/messages", 1)
	r.send(userMessage("8002", "82", guildID, "<@"+botID+"> second"))
	other := f.waitReqs("POST", "/channels/82/messages", 1)
	posts := f.waitReqs("POST", "/channels/81/messages", 2)
	if before(posts[1], other[0]) {
		t.Errorf("the reply in another channel waited for the rate-limited one")
	}
	if s := payload(t, posts[1]); s.Content != "An answer. [1]" {
		t.Errorf("after the 429 the retry posted %q; want the answer", s.Content)
	}
	if got := f.reqs("POST", "/channels/81/messages"); len(got) != 2 {
		t.Errorf("%d posts to the rate-limited channel; want 2 (the 429, then the answer)", len(got))
	}
}

func TestFailedPostBecomesAnApology(t *testing.T) {
	t.Parallel()
	h := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply {
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "An answer. [1]"}
	})
	f := newFake(t)
	var calls atomic.Int32
	f.respond = func(r request) (int, string, http.Header, bool) {
		if r.Method == "POST" && r.Path == "/channels/83/messages" && calls.Add(1) == 1 {
			return http.StatusInternalServerError, `{"message": "500: Internal Server Error", "code": 0}`, nil, true
		}
		return 0, "", nil, false
	}
	r := startOn(t, f, h, Config{})
	f.waitReqs("PUT", "/applications/", 1)
	r.send(userMessage("8301", "83", guildID, "<@"+botID+"> hello"))
	posts := f.waitReqs("POST", "/channels/83/messages", 2)
	if s := payload(t, posts[1]); s.Content != apology {
		t.Errorf("after a failed post the bot posted %q; want the apology", s.Content)
	}
}

func TestPanickingHandlerBecomesAnApology(t *testing.T) {
	t.Parallel()
	h := handlerFunc(func(context.Context, chat.Message, func(string)) chat.Reply { panic("boom") })
	r := start(t, h, Config{})
	r.f.current().dispatch("INTERACTION_CREATE", slashCommand("8401", "84", guildID, "summary"))
	edits := r.f.waitReqs("PATCH", "/webhooks/"+appID+"/tok-8401/messages/@original", 1)
	if s := payload(t, edits[0]); s.Content != apology {
		t.Errorf("after a failure the response reads %q; want the apology", s.Content)
	}
}

func TestProgressEditsAPlaceholderAtMostEveryInterval(t *testing.T) {
	t.Parallel()
	h := handlerFunc(func(ctx context.Context, _ chat.Message, progress func(string)) chat.Reply {
		text := ""
		for i := 0; i < 40; i++ {
			text += fmt.Sprintf("Word%d ", i)
			progress(text)
			time.Sleep(5 * time.Millisecond)
		}
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "The final answer. [1]"}
	})
	r := start(t, h, Config{})
	r.send(userMessage("8501", "85", guildID, "<@"+botID+"> go"))
	// The last edit is the final answer; the placeholder was posted once and edited.
	deadline := time.Now().Add(5 * time.Second)
	for {
		edits := r.f.reqs("PATCH", "/channels/85/messages/")
		if len(edits) > 0 && payload(t, edits[len(edits)-1]).Content == "The final answer. [1]" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the placeholder was not edited into the answer: %v", r.f.summary())
		}
		time.Sleep(5 * time.Millisecond)
	}
	posts := r.f.reqs("POST", "/channels/85/messages")
	edits := r.f.reqs("PATCH", "/channels/85/messages/")
	if len(posts) != 1 {
		t.Errorf("%d messages posted; want 1 placeholder edited into the answer", len(posts))
	}
	// Every show of progress but the final edit comes at least editEvery after the last.
	shows := append(posts, edits[:len(edits)-1]...)
	if len(shows) >= 40 {
		t.Errorf("%d shows of progress for 40 updates; want fewer, at most one per %v", len(shows), r.a.editEvery)
	}
	for i := 1; i < len(shows); i++ {
		if gap := shows[i].At.Sub(shows[i-1].At); gap < r.a.editEvery*2/3 {
			t.Errorf("shows %d and %d of progress %v apart; want about %v at least", i, i+1, gap, r.a.editEvery)
		}
	}
	for _, req := range append(posts, edits...) {
		checkNoPings(t, req)
	}
	if s := payload(t, posts[0]); !strings.HasSuffix(s.Content, "…") {
		t.Errorf("placeholder %q does not show it is still growing", s.Content)
	}
}

func TestShutdownFinishesAnswersInFlight(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, _ chat.Message, _ func(string)) chat.Reply {
		close(started)
		select {
		case <-time.After(300 * time.Millisecond):
		case <-ctx.Done():
			return chat.Reply{Kind: chat.NoticeReply, Markdown: "cancelled"}
		}
		return chat.Reply{Kind: chat.AnswerReply, Markdown: "Finished after shutdown began. [1]"}
	})
	r := start(t, h, Config{})
	r.send(userMessage("9001", "90", guildID, "<@"+botID+"> slow question"))
	<-started
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v; want nil after a clean shutdown", err)
	}
	posts := r.f.reqs("POST", "/channels/90/messages")
	if len(posts) != 1 || payload(t, posts[0]).Content != "Finished after shutdown began. [1]" {
		t.Errorf("replies after shutdown: %v; want the finished answer", posts)
	}
}

func TestShutdownGraceIsBounded(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	cancelled := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, _ chat.Message, _ func(string)) chat.Reply {
		close(started)
		<-ctx.Done()
		close(cancelled)
		return chat.Reply{Kind: chat.NoticeReply, Markdown: "cancelled"}
	})
	r := start(t, h, Config{ShutdownGrace: 100 * time.Millisecond})
	r.send(userMessage("9101", "91", guildID, "<@"+botID+"> endless question"))
	<-started
	began := time.Now()
	if err := r.stop(t); err != nil {
		t.Fatalf("Run = %v; want nil", err)
	}
	// Closing the gateway takes discordgo a second; the grace adds 100ms.
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("Run took %v to return; want the grace period bounded", took)
	}
	select {
	case <-cancelled:
	default:
		t.Errorf("the reply in flight was not cancelled after the grace period")
	}
}

func TestDisallowedIntentsSayWhatToSwitchOn(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.closeIdentify = closeDisallowedIntents
	r := startOn(t, f, &recorder{next: realBot()}, Config{})
	err := r.wait(t)
	if !errors.Is(err, ErrDisallowedIntents) || !strings.Contains(err.Error(), "Message Content") {
		t.Errorf("Run = %v; want ErrDisallowedIntents naming the Message Content intent", err)
	}
	ids := f.gatewayOps(2)
	if len(ids) != 1 {
		t.Fatalf("%d IDENTIFY payloads; want 1", len(ids))
	}
	if !strings.Contains(string(ids[0].D), fmt.Sprintf(`"intents":%d`, Intents)) {
		t.Errorf("IDENTIFY = %s; want intents %d", ids[0].D, Intents)
	}
}

func TestBadTokenSaysSo(t *testing.T) {
	t.Parallel()
	t.Run("REST", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		r := startOn(t, f, &recorder{next: realBot()}, Config{Token: "Bot not-the-token"})
		if err := r.wait(t); !errors.Is(err, ErrBadToken) || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
			t.Errorf("Run = %v; want ErrBadToken naming DISCORD_BOT_TOKEN", err)
		}
	})
	t.Run("gateway", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		f.closeIdentify = closeAuthenticationFailed
		r := startOn(t, f, &recorder{next: realBot()}, Config{})
		if err := r.wait(t); !errors.Is(err, ErrBadToken) {
			t.Errorf("Run = %v; want ErrBadToken", err)
		}
		if logs := r.logs.String(); strings.Contains(logs, "test-token") {
			t.Errorf("logs hold the token:\n%s", logs)
		}
	})
}

func TestStopWhileConnecting(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.silent = true
	r := startOn(t, f, &recorder{next: realBot()}, Config{})
	deadline := time.Now().Add(5 * time.Second)
	for len(f.gatewayOps(2)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not identify")
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.cancel()
	select {
	case err := <-r.errc:
		r.errc <- err
		if err != nil {
			t.Errorf("Run = %v; want nil when stopped while connecting", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return while the gateway never sent READY")
	}
}

// A bot started while Discord is down comes up when Discord does, instead of exiting.
func TestConnectRetriesUntilDiscordAnswers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var mu sync.Mutex
	failures := 0
	f.respond = func(r request) (int, string, http.Header, bool) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasPrefix(r.Path, "/gateway") && failures < 3 {
			failures++
			return http.StatusInternalServerError, `{"message": "down", "code": 0}`, nil, true
		}
		return 0, "", nil, false
	}
	r := startOn(t, f, &recorder{next: realBot()}, Config{})
	f.waitReqs("PUT", "/applications/", 1)
	if n := len(f.reqs("GET", "/gateway")); n < 4 {
		t.Errorf("%d gateway look-ups; want the 3 failures and a success", n)
	}
	if logs := r.logs.String(); !strings.Contains(logs, "trying again") {
		t.Errorf("logs do not say the bot is trying again:\n%s", logs)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("Run = %v after a late start; want nil", err)
	}
}
