package status

import (
	"fmt"
	"slices"
	"testing"
)

func topNumbers(results []Result, n int) []int {
	var out []int
	for _, r := range results[:min(n, len(results))] {
		out = append(out, r.Code.Number)
	}
	return out
}

// The queries people type, and the codes they are looking for. want lists
// the acceptable codes; every one of them must be among the first
// len(want) results (so "retry" needs both 429 and 503 in the top two).
func TestSearchRanksTheCodeAQueryIsAbout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		want  []int
		why   string
	}{
		{"retry", []int{429, 503}, "their advice is to retry after a delay and they carry Retry-After (RFC 6585, 4; RFC 9110, 15.6.4); 449 Retry With is a vendor code"},
		{"rate limit", []int{429}, "RFC 6585, 4"},
		{"Rate-Limit", []int{429}, "hyphenated words match their parts"},
		{"too many", []int{429}, "words of the phrase"},
		{"not found", []int{404}, "the whole phrase"},
		{"redirect permanent", []int{308}, "the only code whose text says both; 301's text never says \"redirect\""},
		{"permanent redirect", []int{308}, "the whole phrase"},
		{"moved permanently", []int{301}, "the whole phrase"},
		{"auth", []int{401}, "401 is the authentication challenge (RFC 9110, 15.5.2), not 203 Non-Authoritative"},
		{"login", []int{401}, "a login is authentication; IIS's 440 Login Time-out is unofficial"},
		{"WWW-Authenticate", []int{401}, "the field 401 MUST carry"},
		{"teapot", []int{418}, "RFC 9110, 15.5.19"},
		{"too large", []int{413}, "Content Too Large names two thirds of its phrase"},
		{"gone", []int{410}, "the whole phrase"},
		{"timeout", []int{408, 504}, "Request Timeout and Gateway Timeout"},
		{"gateway timeout", []int{504}, "the whole phrase"},
		{"conflict", []int{409}, "the whole phrase"},
		{"precondition", []int{412, 428}, "Precondition Failed and Precondition Required"},
		{"range", []int{416, 206}, "Range Not Satisfiable and Partial Content"},
		{"cache", []int{304}, "a 304 refreshes a cache's stored response (RFC 9111, 4.3.4)"},
		{"upgrade", []int{426, 101}, "Upgrade Required and Switching Protocols"},
		{"overloaded", []int{503}, "\"temporary overload\" is 503 (RFC 9110, 15.6.4); 529 is a vendor code"},
		{"unavailable", []int{503}, "half of Service Unavailable, a quarter of Unavailable For Legal Reasons"},
		{"bad gateway", []int{502}, "the whole phrase"},
		{"payload too large", []int{413}, "413's older phrase (RFC 7231)"},
		{"server error", []int{500}, "Internal Server Error"},
		{"503", []int{503}, "a number"},
		{"50", []int{500, 501, 502}, "a number prefix ranks in numeric order"},
	}
	for _, tt := range tests {
		results := Search(tt.query)
		got := topNumbers(results, len(tt.want))
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Search(%q) top %d = %v (then %v), want %v there: %s", tt.query, len(tt.want), got, topNumbers(results, 6), tt.want, tt.why)
				break
			}
		}
	}
}

func TestSearchRanksRegisteredCodesAboveUnofficialOnesThatMatchAsWell(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"retry", "overloaded", "timeout", "login", "rate limit"} {
		results := Search(q)
		if len(results) == 0 || !results[0].Code.Registered() {
			t.Errorf("Search(%q) first result %v is not a registered code", q, topNumbers(results, 3))
		}
	}
}

func TestSearchRequiresEveryWordAndOrdersByScore(t *testing.T) {
	t.Parallel()
	results := Search("retry")
	if len(results) < 3 {
		t.Fatalf("Search(\"retry\") found %d codes, want several", len(results))
	}
	for i := 1; i < len(results); i++ {
		if results[i].Score > results[i-1].Score {
			t.Fatalf("results not ordered by score at %d", i)
		}
	}
	if got := Search("teapot zzzzqqq"); len(got) != 0 {
		t.Errorf("Search with a word nothing contains found %d codes", len(got))
	}
	if got := Search("   "); got != nil {
		t.Errorf("Search of blanks = %v, want nil", got)
	}
}

// Facts and synonyms rank matches; they must never add one, or the
// command line and the reference page (which filters on the text alone)
// would find different codes.
func TestSearchFindsOnlyCodesWhoseTextHasEveryWord(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"retry", "redirect", "permanent", "temporary", "wait", "later", "backoff", "auth", "login", "cache", "overloaded", "throttled", "password"} {
		for _, r := range Search(q) {
			d := newSearchDoc(r.Code)
			for _, w := range Words(q) {
				if !d.matches(w) {
					t.Errorf("Search(%q) found %s, whose text has no word starting %q", q, r.Code, w)
				}
			}
		}
	}
	if got := Search("throttled"); len(got) != 0 {
		t.Errorf("Search(\"throttled\") = %v: a synonym must not find a code whose text lacks the word", topNumbers(got, 5))
	}
}

func ExampleSearch() {
	for _, r := range Search("retry")[:2] {
		fmt.Println(r.Code)
	}
	// Output:
	// 429 Too Many Requests
	// 503 Service Unavailable
}
