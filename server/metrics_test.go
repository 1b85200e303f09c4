package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads /metrics as Prometheus would.
func scrape(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	res := send(t, http.DefaultClient, base, request{path: "/metrics"})
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(res.body))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v", err)
	}
	return families
}

// sample finds the value of a metric with the given labels (counter,
// gauge, or a histogram's count).
func sample(families map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f, ok := families[name]
	if !ok {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

func TestMetricsCountRequestsByRoutePatternAndStatus(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/503", "/503", "/404", "/abc", "/codes/503", "/status/200", "/healthz"} {
		get(t, ts, path)
	}
	send(t, noRedirects(ts), ts.URL, request{method: "BREW", path: "/coffee"})
	families := scrape(t, ts.URL)
	for _, tc := range []struct {
		route, code string
		want        float64
	}{
		{"/{code}", "503", 2},
		{"/{code}", "404", 2}, // /404 and /abc: the route, never the path
		{"GET /codes/{code}", "200", 1},
		{"/status/{codes}", "200", 1},
		{"GET /healthz", "200", 1},
		{"unrouted", "501", 1}, // answered by the middleware
	} {
		got, ok := sample(families, "statuskit_http_requests_total", "route", tc.route, "code", tc.code)
		if !ok || got != tc.want {
			t.Errorf("statuskit_http_requests_total{route=%q,code=%q} = %v (present: %v), want %v", tc.route, tc.code, got, ok, tc.want)
		}
	}
	if n, ok := sample(families, "statuskit_http_request_duration_seconds", "route", "/{code}"); !ok || n != 4 {
		t.Errorf("the duration histogram of /{code} counted %v requests (present: %v), want 4", n, ok)
	}
	for _, name := range []string{"statuskit_http_requests_in_flight", "statuskit_sleeping_requests", "statuskit_sleeping_requests_limit", "statuskit_draining", "go_goroutines", "process_cpu_seconds_total"} {
		if _, ok := families[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

// However many paths clients make up, the number of series stays put.
func TestMetricsLabelsAreBoundedWhateverThePath(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	get(t, ts, "/nothing-0")
	before := len(scrape(t, ts.URL)["statuskit_http_requests_total"].Metric)
	for i := range 50 {
		get(t, ts, "/nothing-"+strconv.Itoa(i))
		get(t, ts, "/deep/path/"+strconv.Itoa(i))
	}
	families := scrape(t, ts.URL)
	// /deep/path/N lands on the "/" fallback: one more series at most,
	// plus /metrics's own.
	if after := len(families["statuskit_http_requests_total"].Metric); after > before+2 {
		t.Errorf("100 made-up paths grew the request series from %d to %d; labels must be route patterns", before, after)
	}
	for _, m := range families["statuskit_http_requests_total"].Metric {
		for _, l := range m.Label {
			if strings.Contains(l.GetValue(), "nothing-") || strings.Contains(l.GetValue(), "deep/path") {
				t.Errorf("a raw path became a label value: %s=%q", l.GetName(), l.GetValue())
			}
		}
	}
}

func TestMetricsShowInFlightAndSleepingRequests(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _, _ = trySendContext(ctx, noRedirects(ts), ts.URL, request{path: "/200?sleep=10s"}) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		families := scrape(t, ts.URL)
		sleeping, _ := sample(families, "statuskit_sleeping_requests")
		inFlight, _ := sample(families, "statuskit_http_requests_in_flight")
		// The scrape itself is in flight too.
		if sleeping == 1 && inFlight == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("with one request sleeping, /metrics says sleeping=%v in_flight=%v; want 1 and 2 (it and the scrape)", sleeping, inFlight)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Each Server has its own registry: two servers in one process do not
// share counts, and neither touches Prometheus's global registry.
func TestEachServerHasItsOwnMetrics(t *testing.T) {
	t.Parallel()
	a, b := testServer(t, Config{}), testServer(t, Config{})
	get(t, a, "/418")
	if _, ok := sample(scrape(t, b.URL), "statuskit_http_requests_total", "code", "418"); ok {
		t.Error("a request to one server shows up in another server's metrics")
	}
	if n, _ := sample(scrape(t, a.URL), "statuskit_http_requests_total", "code", "418"); n != 1 {
		t.Errorf("the server that answered 418 counted it %v times", n)
	}
}

func TestMetricNamesFollowPrometheusConventions(t *testing.T) {
	t.Parallel()
	s := New(DefaultConfig())
	problems, err := testutil.GatherAndLint(s.metrics.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "statuskit_") {
			t.Errorf("%s: %s", p.Metric, p.Text)
		}
	}
}

// /101 hijacks the connection and writes its status line itself; it is
// still counted as 101.
func TestMetricsCountSwitchedProtocols(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	c := dialRaw(t, strings.TrimPrefix(ts.URL, "http://"))
	c.write("GET /101 HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\n")
	if line, _ := c.readHead(); !strings.HasPrefix(line, "HTTP/1.1 101") {
		t.Fatalf("GET /101 with Upgrade: %q", line)
	}
	c.conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if n, _ := sample(scrape(t, ts.URL), "statuskit_http_requests_total", "route", "/{code}", "code", "101"); n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the switched /101 was not counted as 101")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
