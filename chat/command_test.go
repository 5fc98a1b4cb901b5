package chat

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  plain  ", "plain"},
		{"a\tb\n\nc\r\nd", "a b c d"},
		{"bell\x07 and\x00 nul", "bell and nul"},
		{"esc\x1b[31mred", "esc[31mred"},
		{"bad \xff\xfe utf8", "bad \uFFFD utf8"},
		{"nb\u00a0space\u2003em", "nb space em"},
		{"rtl \u202eevil\u202c", "rtl evil"},
		{"zero\u200bwidth\ufeff", "zerowidth"},
		{"joiner 👩\u200d💻 keeps", "joiner 👩\u200d💻 keeps"},
		{"\u0085next line", "next line"},
		{"Qu'est-ce que c'est ?", "Qu'est-ce que c'est ?"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in  string
		cmd Command
		arg string
	}{
		{"What is Stoke building?", AskCommand, "What is Stoke building?"},
		{"  what\nis\tit  ", AskCommand, "what is it"},
		{"/ask Who founded it?", AskCommand, "Who founded it?"},
		{"/ASK   spaced  out ", AskCommand, "spaced out"},
		{"/ask: with colon", AskCommand, "with colon"},
		{"/ask", AskCommand, ""},
		{"/ask   ", AskCommand, ""},
		{"", AskCommand, ""},
		{"/summary", SummaryCommand, ""},
		{"/Summary please", SummaryCommand, ""},
		{"/summarize", SummaryCommand, ""},
		{"/sources", SourcesCommand, ""},
		{"/help", HelpCommand, ""},
		{"/help me", HelpCommand, ""},
		{"help", HelpCommand, ""},
		{"Help?", HelpCommand, ""},
		{"sources", SourcesCommand, ""},
		{"SUMMARY!", SummaryCommand, ""},
		{"hi", HelpCommand, ""},
		{"summary of the talks", AskCommand, "summary of the talks"},
		{"help me understand the deal", AskCommand, "help me understand the deal"},
		{"ask", AskCommand, "ask"},
		{"/foo bar", UnknownCommand, "/foo"},
		{"/Weather", UnknownCommand, "/Weather"},
		{"/" + strings.Repeat("x", 100), UnknownCommand, "/" + strings.Repeat("x", maxCommandName) + "…"},
		{"/usr/bin is a path", AskCommand, "/usr/bin is a path"},
		{"/ what", AskCommand, "/ what"},
		{"/", AskCommand, "/"},
		{"/über", AskCommand, "/über"},
		{", /summary", SummaryCommand, ""},
		{": what is it", AskCommand, "what is it"},
		{"<@U0BOT> /summary", SummaryCommand, ""},
		{"<@!123>, <@456>: who?", AskCommand, "who?"},
		{"<@U0BOT>", AskCommand, ""},
		{"who is <@U1>?", AskCommand, "who is <@U1>?"},
		{"<@ U1> hi", AskCommand, "<@ U1> hi"},
		{"/ask\x00 nul\xffbyte", AskCommand, "nul\uFFFDbyte"},
		{"/sum\u200bmary", SummaryCommand, ""},
	}
	for _, tt := range tests {
		cmd, arg := Parse(tt.in)
		if cmd != tt.cmd || arg != tt.arg {
			t.Errorf("Parse(%q) = %v, %q; want %v, %q", tt.in, cmd, arg, tt.cmd, tt.arg)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/ask who?", "/summary", "help", "/x\xff", "  \u202e/help", ", :/ask:  q", "/" + strings.Repeat("a", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, arg := Parse(s)
		if cmd < AskCommand || cmd > UnknownCommand {
			t.Fatalf("Parse(%q) = command %d, out of range", s, cmd)
		}
		if !utf8.ValidString(arg) {
			t.Errorf("Parse(%q) = %v, %q: invalid UTF-8", s, cmd, arg)
		}
		if arg != strings.TrimSpace(arg) || strings.Contains(arg, "  ") {
			t.Errorf("Parse(%q) = %v, %q: white space not collapsed", s, cmd, arg)
		}
		if i := strings.IndexFunc(arg, func(r rune) bool { return unicode.IsControl(r) || r == '\u202e' }); i >= 0 {
			t.Errorf("Parse(%q) = %v, %q: control character at %d", s, cmd, arg, i)
		}
		if cmd != AskCommand && cmd != UnknownCommand && arg != "" {
			t.Errorf("Parse(%q) = %v, %q: argument of a command that takes none", s, cmd, arg)
		}
		if cmd == UnknownCommand && (!strings.HasPrefix(arg, "/") || len(arg) > 1+maxCommandName+len("…")) {
			t.Errorf("Parse(%q) = unknown %q: not a short /name", s, arg)
		}
	})
}

func TestNames(t *testing.T) {
	if got := fmt.Sprint(SummaryReply, " ", Kind(42), " ", HelpCommand, " ", Command(9)); got != "summary Kind(42) /help Command(9)" {
		t.Errorf("names = %q", got)
	}
}
