package console_test

import (
	"context"
	"os"
	"strings"

	"storybot/answer"
	"storybot/chat"
	"storybot/console"
	"storybot/retrieval"
	"storybot/seeds"
)

func ExampleRun() {
	ix := retrieval.New(seeds.Embedded(), retrieval.DefaultOptions())
	bot := chat.New(answer.New(ix, answer.Options{}), chat.Options{})
	in := strings.NewReader("/weather\n/ask\n")
	console.Run(context.Background(), bot, in, os.Stdout, console.Options{Quiet: true})
	// Output:
	// I don't know the command /weather. Try /help to see what I can do, or just write your question.
	//
	// What would you like to know about the story? Write your question, on its own or after /ask, or try /summary for the whole story. /help lists everything I can do.
}
