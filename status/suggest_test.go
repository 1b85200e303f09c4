package status

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Typos people make, and the code they meant. 0 means nothing is near
// enough to be worth suggesting.
func TestSuggestOffersTheCodeATypoMeant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		first int
		why   string
	}{
		{"teapto", 418, "two letters swapped in a word of the phrase"},
		{"not fund", 404, "a letter missing"},
		{"notfund", 404, "the name run together"},
		{"gatway timout", 504, "a letter missing in each word"},
		{"unathorised", 401, "British spelling and a missing letter; the registered code before AWS's 561"},
		{"forbiden", 403, "a letter missing"},
		{"intrenal server eror", 500, "a swap and a missing letter"},
		{"too many request", 429, "the start of a word"},
		{"payload too larg", 413, "413's older phrase"},
		{"conflct", 409, "a letter missing"},
		{"ise", 500, "initials of Internal Server Error"},
		{"nf", 404, "initials of Not Found"},
		{"error", 500, "a word of the phrase; the registered code first"},
		{"4O4", 404, "capital O for zero"},
		{"4o4", 404, "small o for zero"},
		{"5OO", 500, "two capital Os"},
		{"l0l", 101, "small L for one"},
		{"2O4", 204, "capital O for zero"},
		{"4004", 404, "a digit too many; the same last digit before 400"},
		{"abc", 0, "no code is called anything like it"},
		{"zzzzzzzzzzzz", 0, "nothing near"},
		{"%%%", 0, "nothing to compare"},
		{"SOS", 0, "look-alike letters without a real digit are a word, not 505"},
	}
	for _, tt := range tests {
		got := Suggest(tt.query, 3)
		switch {
		case tt.first == 0 && len(got) != 0:
			t.Errorf("Suggest(%q) = %v, want nothing: %s", tt.query, got, tt.why)
		case tt.first != 0 && (len(got) == 0 || got[0].Number != tt.first):
			t.Errorf("Suggest(%q) = %v, want %d first: %s", tt.query, got, tt.first, tt.why)
		}
	}
}

func TestSuggestReturnsAtMostN(t *testing.T) {
	t.Parallel()
	for _, n := range []int{-1, 0, 1, 2} {
		if got := Suggest("4O4", n); len(got) > max(n, 0) {
			t.Errorf("Suggest(\"4O4\", %d) returned %d codes", n, len(got))
		}
	}
}

func TestNotFoundErrorSaysWhatIsAllowedAndSuggests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query   string
		suggest string // "" for none
	}{
		{"teapto", "did you mean 418 I'm a teapot?"},
		{"4O4", "did you mean 404 Not Found"},
		{"abc", ""},
	}
	for _, tt := range tests {
		_, err := Find(tt.query)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("Find(%q) = %v, want a *NotFoundError", tt.query, err)
		}
		msg := err.Error()
		for _, want := range []string{"from 100 to 599", "e.g. 404", `"not found"`, "4xx"} {
			if !strings.Contains(msg, want) {
				t.Errorf("Find(%q) error %q lacks %q: it must say what is allowed, with examples", tt.query, msg, want)
			}
		}
		if tt.suggest == "" && strings.Contains(msg, "did you mean") || tt.suggest != "" && !strings.Contains(msg, tt.suggest) {
			t.Errorf("Find(%q) error %q; want suggestion %q", tt.query, msg, tt.suggest)
		}
	}
}

func ExampleSuggest() {
	for _, q := range []string{"teapto", "4O4"} {
		fmt.Println(q, "->", Suggest(q, 1)[0])
	}
	// Output:
	// teapto -> 418 I'm a teapot
	// 4O4 -> 404 Not Found
}

// Words name a code only when they pick it out: each a word (or, at three
// letters or more, the start of a word) of one of its names, at least one
// whole, and no other code named as well.
func TestNamedPicksACodeOnlyWhenTheWordsNameItAlone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []int
		why   string
	}{
		{"too many", []int{429}, "two words of 429's phrase; AWS's unofficial 463 Too Many Forwarded Addresses ranks after a registered code"},
		{"not found", []int{404}, "the whole phrase"},
		{"serv unavailable", []int{503}, "a start and a whole word"},
		{"teapot", []int{418}, "one word of one phrase"},
		{"header too large", []int{431}, "registered 431 before nginx's 494 Request Header Too Large"},
		{"entity", []int{413, 422}, "older phrases of both: Request Entity Too Large, Unprocessable Entity"},
		{"gateway", []int{502, 504}, "Bad Gateway and Gateway Timeout name it equally"},
		{"redirect", []int{307, 308}, "Temporary Redirect and Permanent Redirect"},
		{"too", []int{413, 414, 425, 429, 431}, "a word of five registered phrases"},
		{"temporary", []int{307}, "104's registry note (TEMPORARY - registered …) is not a name"},
		{"list", nil, "only the start of 527's Railgun Listener: a fragment alone names nothing"},
		{"exam", nil, "a word of no name"},
		{"li", nil, "two letters start words, but are no word"},
		{"nginx", nil, "a vendor, not a word of any name"},
		{"serve", nil, "only the start of Server"},
		{"too too", nil, "one word of the name cannot be named twice"},
		{"404", nil, "numbers are not names"},
		{"", nil, "nothing"},
	}
	for _, tt := range tests {
		var got []int
		for _, c := range Named(tt.query) {
			got = append(got, c.Number)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Named(%q) = %v, want %v: %s", tt.query, got, tt.want, tt.why)
		}
	}
}
