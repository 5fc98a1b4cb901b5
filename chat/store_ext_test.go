package chat_test

import (
	"testing"

	"storybot/chat"
	"storybot/chat/storetest"
)

func TestLocalStore(t *testing.T) {
	storetest.Test(t, func(*testing.T) chat.Store { return chat.NewLocalStore(chat.LocalOptions{}) })
}
