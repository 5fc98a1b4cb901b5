package slack

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestMrkdwn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"**bold** and __bold__", "*bold* and *bold*"},
		{"*italic* and _italic_", "_italic_ and _italic_"},
		{"~~gone~~", "~gone~"},
		{"snake_case_name and 2*3*4", "snake_case_name and 2*3*4"},
		{"a * b * c", "a * b * c"},
		{"[Reuters](https://example.com/a?b=1&c=2)", "<https://example.com/a?b=1&amp;c=2|Reuters>"},
		{"[**Title**](https://example.com)", "<https://example.com|Title>"},
		{"[a|b](https://example.com)", "<https://example.com|a¦b>"},
		{"[x](javascript:alert(1))", "x (javascript:alert(1))"},
		{"[x](<!channel>)", "x (&lt;!channel&gt;)"},
		{"<https://example.com>", "<https://example.com>"},
		{"Tom & Jerry <b> 1 > 0", "Tom &amp; Jerry &lt;b&gt; 1 &gt; 0"},
		{"> quoted [1]", "> quoted [1]"},
		{"> > nested", "> nested"},
		{"- one\n- two", "• one\n• two"},
		{"  * nested", "  • nested"},
		{"1. first", "1. first"},
		{"## Sources", "*Sources*"},
		{"# **Bold** heading #", "*Bold heading*"},
		{"`a <b> & **c**`", "`a &lt;b&gt; &amp; **c**`"},
		{"```\nx < y\n**not bold**\n```", "```\nx &lt; y\n**not bold**\n```"},
		{"[1] and [2][3]", "[1] and [2][3]"},
		{"unclosed **bold", "unclosed **bold"},
		{"[dangling](", "[dangling]("},
	} {
		if got := mrkdwn(tc.in); got != tc.want {
			t.Errorf("mrkdwn(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderNeverPings(t *testing.T) {
	for _, in := range []string{
		"@here @channel @everyone",
		"<!here> <!channel> <!everyone> <!subteam^S123|team>",
		"<@U123> <@W123|bob> <#C123|general>",
		"[click](https://x.com/<!channel>)",
		"&lt;!channel&gt;",
		"[@here](https://example.com)",
	} {
		for _, p := range render(in) {
			checkNoPing(t, p)
		}
	}
}

func TestRenderSplitsLongReplies(t *testing.T) {
	para := strings.Repeat("Stoke Space builds a fully reusable rocket & more [1]. ", 40)
	md := strings.TrimSpace(strings.Repeat(para+"\n\n", 8))
	pieces := render(md)
	if len(pieces) < 2 {
		t.Fatalf("render of %d bytes gave %d pieces; want it split", len(md), len(pieces))
	}
	var total int
	for i, p := range pieces {
		if len(p) > mrkdwnPiece {
			t.Errorf("piece %d is %d bytes; want at most %d", i, len(p), mrkdwnPiece)
		}
		if strings.HasPrefix(p, "[") {
			t.Errorf("piece %d starts with a citation marker cut from its sentence: %.40q", i, p)
		}
		total += strings.Count(p, "&amp;")
	}
	if want := strings.Count(md, "&"); total != want {
		t.Errorf("pieces hold %d escaped ampersands; want %d (nothing lost)", total, want)
	}
	huge := render(strings.Repeat("word ", 100000))
	if len(huge) != maxPieces || !strings.HasSuffix(huge[len(huge)-1], "_(reply cut short)_") {
		t.Errorf("a runaway reply gave %d pieces; want %d, the last saying it was cut", len(huge), maxPieces)
	}
}

// TestRenderGolden renders the Markdown replies in testdata/*.md; -update rewrites the
// .golden files.
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.md: %v", err)
	}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(render(string(in)), "\n----- next message -----\n") + "\n"
		golden := strings.TrimSuffix(f, ".md") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if got != string(want) {
			t.Errorf("render(%s) =\n%s\nwant\n%s", f, got, want)
		}
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"**b** [t](https://x.y/z?a=1&b=2) <!here> <@U1> `c` > q\n- l",
		"[a](b)[c](https://d)**e**__f__~~g~~",
		"```\n<x>\n```", "\xff\xfe", strings.Repeat("é", 2000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		for _, p := range render(md) {
			if len(p) > mrkdwnPiece+len("\n_(reply cut short)_") {
				t.Fatalf("piece of %d bytes", len(p))
			}
			if utf8.ValidString(md) && !utf8.ValidString(p) {
				t.Fatalf("render(%q) gave invalid UTF-8 %q", md, p)
			}
			// Every "<" left opens a link to a web or mail address.
			for i := strings.IndexByte(p, '<'); i >= 0; i = strings.IndexByte(p, '<') {
				p = p[i+1:]
				if !strings.HasPrefix(p, "http://") && !strings.HasPrefix(p, "https://") && !strings.HasPrefix(p, "mailto:") {
					t.Fatalf("render(%q) left markup <%.20s", md, p)
				}
			}
		}
	})
}

func BenchmarkRender(b *testing.B) {
	md, err := os.ReadFile("testdata/long.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		render(string(md))
	}
}
