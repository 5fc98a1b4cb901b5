package chat_test

import (
	"path/filepath"
	"testing"
	"time"

	"storybot/chat"
	"storybot/chat/storetest"
)

func TestLocalStore(t *testing.T) {
	storetest.Test(t, func(*testing.T) chat.Store { return chat.NewLocalStore(chat.LocalOptions{}) })
}

func TestFeedbackFileIsAFeedbackStore(t *testing.T) {
	storetest.Feedback(t, func(t *testing.T) chat.FeedbackStore {
		s, err := chat.OpenFeedbackFile(filepath.Join(t.TempDir(), "feedback.jsonl"), 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestAnsweredFollowed(t *testing.T) {
	storetest.Followed(t, func(t *testing.T) chat.Followed { return chat.NewAnswered(time.Minute, 0, nil) })
}
