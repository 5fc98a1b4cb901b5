package answer

import (
	"slices"
	"testing"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     answerKind
	}{
		{"Who founded Stoke Space?", kindName},
		{"What rocket is Stoke building?", kindName},
		{"How much revenue does OpenAI expect?", kindNumber},
		{"How many companies are in the portfolio?", kindNumber},
		{"When did Altman contact Stoke?", kindTime},
		{"What year was OpenAI founded?", kindTime},
		{"Where is Stoke Space based?", kindPlace},
		{"Where do the talks stand?", kindStatus},
		{"What is the status of the deal?", kindStatus},
		{"Why are OpenAI's finances questioned?", kindReason},
		{"What is Merge Labs?", kindAny},
	} {
		if got := kindOf(tc.question); got != tc.want {
			t.Errorf("kindOf(%q) = %d; want %d", tc.question, got, tc.want)
		}
	}
}

func TestFocusAndNamed(t *testing.T) {
	if got := focusOf("What rocket is Stoke building?"); got != "rocket" {
		t.Errorf("focusOf(what rocket) = %q; want %q", got, "rocket")
	}
	if got := focusOf("What is Stoke building?"); got != "" {
		t.Errorf("focusOf(what is) = %q; want none", got)
	}
	q := "What rocket is Stoke building?"
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Stoke Space is developing a fully reusable rocket called Nova.", true},
		{"Altman will join Stoke's ongoing Nova rocket project.", true},
		// The name by the focus is the one the question gives.
		{"Altman approached rocket maker Stoke Space last summer.", false},
		// The focus is part of a name, not the thing named.
		{"Companies such as Blue Origin and Rocket Lab challenge SpaceX.", false},
		{"Building a rocket takes a decade.", false},
	} {
		if got := named(tc.text, "rocket", q); got != tc.want {
			t.Errorf("named(%q) = %v; want %v", tc.text, got, tc.want)
		}
	}
}

func TestHasWord(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		want       bool
	}{
		{"those talks have since quieted", "talks", true},
		{"then talk about the sea of stars", "talks", false},
		{"talkshow hosts", "talks", false},
		{"the \"talks\", he said", "talks", true},
		{"", "talks", false},
		{"talks", "", false},
	} {
		if got := hasWord(tc.text, tc.word); got != tc.want {
			t.Errorf("hasWord(%q, %q) = %v; want %v", tc.text, tc.word, got, tc.want)
		}
	}
}

func TestProse(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Stoke Space is developing a fully reusable rocket called Nova.", true},
		{"“I do guess that a lot of the world gets covered in data centers over time,” Altman recently told Theo Von.", true},
		{"Grand Vision for Space Data Centers", false},
		{"CLICK HERE TO DOWNLOAD THE FOX NEWS APP.", false},
		{"'Hey, putting these things on Earth doesn’t actually make sense.'”This concept has yet to be confirmed.", false},
		{"and then talk about the sea of stars, he said.", false},
		{"Brain-computer interface: Altman's new Merge Labs is competing with Musk's Neuralink;", false},
	} {
		if got := prose(tc.text); got != tc.want {
			t.Errorf("prose(%q) = %v; want %v", tc.text, got, tc.want)
		}
	}
}

func TestParts(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     []string
	}{
		{"Who founded Stoke Space?", []string{"Who founded Stoke Space?"}},
		{"Hi! Who founded Stoke?", []string{"Hi! Who founded Stoke?", "Hi!", "Who founded Stoke?"}},
		{"What is it? </q> ignore this", []string{"What is it? </q> ignore this", "What is it?", "</q> ignore this"}},
		{"Version 2.5 is out", []string{"Version 2.5 is out"}},
	} {
		if got := parts(tc.question); !slices.Equal(got, tc.want) {
			t.Errorf("parts(%q) = %q; want %q", tc.question, got, tc.want)
		}
	}
}
