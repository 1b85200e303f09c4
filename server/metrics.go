package server

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus instruments. Each Server has its own
// registry, so tests and programs that build many servers never collide
// in the process-wide default one.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// inFlight is read by a GaugeFunc at scrape time: an integer atomic
	// is cheaper per request than a float gauge's compare-and-swap.
	inFlight atomic.Int64
	// routes caches each route pattern's instruments: the hot path does
	// one sync.Map read and atomic loads instead of hashing label values
	// into the vectors on every request.
	routes sync.Map // string -> *routeMetrics
	// codeRoute is /{code}'s entry, looked up without hashing: it is the
	// route almost every request takes.
	codeRoute *routeMetrics
}

// routeMetrics are the label children of one route pattern.
type routeMetrics struct {
	route    string
	duration prometheus.Observer
	codes    [600]atomic.Pointer[prometheus.Counter]
}

// unrouted labels requests the middleware answered before routing (501
// for unknown methods, CORS preflights, 413 for declared oversize bodies).
const unrouted = "unrouted"

// durationBuckets start at half a millisecond, since most answers take
// less than one, and end past MaxSleep's default of 10s.
var durationBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// codeLabels are the code label values, built once.
var codeLabels = func() (out [600]string) {
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "statuskit_http_requests_total",
			Help: "HTTP requests answered, by route pattern and final status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "statuskit_http_request_duration_seconds",
			Help:    "Time from receiving a request's header to the handler returning, by route pattern; includes ?sleep= delays.",
			Buckets: durationBuckets,
		}, []string{"route"}),
	}
	m.codeRoute = &routeMetrics{route: codePattern, duration: m.duration.WithLabelValues(codePattern)}
	m.reg.MustRegister(
		m.requests, m.duration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "statuskit_http_requests_in_flight",
			Help: "Requests being handled now.",
		}, func() float64 { return float64(m.inFlight.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "statuskit_sleeping_requests",
			Help: "Requests waiting out a ?sleep= delay now.",
		}, func() float64 { return float64(s.Sleeping()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "statuskit_sleeping_requests_limit",
			Help: "Most requests that may sleep at once (--max-sleeping); more get 503.",
		}, func() float64 { return float64(s.cfg.MaxSleeping) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "statuskit_draining",
			Help: "1 while the server is shutting down gracefully, else 0.",
		}, func() float64 {
			if s.Draining() {
				return 1
			}
			return 0
		}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) route(pattern string) *routeMetrics {
	if pattern == codePattern {
		return m.codeRoute
	}
	if pattern == "" {
		pattern = unrouted
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

func (m *metrics) count(rm *routeMetrics, code int) {
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

// measure counts and times every request. It is the outermost layer, so
// it sees the final status of everything, panics turned into 500s
// included. Route labels are ServeMux patterns (r.Pattern), never raw
// paths, so the number of series stays bounded whatever clients ask for.
func (m *metrics) measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := monotonic()
		m.inFlight.Add(1)
		rec := recorders.Get().(*statusRecorder)
		rec.ResponseWriter, rec.status, rec.bytes = w, 0, 0
		defer func() {
			m.inFlight.Add(-1)
			code := rec.status
			rec.ResponseWriter = nil
			recorders.Put(rec)
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

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A failing collector should not hide all the others.
		ErrorHandling:     promhttp.ContinueOnError,
		Registry:          m.reg,
		EnableOpenMetrics: true,
	})
}

// recorders are reused: a wrapper per request would be the hot path's
// only extra allocation.
var recorders = sync.Pool{New: func() any { return new(statusRecorder) }}

// statusRecorder notes the final status and the body size, for the
// metrics and the request log. Interim 1xx responses pass through without
// counting (except 101, which is final). It unwraps, so
// http.ResponseController still reaches Flush and the deadlines.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Hijack is only used by /101, which writes "101 Switching Protocols" on
// the raw connection itself; the recorder counts it as such.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(r.ResponseWriter).Hijack()
	if err == nil && r.status == 0 {
		r.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
