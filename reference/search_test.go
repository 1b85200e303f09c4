package reference

import (
	"slices"
	"testing"

	"github.com/statuskit/statuskit/status"
)

func numbers(codes []status.Code) []int {
	out := make([]int, len(codes))
	for i, c := range codes {
		out[i] = c.Number
	}
	return out
}

// The page and `statuskit search` must agree on what a word finds; the
// page only adds standing and origin words and class words on top.
func TestSearchFindsWhatTheCommandLineSearchFinds(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"retry", "rate limit", "not found", "timeout", "teapot", "auth", "cache", "413", "50", "Retry-After", "rate-limit", "im a teapot", "payload"} {
		got := numbers(ParseQuery(q).Filter(status.All()))
		var want []int
		for _, r := range status.Search(q) {
			want = append(want, r.Code.Number)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the page's search for %q finds %v; status.Search finds %v", q, got, want)
		}
	}
}

func TestClassWordsKeepOnlyTheirClasses(t *testing.T) {
	t.Parallel()
	got := ParseQuery("4xx").Filter(status.All())
	if want := status.InClass(status.ClientError); !slices.Equal(numbers(got), numbers(want)) {
		t.Errorf("4xx finds %v, want every 4xx code %v", numbers(got), numbers(want))
	}
	for _, c := range ParseQuery("4xx 5xx retry").Filter(status.All()) {
		if cl := c.Class(); cl != status.ClientError && cl != status.ServerError {
			t.Errorf("\"4xx 5xx retry\" found %s, outside both classes", c)
		}
	}
	if len(ParseQuery("4XX auth").Filter(status.All())) == 0 {
		t.Error("class words are case-insensitive: 4XX auth should find 401")
	}
}

func TestStandingAndOriginAreSearchable(t *testing.T) {
	t.Parallel()
	for _, c := range ParseQuery("nginx").Filter(status.All()) {
		if c.Origin != "nginx" && !slices.Contains(buildTokens(c), "nginx") {
			t.Errorf("nginx found %s, which does not mention nginx", c)
		}
	}
	got := ParseQuery("unofficial").Filter(status.All())
	for _, c := range status.All() {
		if c.Standing == status.Unofficial && !slices.Contains(numbers(got), c.Number) {
			t.Errorf("searching unofficial misses the unofficial %s", c)
		}
	}
}

func TestBestMatchIsWhatEnterOpens(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]int{
		"404":                      404,
		"not found":                404,
		"NotFound":                 404,
		"not-found":                404,
		"request entity too large": 413,
		"teapot":                   418,
		"too many":                 429,
		"4xx not found":            404,
		"50":                       500,
	} {
		query := ParseQuery(q)
		best, ok := query.Best(query.Filter(status.All()))
		if !ok || best.Number != want {
			t.Errorf("Enter after typing %q opens %v (found: %v), want %d", q, best.Number, ok, want)
		}
	}
	for _, q := range []string{"", "zzqx", "4xx"} {
		query := ParseQuery(q)
		if best, ok := query.Best(query.Filter(status.All())); ok {
			t.Errorf("%q has no obvious best match, got %s", q, best)
		}
	}
}

func TestEmptyQueryKeepsEverything(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "   ", "?!"} {
		if got := ParseQuery(q).Filter(status.All()); len(got) != len(status.All()) {
			t.Errorf("%q keeps %d of %d codes", q, len(got), len(status.All()))
		}
	}
}

// tokens must split exactly as app.js does; the browser test checks the
// script against the server, this checks the rules themselves.
func TestTokensFollowTheRegistrySearchRules(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"I'm a teapot":        {"im", "a", "teapot"},
		"Retry-After: 3":      {"retry", "after", "retryafter", "3"},
		"RFC 9110, 15.5.6":    {"rfc", "9110", "15", "5", "6"},
		"Zürich--rate-limit!": {"z", "rich", "rate", "limit", "richratelimit"},
	} {
		if got := status.Words(in); !slices.Equal(got, want) {
			t.Errorf("status.Words(%q) = %q, want %q", in, got, want)
		}
	}
}
