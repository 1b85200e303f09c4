package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// createJob posts a job and returns its monitor URL.
func (sc *scenario) createJob(query string) string {
	sc.t.Helper()
	res := sc.do(http.MethodPost, "/jobs?"+query, nil, "")
	expect(sc.t, "POST /jobs?"+query, res, http.StatusAccepted)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/jobs/") {
		sc.t.Fatalf("POST /jobs?%s: Location %q, want /jobs/{id}", query, loc)
	}
	return loc
}

func TestJobIsAcceptedThenRunsThenRedirectsToItsResult(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.do(http.MethodPost, "/jobs?duration=3s&result=201", nil, "")
		expect(sc.t, "POST /jobs", res, http.StatusAccepted)
		expectField(sc.t, "POST /jobs (RFC 9110, 15.3.3: where to poll)", res, "Retry-After", "1")
		monitor := res.Header.Get("Location")
		var body jobBody
		if err := json.Unmarshal(res.body, &body); err != nil || body.State != "running" || body.Monitor != monitor || body.Result != 201 {
			sc.t.Fatalf("POST /jobs body %s (%v); want state running, monitor %s, result 201", res.body, err, monitor)
		}

		res = sc.get(monitor)
		expect(sc.t, "GET monitor while running", res, http.StatusOK)
		expectField(sc.t, "GET monitor while running", res, "Retry-After", "1")
		if !strings.Contains(string(res.body), `"state":"running"`) {
			sc.t.Errorf("GET monitor while running: %s, want state running", res.body)
		}
		expect(sc.t, "GET result while running", sc.get(monitor+"/result"), http.StatusNotFound)

		sc.clock.Advance(3 * time.Second)
		res = sc.get(monitor)
		expect(sc.t, "GET monitor when done", res, http.StatusSeeOther)
		expectField(sc.t, "GET monitor when done", res, "Location", monitor+"/result")
		res = sc.get(monitor + "/result")
		expect(sc.t, "GET result", res, http.StatusCreated)
	})
}

func TestJobRetryAfterIsTheTimeLeftAtMostThePollInterval(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.do(http.MethodPost, "/jobs?duration=2s&retry-after=5", nil, "")
		expectField(sc.t, "a 2s job polled every 5s at most", res, "Retry-After", "2")
		res = sc.do(http.MethodPost, "/jobs?duration=1m&retry-after=5", nil, "")
		expectField(sc.t, "a 1m job polled every 5s at most", res, "Retry-After", "5")
		monitor := res.Header.Get("Location")
		sc.clock.Advance(59*time.Second + 500*time.Millisecond)
		expectField(sc.t, "0.5s before done", sc.get(monitor), "Retry-After", "1")
	})
}

func TestCancelledJobIsGone(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		monitor := sc.createJob("duration=1h")
		expect(sc.t, "DELETE monitor", sc.do(http.MethodDelete, monitor, nil, ""), http.StatusNoContent)
		res := sc.get(monitor)
		expect(sc.t, "GET after cancel", res, http.StatusGone)
		if !strings.Contains(string(res.body), "cancelled") {
			sc.t.Errorf("GET after cancel: %q does not say it was cancelled", res.body)
		}
		expect(sc.t, "GET result after cancel", sc.get(monitor+"/result"), http.StatusGone)
		expect(sc.t, "DELETE again", sc.do(http.MethodDelete, monitor, nil, ""), http.StatusGone)
	})
}

func TestExpiredJobIsGoneThenForgotten(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{StateTTL: time.Hour, TombstoneTTL: 5 * time.Minute}, func(sc *scenario) {
		monitor := sc.createJob("duration=1s")
		sc.clock.Advance(time.Second + time.Hour)
		res := sc.get(monitor + "/result")
		expect(sc.t, "result after --state-ttl", res, http.StatusGone)
		if !strings.Contains(string(res.body), "expired") {
			sc.t.Errorf("after --state-ttl: %q does not say it expired", res.body)
		}
		sc.clock.Advance(5 * time.Minute)
		expect(sc.t, "monitor after --tombstone-ttl too", sc.get(monitor), http.StatusNotFound)
	})
}

func TestUnknownJobIsNotFound(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		for _, path := range []string{
			"/jobs/0123456789abcdef0123456789abcdef",
			"/jobs/0123456789abcdef0123456789abcdef/result",
			"/jobs/not-an-id",
		} {
			expect(sc.t, "GET "+path, sc.get(path), http.StatusNotFound)
		}
		expect(sc.t, "DELETE an unknown job", sc.do(http.MethodDelete, "/jobs/0123456789abcdef0123456789abcdef", nil, ""), http.StatusNotFound)
	})
}

func TestJobEndpointsAnswer405WithAllow(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	c := noRedirects(ts)
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodGet, "/jobs", "POST, OPTIONS"},
		{http.MethodPut, "/jobs/0123456789abcdef0123456789abcdef", "GET, HEAD, DELETE, OPTIONS"},
		{http.MethodPost, "/jobs/0123456789abcdef0123456789abcdef/result", "GET, HEAD, OPTIONS"},
	} {
		res := send(t, c, ts.URL, request{method: tc.method, path: tc.path})
		expect(t, tc.method+" "+tc.path, res, http.StatusMethodNotAllowed)
		expectField(t, tc.method+" "+tc.path, res, "Allow", tc.allow)
		res = send(t, c, ts.URL, request{method: http.MethodOptions, path: tc.path})
		expect(t, "OPTIONS "+tc.path, res, http.StatusNoContent)
		expectField(t, "OPTIONS "+tc.path, res, "Allow", tc.allow)
	}
}

func TestJobCreationRefusesBadParameters(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxJobDuration: time.Minute})
	for _, tc := range []struct{ query, mention string }{
		{"duration=2m", "--max-job-duration"},
		{"duration=-1s", "duration from"},
		{"result=100", "from 200 to 599"},
		{"result=abc", "from 200 to 599"},
		{"retry-after=0", "from 1 to"},
		{"state=done", "unknown query parameter"},
	} {
		res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodPost, path: "/jobs?" + tc.query})
		expect(t, "POST /jobs?"+tc.query, res, http.StatusBadRequest)
		if !strings.Contains(string(res.body), tc.mention) {
			t.Errorf("POST /jobs?%s: message %q does not mention %q", tc.query, res.body, tc.mention)
		}
	}
}
