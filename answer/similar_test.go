package answer

import "testing"

func TestSimilar(t *testing.T) {
	st := seedEngineT(t).corpusStats()
	for _, tc := range []struct {
		a, b string
		// same: cite both for one fact; repeat: never both in one reply.
		same, repeat bool
	}{
		{
			"Stoke Space, founded by former Blue Origin engineers, is developing a fully reusable rocket called Nova, which reports say is the same as what SpaceX wants to achieve.",
			"Stoke Space is currently developing Nova, a fully reusable rocket aimed at competing with systems like SpaceX’s Starship.",
			false, true,
		},
		{
			"Among the proposals was a multibillion-dollar sequence of equity investments from OpenAI that could eventually have given the company a controlling stake in Stoke.",
			"One of the negotiation proposals was for OpenAI to make a series of equity investments in Stoke, ultimately gaining a controlling stake.",
			false, true,
		},
		{
			"Nvidia's CFO stated this week that the company's $100 billion deal with OpenAI has not yet been finalized.",
			"Nvidia's CFO stated this week that the company's $100 billion deal with OpenAI has not yet been finalized.",
			true, true,
		},
		{
			"Stoke Space is currently developing Nova, a fully reusable rocket aimed at competing with systems like SpaceX’s Starship.",
			"Nvidia's CFO stated this week that the company's $100 billion deal with OpenAI has not yet been finalized.",
			false, false,
		},
		{
			"Altman has reportedly held discussions with several launch providers over the past year, including Washington-based Stoke Space, a startup founded by former Blue Origin engineers.",
			"As a result, OpenAI is delaying the launch of other products, including its advertising business, and encouraging employees to temporarily shift roles to focus on the chatbot.",
			false, false,
		},
		{
			"Musk has filed a lawsuit over OpenAI’s shift from a non-profit ideal to a for-profit corporation.",
			"Proponents of orbital data centers argue that this would allow businesses to harness solar energy for their power needs.",
			false, false,
		},
		{
			"OpenAI has signed up for billions of dollars in new commitments, despite offering little clarity on how it will finance a big build-out.",
			"Altman recently founded the brain-computer interface startup Merge Labs, competing with Musk's Neuralink, and OpenAI is also building a social network that could compete with X.",
			false, false,
		},
		{
			"Internally, tensions have also risen: earlier this week, Altman reportedly declared a company-wide “code red” after indications that ChatGPT was losing ground to Google’s Gemini, prompting teams to temporarily shift focus toward strengthening OpenAI’s flagship product.",
			"Earlier this week, Altman declared a company-wide “code red” after ChatGPT began losing ground to Google’s Gemini chatbot, prompting OpenAI to delay other launches and ask employees to shift teams to concentrate on improving its flagship product.",
			true, true,
		},
		{
			"The company was founded by former employees of Jeff Bezos's Blue Origin and is developing fully reusable rockets, which is also the goal SpaceX is striving to achieve.",
			"Stoke Space is a company founded by former engineers of Blue Origin (the space enterprise founded by Jeff Bezos) and is developing technology with the goal of making rockets fully reusable.",
			true, true,
		},
		// Sharing who reported it is not saying the same thing.
		{
			"According to The Wall Street Journal, Altman contacted Stoke Space last summer.",
			"This unconventional move signals his growing interest in advancing space-based infrastructure for artificial intelligence, according to new reporting from The Wall Street Journal.",
			false, false,
		},
	} {
		a, b := st.parse(tc.a), st.parse(tc.b)
		sim := st.similarity(&a, &b)
		if (sim >= sameThreshold) != tc.same || (sim >= repeatThreshold) != tc.repeat {
			t.Errorf("similarity(%q, %q) = %.2f; want same %v, repeat %v", tc.a, tc.b, sim, tc.same, tc.repeat)
		}
	}
}

// When several articles say the same thing, the answer quotes it once and cites each.
func TestEchoesCiteEveryArticle(t *testing.T) {
	e := seedEngineT(t)
	st := e.corpusStats()
	for i := range st.sents {
		for _, j := range st.echoes(i) {
			if st.sents[j].Doc == st.sents[i].Doc {
				t.Fatalf("echoes(%q) holds a sentence of its own article", st.sents[i].Text)
			}
			if !st.same(i, j) {
				t.Fatalf("echoes(%q) holds %q, which says something else", st.sents[i].Text, st.sents[j].Text)
			}
		}
	}
}
