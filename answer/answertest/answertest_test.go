package answertest

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	qs, err := Parse(strings.NewReader("# comment\n\ncovered | Who founded Stoke? | Blue Origin / engineers\nuncovered | Who is Stoke's CEO? | -\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Kind != "covered" || len(qs[0].Evidence) != 2 || qs[1].Answered() {
		t.Fatalf("Parse = %+v; want a covered question with two evidences and an uncovered one", qs)
	}
	if !qs[0].Holds("founded by former BLUE ORIGIN staff") || qs[0].Holds("founded by Musk") {
		t.Errorf("Holds does not match the evidence regardless of case, or matches without it")
	}
	for _, bad := range []string{"covered | no evidence", "covered | | x", " | q | x", "a | b | c | d"} {
		if _, err := Parse(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("Parse(%q) = %v; want an error naming line 1", bad, err)
		}
	}
}
