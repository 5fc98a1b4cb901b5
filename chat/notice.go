package chat

import (
	"fmt"
	"time"
)

// The notices that are always the same.
const (
	noticeEmpty  = "What would you like to know about the story? Write your question, on its own or after /ask, or try /summary for the whole story. /help lists everything I can do."
	noticeFailed = "Sorry, something went wrong while I was answering. Please try again."
)

// tooLong tells the user a question of n bytes is over the limit of max bytes.
func tooLong(n, max int) string {
	return fmt.Sprintf("That question is too long for me (%s bytes; I take up to %s). Please shorten it and ask again.",
		thousands(n), thousands(max))
}

// slowDown tells the user to wait before asking again.
func slowDown(wait time.Duration) string {
	return fmt.Sprintf("You're sending messages faster than I can answer. Please wait %s and try again.", waitText(wait))
}

// unknownCommand tells the user the bot does not know the command cmd.
func unknownCommand(cmd string) string {
	return fmt.Sprintf("I don't know the command %s. Try /help to see what I can do, or just write your question.", cmd)
}

// waitText says how long d is, rounded up to whole seconds or minutes.
func waitText(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	switch {
	case s <= 1:
		return "a second"
	case s < 90:
		return fmt.Sprintf("%d seconds", s)
	default:
		return fmt.Sprintf("%d minutes", (s+59)/60)
	}
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
