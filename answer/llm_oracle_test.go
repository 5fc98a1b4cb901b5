package answer_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"storybot"
	"storybot/answer"
	"storybot/llm/llmtest"
	"storybot/retrieval"
	"storybot/seeds"
)

// readerQuestion is a question a reader might ask about the story, with a few words that
// any right answer holds, as the articles write them; fact is "" when the articles do not
// answer it.
type readerQuestion struct {
	q, fact string
}

// tunedQuestions are the reader questions looked at while building the LLM route.
var tunedQuestions = []readerQuestion{
	{"Are the talks still active?", "no longer active"},
	{"Did Musk sue OpenAI?", "filed a lawsuit"},
	{"Who started Stoke Space?", "former Blue Origin engineers"},
	{"Why does Altman want to put computers in orbit?", "solar energy"},
	{"When did Altman first reach out to the rocket maker?", "last summer"},
	{"How much money might OpenAI put in?", "billions of dollars"},
	{"What emergency did Altman declare inside the company?", "code red"},
	{"Which chatbot is ChatGPT losing ground to?", "Gemini"},
	{"What AI company did Musk set up on his own?", "xAI"},
	{"When was OpenAI co-founded?", "2015"},
	{"What brain-computer startup is Altman behind?", "Merge Labs"},
	{"Where is the rocket startup based?", "Washington-based"},
	{"How long does making a new rocket usually take?", "a decade"},
	{"How much did Oracle's stock drop?", "19%"},
	{"What is the name of Stoke's rocket?", "Nova"},
	{"Who won the 2018 World Cup?", ""},
	{"How many employees does Stoke Space have?", ""},
	{"What is Sam Altman's salary?", ""},
}

// heldOutQuestions were written with the tuned ones and never looked at while building:
// paraphrases in readers' words and questions the articles do not answer.
var heldOutQuestions = []readerQuestion{
	{"How far did Nvidia's share price fall?", "13%"},
	{"Which deal between Nvidia and OpenAI is still not final?", "$100 billion"},
	{"How much has OpenAI promised to spend overall?", "$600 billion"},
	{"Who was Altman speaking to when he mentioned a Dyson sphere?", "Theo Von"},
	{"Which satellite firm is teaming up with Google?", "Planet Labs"},
	{"In what year will Google's prototype satellites go up?", "2027"},
	{"What SpaceX vehicle is Nova compared with?", "Starship"},
	{"Name another company challenging SpaceX besides Stoke.", "Rocket Lab"},
	{"How long after co-founding did Musk walk away from OpenAI?", "three years later"},
	{"Which Google boss shares the space data center idea?", "Sundar Pichai"},
	{"What did OpenAI put off because of the emergency?", "delay other launches"},
	{"What would the partnership have given Altman in the launch business?", "significant shortcut"},
	{"Is OpenAI making something that rivals X?", "social network"},
	{"Whose company did Stoke's founders work for before?", "Jeff Bezos"},
	{"Is the rocket plan paused?", "on hold"},
	{"What did Altman predict about data centers and the planet?", "data centers will cover the world"},
	{"What happened to Oracle and Nvidia stock right after the announcements?", "soared"},
	{"Why are people scrutinising OpenAI right now?", "aggressive expansion"},
	{"What did the two men argue about publicly?", "broken founding promises"},
	{"How did the negotiations change in the autumn?", "heated up"},
	{"What hardware will Google's test satellites carry?", "AI chips"},
	{"What change at OpenAI is Musk's legal case about?", "for-profit"},
	{"What does Jingtai think of the deal?", "betting the life of aerospace"},
	{"Which newspaper first reported the talks?", "Wall Street Journal"},
	{"What did Apple say about the rocket deal?", ""},
	{"When will Nova first fly to Mars?", ""},
	{"Who is the chief executive of Stoke Space?", ""},
	{"Which bank advised OpenAI on the talks?", ""},
	{"What will a ticket on a Stoke rocket cost?", ""},
}

// oracleQuestion finds the reader's question in a prompt.
var oracleQuestion = regexp.MustCompile(`(?s)<question>\n(.*?)\n</question>`)

// oracleReply is a model that answers perfectly from the passages it is given: the
// sentence of the first passage that holds the fact, cited; the not-covered reply when
// no passage holds it.
func oracleReply(t *testing.T, facts map[string]string, r llmtest.Request) llmtest.Reply {
	return oracleReplyWith(t, facts, r, func(s string) string { return s })
}

// oracleReplyWith is oracleReply whose sentence is reworded by say first.
func oracleReplyWith(t *testing.T, facts map[string]string, r llmtest.Request, say func(string) string) llmtest.Reply {
	m := oracleQuestion.FindStringSubmatch(r.User)
	if m == nil {
		t.Errorf("the prompt has no question:\n%s", r.User)
		return llmtest.Reply{Status: 400}
	}
	fact := facts[m[1]]
	for i, p := range llmPassages(t, r.User) {
		if s := sentenceHolding(p, fact); fact != "" && s != "" {
			return llmtest.Reply{Text: fmt.Sprintf("%s [%d]", say(s), i+1)}
		}
	}
	return llmtest.Reply{Text: "The articles don't say."}
}

// sentenceHolding returns the sentence of text that holds fact, or "".
func sentenceHolding(text, fact string) string {
	i := strings.Index(strings.ToLower(text), strings.ToLower(fact))
	if i < 0 {
		return ""
	}
	start := 0
	for _, sep := range []string{". ", "\n", "? ", "! "} {
		if j := strings.LastIndex(text[:i], sep); j >= 0 && j+len(sep) > start {
			start = j + len(sep)
		}
	}
	end := len(text)
	for _, sep := range []string{". ", "\n", "? ", "! "} {
		if j := strings.Index(text[i:], sep); j >= 0 && i+j+1 < end {
			end = i + j + 1
		}
	}
	return strings.TrimSpace(text[start:end])
}

// askOracle asks every question of qs of an engine whose model is the oracle, and
// returns how many answerable ones came back as checked LLM answers holding their fact,
// and how many answerable ones there were. Unanswerable ones must end as not covered.
func askOracle(t *testing.T, qs []readerQuestion, say func(string) string) (right, answerable int) {
	facts := map[string]string{}
	for _, q := range qs {
		facts[q.q] = q.fact
	}
	f := llmSetup(t, func(_ int, r llmtest.Request) llmtest.Reply { return oracleReplyWith(t, facts, r, say) })
	for _, q := range qs {
		a := f.eng.Ask(llmWithin(t), q.q, nil, nil)
		llmTrustworthy(t, f.eng, a)
		if q.fact == "" {
			if a.Found || a.Text != answer.NotFound {
				t.Errorf("Ask(%q) = %+v; want not covered", q.q, a)
			}
			continue
		}
		answerable++
		if a.Found && a.Mode == storybot.ModeLLM && a.Note == "" && strings.Contains(strings.ToLower(a.Text), strings.ToLower(say(q.fact))) {
			right++
			continue
		}
		t.Logf("Ask(%q) = mode %s, found %v, note %q: %q; want %q", q.q, a.Mode, a.Found, a.Note, a.Text, q.fact)
	}
	return right, answerable
}

// A model that answers perfectly from its passages yields checked LLM answers holding
// the fact for at least 95% of answerable reader questions, and "not covered" for the
// others: the answering passage is in the prompt, and a true sentence passes the checks.
func TestAskLLMOracle(t *testing.T) {
	for name, qs := range map[string][]readerQuestion{"tuned": tunedQuestions, "held out": heldOutQuestions} {
		for how, say := range map[string]func(string) string{"verbatim": func(s string) string { return s }, "reworded": reword} {
			name := name + ", " + how
			t.Run(name, func(t *testing.T) {
				right, n := askOracle(t, qs, say)
				t.Logf("%s: %d of %d answerable questions answered by the LLM with the fact", name, right, n)
				if right*100 < 95*n {
					t.Errorf("%s: %d of %d answerable questions answered with the fact; want at least 95%%", name, right, n)
				}
			})
		}
	}
}

// rewordings are how a model writes a passage's figures and dates in its own words.
var rewordings = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(\d)%`), "$1 percent"},
	{regexp.MustCompile(`\$(\d+) billion`), "$1 billion dollars"},
	{regexp.MustCompile(`\b2015\b`), "the year 2015"},
	{regexp.MustCompile(`\bDecember (\d)`), "Dec. $1"},
	{regexp.MustCompile(`\bthree\b`), "3"},
	{regexp.MustCompile(`\bten\b`), "10"},
	{regexp.MustCompile(`\bhas been\b`), "was"},
	{regexp.MustCompile(`\bcompany\b`), "firm"},
}

// reword rewrites a sentence as a model answering in its own words might: figures, dates
// and a few words in other forms.
func reword(s string) string {
	for _, r := range rewordings {
		s = r.re.ReplaceAllString(s, r.with)
	}
	return s
}

// Context recall: the passage that answers a reader's question is in the prompt, for
// every answerable question, tuned and held out.
func TestContextRecall(t *testing.T) {
	eng := answer.New(retrieval.New(seeds.Embedded(), retrieval.DefaultOptions()), answer.Options{})
	in, n := 0, 0
	for _, q := range append(append([]readerQuestion(nil), tunedQuestions...), heldOutQuestions...) {
		if q.fact == "" {
			continue
		}
		n++
		for _, p := range eng.Context(llmWithin(t), q.q) {
			if strings.Contains(strings.ToLower(p.Text), strings.ToLower(q.fact)) {
				in++
				break
			}
		}
	}
	t.Logf("context recall at the default budget: %d of %d", in, n)
	if in != n {
		t.Errorf("the answering passage is in the prompt for %d of %d answerable questions; want all", in, n)
	}
}
