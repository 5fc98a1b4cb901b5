package chat_test

import (
	"fmt"

	"storybot/chat"
)

func ExampleNeutralize() {
	fmt.Printf("%+q\n", chat.Neutralize("Tell @everyone in <!channel> and <@U123>; mail ops@here.com"))
	// Output: "Tell @\u200beveryone in \u2039!channel\u203a and \u2039@U123\u203a; mail ops@here.com"
}

func ExampleSplit() {
	for _, piece := range chat.Split("Acme bought Widget Co. [1] The price was not disclosed. [2]", 32) {
		fmt.Println(piece)
	}
	// Output:
	// Acme bought Widget Co. [1]
	// The price was not disclosed. [2]
}

func ExampleParse() {
	cmd, arg := chat.Parse("/ask   Who founded\nit?")
	fmt.Printf("%v %q\n", cmd, arg)
	cmd, arg = chat.Parse("sources?")
	fmt.Printf("%v %q\n", cmd, arg)
	// Output:
	// /ask "Who founded it?"
	// /sources ""
}
