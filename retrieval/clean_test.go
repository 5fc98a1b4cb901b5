package retrieval

import (
	"strings"
	"testing"

	"storybot/seeds"
)

func TestCleanDropsBoilerplate(t *testing.T) {
	tests := []struct {
		name, line string
	}{
		{"phone label", "TEL:"},
		{"phone number", "18117862238"},
		{"phone with plus", "+1 (212) 555-0100"},
		{"email", "Email:someone@example.com"},
		{"address", "Address:20th floor, Some Tower, Tech Zone, Chengdu"},
		{"copyright", "Copyright © 2021 example.com All Rights Reserved"},
		{"licence number", "Copyright: Example capital 粤ICP备2022003949号-1"},
		{"disclaimer heading", "Risk Warning and Disclaimer"},
		{"investment disclaimer", "The market has risks, and investment requires caution. This article does not constitute personal investment advice."},
		{"third-party disclaimer", "This page may contain third-party content, which is provided for information purposes only and should not be considered as an endorsement of its views."},
		{"breadcrumb", "Home > MarketWatch > Industry News"},
		{"view original", "View Original"},
		{"links", "LINKS"},
		{"promo", "CLICK HERE TO DOWNLOAD THE FOX NEWS APP"},
		{"related headline", "WHAT AI’S INSATIABLE APPETITE FOR POWER MEANS FOR OUR FUTURE"},
		{"image", "26378446-ZSgvwM.jpg?auth_key=1765727999-"},
		{"url", "https://example.com/news/2025/12/rocket"},
		{"section number", "02"},
		{"meta time", "Time:2025-12-12"},
		{"date line", "December 3, 2025 10:02 AM ET"},
		{"share", "Share this article"},
		{"sign up", "Sign up for our newsletter"},
		{"newsletter with a period", "Sign up for our newsletter."},
		{"updated", "Updated 3 hours ago"},
		{"credits", "(Reporting by Jane Doe; Editing by Mark Potter)"},
		{"footer links", "Terms of Use | Privacy Policy | Contact Us"},
		{"markdown image", "![rocket](https://example.com/img/rocket.jpg)"},
		{"advertisement", "Advertisement"},
		{"byline", "By Jane Doe and John Roe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Altman met the board on Monday.\n" + tt.line + "\nThe board agreed."
			var got []string
			for _, b := range Clean(text) {
				got = append(got, text[b.Start:b.End])
			}
			if len(got) != 2 || got[0] != "Altman met the board on Monday." || got[1] != "The board agreed." {
				t.Errorf("Clean kept %q; want only the two body lines", got)
			}
		})
	}
}

func TestCleanKeepsContent(t *testing.T) {
	tests := []struct {
		name, line string
		headline   bool
	}{
		{"sentence", "The company was founded by former engineers of Blue Origin.", false},
		{"short sentence", "FOX Business has reached out to OpenAI for comment.", false},
		{"labelled sentence", "Jingtai's view: Controlling an immature rocket company is a bet.", false},
		{"bullet", "  • Rocket Sector: SpaceX currently dominates the global launch market;", false},
		{"headline", "Grand Vision for Space Data Centers", true},
		{"marked headline", "| OpenAI is too ambitious, where does the money come from?", true},
		{"copyright law", "The court ruled that copying the code was fair use under copyright law, a decision that software makers had long awaited and that the industry will study for years to come, lawyers said on Monday after the hearing.", false},
		{"comparison", "Revenue grew 20% in 2024 while costs fell, the company said.", false},
		{"reporting in the body", "The story was based on reporting by the Journal.", false},
		{"sign up in the body", "Customers can sign up for the service next year.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := Clean(tt.line)
			if len(blocks) != 1 {
				t.Fatalf("Clean(%q) = %d blocks; want 1", tt.line, len(blocks))
			}
			b := blocks[0]
			if got := tt.line[b.Start:b.End]; !strings.Contains(tt.line, got) || len(got) < len(tt.line)/2 {
				t.Errorf("Clean(%q) kept %q", tt.line, got)
			}
			if b.Headline != tt.headline {
				t.Errorf("Clean(%q).Headline = %v; want %v", tt.line, b.Headline, tt.headline)
			}
		})
	}
}

func TestCleanBulletAndHeadingMarks(t *testing.T) {
	text := "  • Rocket Sector: SpaceX leads;\n|Launch an all-out competition"
	blocks := Clean(text)
	if len(blocks) != 2 {
		t.Fatalf("Clean = %d blocks; want 2", len(blocks))
	}
	if got := text[blocks[0].Start:blocks[0].End]; got != "Rocket Sector: SpaceX leads;" {
		t.Errorf("bullet = %q; want it without its mark", got)
	}
	if got := text[blocks[1].Start:blocks[1].End]; got != "Launch an all-out competition" || !blocks[1].Headline {
		t.Errorf("heading = %q (headline %v); want it without its mark, as a headline", got, blocks[1].Headline)
	}
}

func TestCleanRepeatedArticle(t *testing.T) {
	body := "Stoke Space is developing a reusable rocket.\nOpenAI considered an investment."
	text := body + "\nView Original\nThis page may contain third-party content, provided for information purposes only, not an endorsement.\nA Headline Here\n" + body
	var got []string
	for _, b := range Clean(text) {
		got = append(got, text[b.Start:b.End])
	}
	want := []string{"Stoke Space is developing a reusable rocket.", "OpenAI considered an investment.", "A Headline Here"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Clean = %q; want %q", got, want)
	}
}

func TestCleanWrappedParagraph(t *testing.T) {
	text := "The company said on Monday that it\nwould build a new rocket.\nA second paragraph starts."
	blocks := Clean(text)
	if len(blocks) != 2 {
		t.Fatalf("Clean = %d blocks; want 2", len(blocks))
	}
	if got := text[blocks[0].Start:blocks[0].End]; got != "The company said on Monday that it\nwould build a new rocket." {
		t.Errorf("first block = %q; want the wrapped paragraph whole", got)
	}
}

// TestCleanSeeds checks the real boilerplate of the story's articles is gone and the
// articles' content is kept once.
func TestCleanSeeds(t *testing.T) {
	var content strings.Builder
	for _, d := range seeds.Embedded() {
		for _, b := range Clean(d.Text) {
			content.WriteString(d.Text[b.Start:b.End])
			content.WriteString("\n")
		}
	}
	got := content.String()
	for _, junk := range []string{
		"TEL:", "18117862238", "Email:", "Copyright", "Disclaimer", "does not constitute",
		"third-party content", "View Original", "LINKS", "CLICK HERE", "Home >", ".jpg",
		"Time:2025", "INSATIABLE", "\n01\n",
	} {
		if strings.Contains(got, junk) {
			t.Errorf("cleaned seeds still hold %q", junk)
		}
	}
	for _, keep := range []string{
		"Jingtai's view", "founded by former engineers of Blue Origin",
		"FOX Business has reached out to OpenAI for comment.", "Rocket Sector:",
	} {
		if !strings.Contains(got, keep) {
			t.Errorf("cleaned seeds lost %q", keep)
		}
	}
	const repeated = "The conflict between the two extends beyond business."
	if n := strings.Count(got, repeated); n != 1 {
		t.Errorf("repeated paragraph kept %d times; want 1", n)
	}
}

func FuzzClean(f *testing.F) {
	for _, d := range seeds.Embedded() {
		f.Add(d.Text[:min(len(d.Text), 600)])
	}
	f.Add("\xff\n• \n| x\n01\n\n")
	f.Fuzz(func(t *testing.T, text string) {
		blocks := Clean(text)
		spans := make([]Span, len(blocks))
		for i, b := range blocks {
			spans[i] = b.Span
		}
		checkSpans(t, text, spans)
	})
}
