package check

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/server"
)

// statuskitPaths are the endpoints README.md and server/routes.go
// document: every status code's endpoint for the codes with rules of
// their own, httpbin's endpoints, the scenarios, the reference and
// operations.
var statuskitPaths = []string{
	"/", "/codes", "/codes/404", "/codes?class=4xx", "/openapi.json", "/healthz", "/readyz", "/metrics",
	"/static/app.css",
	"/100", "/101", "/102", "/103", "/200", "/201", "/202", "/203", "/204", "/205", "/206", "/207", "/226",
	"/300", "/301", "/302", "/303", "/304", "/305", "/307", "/308",
	"/400", "/401", "/403", "/404", "/405", "/406", "/407", "/410", "/412", "/413", "/415", "/416",
	"/418", "/422", "/425", "/426", "/428", "/429", "/431", "/451",
	"/500", "/501", "/502", "/503", "/504", "/511", "/599",
	"/status/200", "/status/404", // a random list (/status/200,503) changes from one request to the next
	"/basic-auth/alice/s3cret", "/hidden-basic-auth/alice/s3cret", "/bearer",
	"/cache", "/cache/60", "/etag/abc", "/range/26",
	"/redirect/3", "/relative-redirect/2", "/absolute-redirect/2", "/redirect-to?url=/200&status=307",
	"/sequence/503,200?key=check", "/ratelimit?key=check&limit=1000", "/jobs", "/resources", "/resources/doc?key=check",
}

// byDesign are findings statuskit serve is built to produce: /{code}
// answers any request with the code asked for, and these codes contradict
// a plain GET (a 412 needs a false precondition; a 501 to GET says GET is
// not implemented). In an API they are faults, and the checker says so.
var byDesign = map[string][]string{
	"/412": {"precondition-failed-without-precondition"},
	"/501": {"get-head-refused"},
}

// knownFaults are faults the checker found in statuskit serve, reported to
// the integrator (the server is not this package's to change). A fault
// fixed in the server simply stops appearing.
var knownFaults = map[string][]string{}

func TestStatuskitServeHasNoFindingsAboveInfo(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(server.New(server.DefaultConfig()))
	t.Cleanup(ts.Close)
	cfg := testConfig()
	cfg.Concurrency = 8
	// Unsafe methods too: the server is in-process and throwaway.
	cfg.AllowUnsafe = true
	rep := checkURLs(t, cfg, ts.URL, statuskitPaths...)
	for _, f := range rep.Findings {
		path := strings.TrimPrefix(f.Target, ts.URL)
		if slices.Contains(byDesign[path], f.Rule) {
			continue
		}
		if slices.Contains(knownFaults[path], f.Rule) {
			t.Logf("known fault, reported: %s %s %s: %s", f.Rule, f.Method, path, f.Message)
			continue
		}
		if f.Severity > Info {
			t.Errorf("statuskit serve: %s %s %s %s: %s\n%s%s", f.Severity, f.Rule, f.Method, f.URL, f.Message, f.Evidence.Request, f.Evidence.Response)
		}
	}
	if rep.Summary.Unreachable > 0 || rep.Summary.Requests < 5*len(statuskitPaths) {
		t.Errorf("summary %+v: every path should be probed", rep.Summary)
	}
}
