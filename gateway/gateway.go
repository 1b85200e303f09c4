// Package gateway is statuskit's fault-injecting reverse proxy: it stands
// in front of one real service (the upstream), passes traffic through as
// a correct intermediary (RFC 9110, 7.6), and injects faults by rule
// (package rule): aborts with any status, delays, throttling, broken
// connections, per-client sequences, maintenance and load shedding. The
// faults are themselves correct HTTP, written by package reply, and
// reproducible: every random draw comes from a seeded stream per rule.
//
// A Gateway serves two listeners as one process: the proxy, which
// forwards everything to the upstream and nothing anywhere else, and the
// admin listener, which alone answers /__statuskit/rules (GET and PUT),
// /__statuskit/log, /__statuskit/reset, /metrics, /healthz and /readyz.
//
//	g, err := gateway.New(cfg)
//	if err != nil { ... }
//	err = g.Run(ctx, nil)
//
// When no rule matches, what the client sends reaches the upstream
// unchanged and what the upstream sends reaches the client unchanged,
// except for what RFC 9110, 7.6 asks of an intermediary: hop-by-hop fields
// go in both directions, Via is appended, Max-Forwards is honoured on
// OPTIONS and TRACE. Nothing is decompressed, Accept-Encoding is never
// added, X-Forwarded-For is not added (Via says a gateway was on the
// path), streamed content is flushed as it arrives, trailers, 100
// (Continue) and 103 (Early Hints) are relayed, and upgrades (WebSocket)
// pass through.
package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/lifecycle"
	"github.com/statuskit/statuskit/metrics"
	"github.com/statuskit/statuskit/policy"
	"github.com/statuskit/statuskit/store"
)

// Gateway is the proxy and its admin API. Create it with New; serve it
// once with Run or Serve.
type Gateway struct {
	cfg       Config
	upstream  *url.URL
	transport *http.Transport
	log       *slog.Logger
	store     store.Store

	rules atomic.Pointer[ruleSet]
	// reloadMu serialises installing rules (file reload, PUT, reset);
	// lastFile is the digest of the rules file last read, so an event that
	// changed nothing reloads nothing and a bad file is reported once.
	reloadMu sync.Mutex
	lastFile string
	// parseMu lets one rules document be parsed at a time: a document
	// near the limits costs the YAML parser ~100-200 MB for a moment
	// (1 MiB, 200,000 tokens), and admin PUTs arriving together would
	// multiply that. Taken before reloadMu where both are held.
	parseMu sync.Mutex

	inFlight  atomic.Int64
	faults    *faultLog
	metrics   *metrics.Metrics
	sequences *keyRing

	// via holds this gateway's Via entries by received protocol; the
	// pseudonym in them also detects a request that loops back.
	pseudonym string
	via       map[string][]string

	// stop ends hanging requests and upgraded tunnels at shutdown.
	stop     chan struct{}
	stopOnce sync.Once
	state    lifecycle.State

	proxy, admin http.Handler

	requestIDs atomic.Uint64
	idPrefix   string
	// warnedHeader: the warning about X-Statuskit-Fault without
	// --allow-header-faults is logged once.
	warnedHeader atomic.Bool
}

// requestLineAllowance is the room net/http's cap on a request head
// leaves for the request line above Config.MaxHeaderBytes: 8 KiB, the
// request-line length RFC 9112, 3 recommends supporting at least.
const requestLineAllowance = 8 << 10

// proxyRoute labels proxied requests in the request metrics.
const proxyRoute = "proxy"

// New checks cfg, reads the rules file if there is one (its errors name
// each field and line: rule.Errors), and builds the gateway.
func New(cfg Config) (*Gateway, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	up, _ := ParseUpstream(cfg.Upstream)
	g := &Gateway{cfg: cfg, upstream: up, log: cfg.Logger, store: cfg.Store, stop: make(chan struct{})}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	if g.store == nil {
		g.store = store.NewMemory(store.MemoryOptions{MaxKeys: cfg.MaxKeys}) // 0: the store's default
	}
	if g.cfg.StateTTL == 0 {
		g.cfg.StateTTL = DefaultConfig().StateTTL
	}
	if g.cfg.MaxKeys == 0 {
		g.cfg.MaxKeys = store.DefaultMaxKeys
	}
	g.transport = newTransport(cfg)
	var id [6]byte
	_, _ = rand.Read(id[:])
	g.pseudonym = "statuskit-" + hex.EncodeToString(id[:3])
	g.idPrefix = "sk-" + hex.EncodeToString(id[3:]) + "-"
	g.via = map[string][]string{}
	for _, proto := range []string{"1.0", "1.1", "2", "3"} {
		g.via[proto] = []string{proto + " " + g.pseudonym}
	}
	g.sequences = newKeyRing(g.cfg.MaxKeys)

	g.metrics = metrics.New(metrics.Options{Namespace: "statuskit", HotRoute: proxyRoute, Process: true})
	faultCounter := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "statuskit", Subsystem: "gateway", Name: "faults_total",
		Help: "Faults injected, by rule id and kind (abort, delay, throttle, sequence, maintenance, shed, reset, close, malformed_chunk, empty, hang).",
	}, []string{"rule", "kind"})
	g.metrics.Registry().MustRegister(faultCounter)
	g.metrics.Gauge("statuskit", "gateway_rules", "Rules in force.", func() float64 {
		return float64(len(g.rules.Load().rules))
	})
	g.metrics.Gauge("statuskit", "gateway_requests_in_flight", "Requests the gateway is handling, delayed and hanging ones included.", func() float64 {
		return float64(g.inFlight.Load())
	})
	g.faults = newFaultLog(cfg.MaxFaultLog, faultCounter)

	switch {
	case cfg.RulesFile != "":
		data, err := readRules(cfg.RulesFile, cfg.Limits.MaxBytes)
		if err != nil {
			return nil, err
		}
		set, err := rule.Parse(data, cfg.RulesFile, cfg.Limits)
		if err != nil {
			return nil, err
		}
		g.lastFile = digest(data)
		g.install(set, cfg.RulesFile)
	case cfg.Rules != nil:
		g.install(cfg.Rules, "configuration")
	default:
		g.install(noRules, "none")
	}

	// The header limit is enforced exactly, and answered as serve answers
	// it (431 naming the limit); net/http's own cap is set above it
	// (Listeners), so it only stops heads far beyond.
	proxy := g.metrics.Measure(policy.Log(g.log, policy.Recover(g.log,
		policy.HeadLimits(0, cfg.MaxHeaderBytes, http.HandlerFunc(g.serveProxy)))))
	g.proxy = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Not a ServeMux: a mux would clean paths and redirect, and a
		// transparent intermediary forwards the target as sent. The
		// pattern only labels the request metrics.
		r.Pattern = proxyRoute
		proxy.ServeHTTP(w, r)
	})
	g.admin = g.metrics.Measure(policy.Log(g.log, policy.Recover(g.log, policy.HeadLimits(0, cfg.MaxHeaderBytes, g.adminRoutes()))))
	return g, nil
}

// newTransport is the client side: one upstream, no proxy from the
// environment (the gateway reaches only what --upstream names), no
// compression (Accept-Encoding is the client's to send, and content is
// relayed as coded), and enough idle connections to reuse them under load.
func newTransport(cfg Config) *http.Transport {
	t := &http.Transport{
		Proxy: nil,
		DialContext: (&net.Dialer{
			Timeout:   cfg.UpstreamTimeout,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		MaxIdleConns:           cfg.MaxIdleUpstream,
		MaxIdleConnsPerHost:    cfg.MaxIdleUpstream,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    cfg.UpstreamTimeout,
		ResponseHeaderTimeout:  cfg.UpstreamTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: cfg.MaxUpstreamHeaderBytes,
		DisableCompression:     true,
	}
	if cfg.MaxIdleUpstream == 0 {
		t.DisableKeepAlives = true // net/http reads MaxIdleConns 0 as "no limit"
	}
	return t
}

// ServeHTTP is the proxy: what the proxy listener serves.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) { g.proxy.ServeHTTP(w, r) }

// Admin is the admin API: what the admin listener serves.
func (g *Gateway) Admin() http.Handler { return g.admin }

// Rules returns the rules in force.
func (g *Gateway) Rules() *rule.Set { return g.rules.Load().set }

// SetRules replaces the rules in force, as PUT /__statuskit/rules does;
// source names where they came from.
func (g *Gateway) SetRules(set *rule.Set, source string) {
	g.reloadMu.Lock()
	defer g.reloadMu.Unlock()
	g.install(set, source)
}

// install puts set in force. The caller holds reloadMu, or is New.
func (g *Gateway) install(set *rule.Set, source string) {
	rs := newRuleSet(set, g.cfg.Seed, source)
	g.rules.Store(rs)
	keep := map[string]bool{rule.Reserved[0]: true, rule.Reserved[1]: true}
	for _, r := range set.Rules {
		keep[r.ID] = true
	}
	g.faults.prune(keep)
}

// Seed is the seed of every random draw.
func (g *Gateway) Seed() uint64 { return g.cfg.Seed }

// Listeners are the gateway's listeners for lifecycle.Run: the proxy, and
// the admin API when Config.Admin (or adminLn) is set. A nil listener is
// opened on its configured address.
func (g *Gateway) Listeners(proxyLn, adminLn net.Listener) []lifecycle.Listener {
	limits := lifecycle.Limits{
		ReadHeaderTimeout: g.cfg.ReadHeaderTimeout,
		IdleTimeout:       g.cfg.IdleTimeout,
		WriteTimeout:      g.cfg.WriteTimeout,
		MaxHeaderBytes:    g.cfg.MaxHeaderBytes,
	}
	if limits.MaxHeaderBytes > 0 {
		// net/http counts the request line into its cap; leave room for
		// a long target, so the exact limit (policy.HeadLimits) is the
		// one that answers a head just over --max-header-bytes.
		limits.MaxHeaderBytes += requestLineAllowance
	}
	ls := []lifecycle.Listener{{
		Name: "proxy", Addr: g.cfg.Addr, Listener: proxyLn, Handler: g.proxy, Limits: limits,
		TLS: lifecycle.TLS{CertFile: g.cfg.TLSCert, KeyFile: g.cfg.TLSKey, SelfSigned: g.cfg.TLSSelfSigned, Certificate: g.cfg.TLSCertificate},
	}}
	if g.cfg.Admin != "" || adminLn != nil {
		ls = append(ls, lifecycle.Listener{Name: "admin", Addr: g.cfg.Admin, Listener: adminLn, Handler: g.admin, Limits: limits})
	}
	return ls
}

// Run serves the proxy and admin listeners on their configured addresses
// until ctx ends, watching the rules file meanwhile; see Serve.
func (g *Gateway) Run(ctx context.Context, ready func(name string, addr net.Addr, scheme string)) error {
	return g.Serve(ctx, nil, nil, ready)
}

// Serve is Run on listeners the caller opened (nil: open the configured
// address). ready is called once per listener ("proxy", "admin") when it
// is open. At shutdown, hanging requests and upgraded connections end at
// once; the rest get Config.DrainTimeout. A Gateway is served once.
func (g *Gateway) Serve(ctx context.Context, proxyLn, adminLn net.Listener, ready func(name string, addr net.Addr, scheme string)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if proxyLn == nil {
		ln, err := listenOn("Addr", g.cfg.Addr)
		if err != nil {
			if adminLn != nil {
				adminLn.Close()
			}
			return err
		}
		proxyLn = ln
	}
	if adminLn == nil && g.cfg.Admin != "" {
		ln, err := listenOn("Admin", g.cfg.Admin)
		if err != nil {
			proxyLn.Close()
			return err
		}
		adminLn = ln
	}
	g.warnIfExposed(proxyLn.Addr(), "--addr", "the proxy")
	if adminLn != nil {
		g.warnIfExposed(adminLn.Addr(), "--admin", "the admin API (anyone who reaches it can change the rules)")
	}
	var wg sync.WaitGroup
	if g.cfg.RulesFile != "" {
		w, err := g.watchRules()
		if err != nil {
			for _, ln := range []net.Listener{proxyLn, adminLn} {
				if ln != nil {
					ln.Close()
				}
			}
			return err
		}
		wg.Go(func() { g.watch(ctx, w) })
	}
	wg.Go(func() {
		<-ctx.Done()
		g.halt()
	})
	err := lifecycle.Run(ctx, lifecycle.Options{
		State: &g.state, DrainDelay: g.cfg.DrainDelay, DrainTimeout: g.cfg.DrainTimeout,
		Logger: g.log, Ready: ready,
	}, g.Listeners(proxyLn, adminLn)...)
	cancel()
	wg.Wait()
	g.transport.CloseIdleConnections()
	return err
}

// listenOn opens the listener of a Config field (Addr or Admin); its
// error is a *FieldError that says what to do, e.g. choose another port
// when the address is in use.
func listenOn(fieldName, addr string) (net.Listener, error) {
	ln, err := lifecycle.Listen(addr)
	var le *lifecycle.ListenError
	if errors.As(err, &le) {
		return nil, &FieldError{Field: fieldName, Example: le.Example, Message: le.Error()}
	}
	return ln, err
}

// warnIfExposed logs a warning when a listener is bound to more than
// loopback: a fault injector, and above all its admin API, reachable
// from the network is an open door.
func (g *Gateway) warnIfExposed(addr net.Addr, flag, what string) {
	ta, ok := addr.(*net.TCPAddr)
	if !ok || ta.IP.IsLoopback() {
		return
	}
	g.log.Warn(fmt.Sprintf("%s listens on %s, which is not loopback: other machines can reach it; bind it to 127.0.0.1 unless that is what you want (%s)", what, addr, flag),
		"listener", strings.TrimPrefix(flag, "--"), "addr", addr.String())
}

func (g *Gateway) halt() { g.stopOnce.Do(func() { close(g.stop) }) }

// readRules reads a rules file, refusing one larger than limit without
// reading it all.
func readRules(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rules file: %w; give a YAML or JSON file that exists, e.g. --rules rules.yaml", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("rules file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("rules file %s is not a regular file; give a YAML or JSON file, e.g. --rules rules.yaml", path)
	}
	data := make([]byte, 0, min(info.Size(), limit)+1)
	buf := make([]byte, 32<<10)
	for {
		n, err := f.Read(buf)
		data = append(data, buf[:n]...)
		if int64(len(data)) > limit {
			// Parse reports the size against the limit.
			return data, nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return data, nil
			}
			return nil, fmt.Errorf("rules file %s: %w", path, err)
		}
	}
}

// keyRing remembers the sequence keys this gateway has used, so reset can
// forget them in any store (Redis has no cheap "every key of mine"). It
// is bounded: past max keys the oldest is no longer remembered, and its
// position then only expires with StateTTL.
type keyRing struct {
	mu    sync.Mutex
	max   int
	set   map[string]struct{}
	order []string
	next  int
}

func newKeyRing(max int) *keyRing {
	return &keyRing{max: max, set: map[string]struct{}{}}
}

func (k *keyRing) add(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.set[key]; ok {
		return
	}
	if len(k.order) < k.max {
		k.order = append(k.order, key)
	} else {
		delete(k.set, k.order[k.next])
		k.order[k.next] = key
		k.next = (k.next + 1) % k.max
	}
	k.set[key] = struct{}{}
}

func (k *keyRing) drain() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := k.order
	k.order, k.next = nil, 0
	clear(k.set)
	return out
}

// clip cuts s to n bytes for logs and messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
