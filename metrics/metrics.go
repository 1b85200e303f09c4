// Package metrics counts and times HTTP requests for Prometheus: requests
// by route pattern and final status, their duration by route, and the
// requests in flight. Route labels are ServeMux patterns (r.Pattern),
// never raw paths, so the number of series stays bounded whatever clients
// ask for. Each Metrics has its own registry, so tests and programs that
// build many servers never collide in the process-wide default one.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/statuskit/statuskit/reply"
)

// Options configure a Metrics.
type Options struct {
	// Namespace prefixes every metric name ("statuskit" gives
	// statuskit_http_requests_total).
	Namespace string
	// HotRoute is the route pattern almost every request takes ("/{code}"
	// for the status server); its instruments are found without hashing.
	HotRoute string
	// Process adds the Go runtime and process collectors.
	Process bool
}

// Metrics are the request instruments of one server.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// inFlight is read by a GaugeFunc at scrape time: an integer atomic
	// is cheaper per request than a float gauge's compare-and-swap.
	inFlight atomic.Int64
	// routes caches each route pattern's instruments: the hot path does
	// one sync.Map read and atomic loads instead of hashing label values
	// into the vectors on every request.
	routes   sync.Map // string -> *routeMetrics
	hot      *routeMetrics
	hotRoute string
}

// routeMetrics are the label children of one route pattern.
type routeMetrics struct {
	route    string
	duration prometheus.Observer
	codes    [600]atomic.Pointer[prometheus.Counter]
}

// Unrouted labels requests answered before routing (501 for unknown
// methods, CORS preflights, 413 for declared oversize content).
const Unrouted = "unrouted"

// durationBuckets start at half a millisecond, since most answers take
// less than one, and end past the default sleep cap of 10s.
var durationBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// codeLabels are the code label values, built once.
var codeLabels = func() (out [600]string) {
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

// New builds the instruments and their registry.
func New(opts Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: opts.Namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by route pattern and final status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: opts.Namespace, Name: "http_request_duration_seconds",
			Help:    "Time from receiving a request's header to the handler returning, by route pattern; includes deliberate delays.",
			Buckets: durationBuckets,
		}, []string{"route"}),
		hotRoute: opts.HotRoute,
	}
	if opts.HotRoute != "" {
		m.hot = &routeMetrics{route: opts.HotRoute, duration: m.duration.WithLabelValues(opts.HotRoute)}
	}
	m.reg.MustRegister(m.requests, m.duration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: opts.Namespace, Name: "http_requests_in_flight",
			Help: "Requests being handled now.",
		}, func() float64 { return float64(m.inFlight.Load()) }))
	if opts.Process {
		m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return m
}

// Registry is where other instruments of the same server are registered
// (the status server's sleeping requests, the gateway's injected faults).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Gauge registers a gauge read from value at scrape time.
func (m *Metrics) Gauge(namespace, name, help string, value func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, value))
}

func (m *Metrics) route(pattern string) *routeMetrics {
	if pattern == m.hotRoute && m.hot != nil {
		return m.hot
	}
	if pattern == "" {
		pattern = Unrouted
	}
	if rm, ok := m.routes.Load(pattern); ok {
		return rm.(*routeMetrics)
	}
	rm, _ := m.routes.LoadOrStore(pattern, &routeMetrics{
		route:    pattern,
		duration: m.duration.WithLabelValues(pattern),
	})
	return rm.(*routeMetrics)
}

func (m *Metrics) count(rm *routeMetrics, code int) {
	if code < 100 || code >= len(rm.codes) {
		code = http.StatusOK // unreachable: net/http rejects other codes
	}
	p := rm.codes[code].Load()
	if p == nil {
		c := m.requests.WithLabelValues(rm.route, codeLabels[code])
		rm.codes[code].CompareAndSwap(nil, &c)
		p = rm.codes[code].Load()
	}
	(*p).Inc()
}

// Measure counts and times every request. Put it outermost, so it sees the
// final status of everything, panics turned into 500s included.
func (m *Metrics) Measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := monotonic()
		m.inFlight.Add(1)
		rec := reply.NewRecorder(w)
		defer func() {
			m.inFlight.Add(-1)
			code := rec.Status
			rec.Release()
			if code == 0 {
				// The handler wrote nothing, so net/http sends 200.
				code = http.StatusOK
			}
			rm := m.route(r.Pattern)
			m.count(rm, code)
			rm.duration.Observe((monotonic() - start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

// epoch anchors monotonic: time.Since on a time with a monotonic reading
// reads only the monotonic clock, about half the cost of time.Now, which
// also reads the wall clock.
var epoch = time.Now()

func monotonic() time.Duration { return time.Since(epoch) }

// Handler serves the registry in the Prometheus text format (OpenMetrics
// when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A failing collector should not hide all the others.
		ErrorHandling:     promhttp.ContinueOnError,
		Registry:          m.reg,
		EnableOpenMetrics: true,
	})
}
