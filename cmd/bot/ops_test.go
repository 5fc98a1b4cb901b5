package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"storybot/slack/fakeslack"
)

// bot serve with ops.listen (set from the environment) serves /healthz, /readyz and
// /metrics: ready once Slack is connected, and a question counted once it is answered.
// Every log line of the answer carries its request id and platform.
func TestServeOpsEndpoints(t *testing.T) {
	fake := fakeslack.New(t, 50*time.Millisecond)
	env := map[string]string{
		"SLACK_BOT_TOKEN": fakeslack.BotToken, "SLACK_APP_TOKEN": fakeslack.AppToken,
		"STORYBOT_SLACK_API_URL": fake.APIURL, "STORYBOT_OPS_LISTEN": "127.0.0.1:0",
		"STORYBOT_LOG_LEVEL": "debug", "STORYBOT_LOG_FORMAT": "json",
		"STORYBOT_FEEDBACK_PATH": filepath.Join(t.TempDir(), "feedback.jsonl"),
	}
	s := startServe([]string{"serve"}, env)
	defer s.cancel()
	stderr := &s.stderr
	addr := regexp.MustCompile(`"msg":"ops: serving[^\n]*"addr":"([^"]+)"`)
	waitFor(t, "the ops address in the log", func() bool { return addr.MatchString(stderr.String()) })
	base := "http://" + addr.FindStringSubmatch(stderr.String())[1]

	if code, body := httpGet(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q; want 200 ok", code, body)
	}
	waitFor(t, "/readyz to say ready", func() bool { code, _ := httpGet(t, base+"/readyz"); return code == 200 })

	const question = "Who founded Stoke Space?"
	ts := fake.AddMessage(fakeslack.Message{Channel: "C1", User: "U1", Text: "<@" + fakeslack.BotUserID + "> " + question})
	event := map[string]any{"type": "app_mention", "user": "U1", "text": "<@" + fakeslack.BotUserID + "> " + question, "ts": ts, "channel": "C1", "event_ts": ts}
	if err := fake.Send(fakeslack.EventEnvelope("E1", "Ev1", event, 0)); err != nil {
		t.Fatal(err)
	}
	const series = `storybot_questions_total{mode="quotes",outcome="answered",platform="slack"} 1`
	waitFor(t, "the answer to be counted", func() bool { _, body := httpGet(t, base+"/metrics"); return strings.Contains(body, series) })
	_, metrics := httpGet(t, base+"/metrics")
	for _, want := range []string{`storybot_articles_indexed 5`, `storybot_platform_connected{platform="slack"} 1`, `storybot_answer_duration_seconds_bucket`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, "U1") || strings.Contains(metrics, "Stoke") {
		t.Errorf("/metrics holds a user id or message text:\n%s", metrics)
	}

	s.stop(t)
	replied := regexp.MustCompile(`\{[^\n]*"msg":"chat: replied"[^\n]*\}`).FindString(stderr.String())
	if !strings.Contains(replied, `"request_id":"`) || !strings.Contains(replied, `"platform":"slack"`) || !strings.Contains(replied, `"kind":"answer"`) {
		t.Errorf("the answer's log line lacks its request id, platform or kind by name: %s", replied)
	}
	id := regexp.MustCompile(`"request_id":"([0-9a-f]+)"`).FindStringSubmatch(replied)
	answered := regexp.MustCompile(`\{[^\n]*"msg":"slack: answered"[^\n]*\}`).FindString(stderr.String())
	if id == nil || !strings.Contains(answered, `"request_id":"`+id[1]+`"`) {
		t.Errorf("the adapter's line about the same answer lacks its request id %v: %s", id, answered)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
