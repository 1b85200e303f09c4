package grade

import (
	"fmt"
	"strings"
	"time"
)

// promise is something a client's documentation says about a rule, and
// how to tell from a run that the client did otherwise. The card carries
// the difference, with the evidence, as Result.Documentation.
type promise struct {
	// products are the User-Agent product tokens that name the client
	// ("curl" in "curl/7.88.1"), compared without case.
	products []string
	exam     string
	rule     int
	// says paraphrases the documentation, quoting where it can; source
	// is where it says it.
	says, source string
	// differs returns what the run shows instead of the promise, or ""
	// when the run keeps it (or shows nothing either way).
	differs func(r *run, res *Result) string
}

// promises are the documented behaviours statuskit checks, found by
// running each client through the exams (grade/clients_test.go pins them).
var promises = []promise{
	{products: []string{"go-retryablehttp"}, exam: "retry-after-long", rule: 3,
		says:   `RetryWaitMax is the "Maximum time to wait" (30 s by default) and RetryMax allows 4 retries, so a retry is due within 30 s`,
		source: "https://pkg.go.dev/github.com/hashicorp/go-retryablehttp#Client",
		differs: func(r *run, res *Result) string {
			const waitMax = 30 * time.Second
			if res.Verdict != Pass || len(r.es) != 1 || r.window <= waitMax+time.Second {
				return ""
			}
			return fmt.Sprintf("no retry in the %s window after the %s: the Retry-After of 3600 s overrode RetryWaitMax (DefaultBackoff returns it uncapped)",
				secs(r.window), answered(r.es[0]))
		}},
	{products: []string{"go-retryablehttp"}, exam: "retry-after-seconds", rule: 1,
		says:   `DefaultBackoff "tries to parse Retry-After response header when a http.StatusTooManyRequests (HTTP Code 429) is found"; otherwise it waits RetryWaitMin * 2^attempt (1 s first)`,
		source: "https://pkg.go.dev/github.com/hashicorp/go-retryablehttp#DefaultBackoff",
		differs: func(r *run, res *Result) string {
			if len(r.es) < 2 || r.es[0].Answer.Sent.IsZero() || r.es[0].Answer.Status != 503 {
				return ""
			}
			gap := r.es[1].Arrived.Sub(r.es[0].Answer.Sent)
			if gap < 1900*time.Millisecond {
				return ""
			}
			return fmt.Sprintf("the first retry came %s after a 503 (not 429) with Retry-After: %s, not 1 s: Retry-After is honoured on 503 too",
				secs(gap), r.es[0].Answer.Fields["Retry-After"])
		}},
	// Node 20's fetch says "node"; Node 18's said "undici".
	{products: []string{"node", "undici"}, exam: "continue", rule: 9,
		says: `fetch() is "a browser-compatible implementation of the fetch() function"; the Fetch Standard ignores 1xx responses other than 101 ` +
			`(web-platform-tests fetch/security/1xx-response: "Status(100) should be ignored")`,
		source: "https://nodejs.org/docs/latest-v20.x/api/globals.html#fetch",
		differs: func(r *run, res *Result) string {
			if res.Verdict != Fail {
				return ""
			}
			return fmt.Sprintf("after the %s the completion URL was never requested: the 100 was not ignored (Node's undici fails such a fetch with \"bad response\")",
				answered(r.es[0]))
		}},
}

// documented returns where the run's client, named by a product token of
// its User-Agent, did otherwise than its documentation says for res.
func documented(r *run, res *Result) *Documented {
	products := productTokens(r.es[0].Fields["User-Agent"])
	for _, p := range promises {
		if p.exam != r.exam.Name || p.rule != res.Rule {
			continue
		}
		for _, name := range p.products {
			if !products[strings.ToLower(name)] {
				continue
			}
			if observed := p.differs(r, res); observed != "" {
				return &Documented{Client: name, Says: p.says, Source: p.source, Observed: observed}
			}
		}
	}
	return nil
}

// productTokens are the lower-cased product names of a User-Agent value
// (RFC 9110, 10.1.5): "curl" and "x" of "curl/7.88.1 (x) x/1".
func productTokens(ua string) map[string]bool {
	tokens := map[string]bool{}
	depth := 0
	for _, word := range strings.Fields(ua) {
		// Skip comments, which may nest (RFC 9110, 5.6.5).
		if depth > 0 || strings.HasPrefix(word, "(") {
			depth += strings.Count(word, "(") - strings.Count(word, ")")
			continue
		}
		name, _, _ := strings.Cut(word, "/")
		tokens[strings.ToLower(name)] = true
	}
	return tokens
}
