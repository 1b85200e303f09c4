// Package lifecycle runs HTTP handlers as a process: one or more listeners
// with their limits, TLS (a certificate, or a self-signed one for
// localhost) with HTTP/2 by ALPN or cleartext HTTP/2 by prior knowledge
// (h2c) on the same port, readiness, and graceful shutdown: readiness
// turns false, the listeners keep serving for a drain delay so load
// balancers move away, then in-flight requests get a drain timeout to
// finish.
//
// It knows nothing of what the handlers do: the status server runs one
// listener, the gateway a proxy listener and an admin listener.
package lifecycle

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/statuskit/statuskit/reply"
)

// Limits bound a listener's connections, as net/http's fields of the same
// names (zero: no limit; MaxHeaderBytes zero: net/http's default).
//
// MaxURIBytes and MaxHeaderBytes are the server's limits on the request
// target and the header section, which the handler enforces exactly
// (policy.HeadLimits answers 414 and 431). When MaxURIBytes is set,
// net/http's own cap on the whole head is their sum, so every head within
// either limit reaches the handler, and on HTTP/1.x a head beyond the cap
// is answered 414 or 431 by what was too long.
type Limits struct {
	ReadHeaderTimeout time.Duration
	IdleTimeout       time.Duration
	WriteTimeout      time.Duration
	MaxHeaderBytes    int
	MaxURIBytes       int
}

// Apply sets the limits on an http.Server that is not run by Run (an
// httptest.Server's Config, say), as Run sets them.
func (l Limits) Apply(hs *http.Server) {
	hs.ReadHeaderTimeout = l.ReadHeaderTimeout
	hs.IdleTimeout = l.IdleTimeout
	hs.WriteTimeout = l.WriteTimeout
	hs.MaxHeaderBytes = l.headCap()
}

// headCap is net/http's MaxHeaderBytes for the limits.
func (l Limits) headCap() int {
	if l.MaxURIBytes <= 0 {
		return l.MaxHeaderBytes
	}
	return l.MaxHeaderBytes + l.MaxURIBytes
}

// TLS says how a listener serves HTTPS: CertFile and KeyFile are PEM
// files; SelfSigned makes an in-memory certificate for localhost instead.
// The zero value serves cleartext (HTTP/1.1 and h2c).
type TLS struct {
	CertFile, KeyFile string
	SelfSigned        bool
	// Certificate, when not nil, is used as is (a self-signed certificate
	// the caller made and wrote out for clients, say).
	Certificate *tls.Certificate
}

// Enabled reports whether the listener serves HTTPS.
func (t TLS) Enabled() bool { return t.CertFile != "" || t.SelfSigned || t.Certificate != nil }

// Listener is one listening socket and the handler behind it.
type Listener struct {
	// Name labels the listener in logs and in Ready ("http", "admin").
	Name string
	// Addr is where to listen; Listener, when not nil, is an already open
	// socket used instead.
	Addr     string
	Listener net.Listener
	Handler  http.Handler
	TLS      TLS
	Limits   Limits
}

// State is a process's readiness: ready until a shutdown begins. The zero
// value is ready.
type State struct{ draining atomic.Bool }

// Draining reports whether a graceful shutdown has begun.
func (s *State) Draining() bool { return s.draining.Load() }

// Drain marks the state as draining: Run does it when its context ends,
// and a program that shuts down by other means (or a test) may too.
func (s *State) Drain() { s.draining.Store(true) }

// Options configure Run.
type Options struct {
	// State, when not nil, turns draining when a shutdown begins (/readyz
	// reads it).
	State *State
	// DrainDelay is how long the listeners keep serving after ctx ends,
	// with readiness false; DrainTimeout bounds the wait for in-flight
	// requests afterwards (zero: they are cut off at once).
	DrainDelay, DrainTimeout time.Duration
	// Logger receives the lifecycle's own lines; nil discards.
	Logger *slog.Logger
	// Ready, if not nil, is called once per listener when it is open,
	// with its bound address and scheme ("http" or "https").
	Ready func(name string, addr net.Addr, scheme string)
}

// Run opens every listener and serves until ctx ends or one fails, then
// shuts down gracefully. A listener that cannot open stops Run before any
// serves.
func Run(ctx context.Context, opts Options, listeners ...Listener) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	type running struct {
		hs    *http.Server
		serve func() error
	}
	var all []running
	closeAll := func() {
		for _, l := range listeners {
			if l.Listener != nil {
				l.Listener.Close()
			}
		}
	}
	for i := range listeners {
		l := &listeners[i]
		hs, err := httpServer(*l, log)
		if err != nil {
			closeAll()
			return err
		}
		if l.Listener == nil {
			ln, err := Listen(l.Addr)
			if err != nil {
				closeAll()
				return err
			}
			l.Listener = ln
		}
		ln := l.Listener
		if l.Limits.MaxURIBytes > 0 && hs.TLSConfig == nil {
			ln = headLimitListener{Listener: ln, maxURI: l.Limits.MaxURIBytes, maxHeader: l.Limits.MaxHeaderBytes}
		}
		scheme, serve := "http", func() error { return hs.Serve(ln) }
		if hs.TLSConfig != nil {
			scheme, serve = "https", func() error { return hs.ServeTLS(ln, "", "") }
		}
		log.Info("listening", slog.String("listener", l.Name), slog.String("addr", ln.Addr().String()),
			slog.String("scheme", scheme), slog.String("protocols", hs.Protocols.String()))
		if opts.Ready != nil {
			opts.Ready(l.Name, ln.Addr(), scheme)
		}
		all = append(all, running{hs, serve})
	}
	errc := make(chan error, len(all))
	for _, r := range all {
		go func() { errc <- r.serve() }()
	}
	var failed error
	select {
	case failed = <-errc:
	case <-ctx.Done():
	}
	if opts.State != nil {
		opts.State.draining.Store(true)
	}
	if failed == nil && opts.DrainDelay > 0 {
		// Keep serving, readiness false, until load balancers have
		// noticed; in-flight and new requests are all answered meanwhile.
		log.Info("draining: not ready, still serving", slog.Duration("drain_delay", opts.DrainDelay))
		t := time.NewTimer(opts.DrainDelay)
		select {
		case <-t.C:
		case failed = <-errc:
			t.Stop()
		}
	}
	log.Info("shutting down", slog.Duration("drain_timeout", opts.DrainTimeout))
	drain, cancel := context.WithTimeout(context.Background(), opts.DrainTimeout)
	defer cancel()
	var shutdownErr error
	for _, r := range all {
		if err := r.hs.Shutdown(drain); err != nil {
			r.hs.Close()
			shutdownErr = fmt.Errorf("requests still running after the drain timeout (%s) were cut off: %w", opts.DrainTimeout, err)
		}
	}
	if failed != nil && !errors.Is(failed, http.ErrServerClosed) {
		return failed
	}
	return shutdownErr
}

// httpServer builds the net/http server of one listener. HTTP/1.1 and
// HTTP/2 are both served: over TLS by ALPN, and in cleartext by prior
// knowledge (h2c) on the same port.
func httpServer(l Listener, log *slog.Logger) (*http.Server, error) {
	hs := &http.Server{
		Handler:           l.Handler,
		ReadHeaderTimeout: l.Limits.ReadHeaderTimeout,
		IdleTimeout:       l.Limits.IdleTimeout,
		WriteTimeout:      l.Limits.WriteTimeout,
		MaxHeaderBytes:    l.Limits.headCap(),
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		Protocols:         new(http.Protocols),
	}
	hs.Protocols.SetHTTP1(true)
	switch {
	case l.TLS.Certificate != nil:
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*l.TLS.Certificate}}
	case l.TLS.CertFile != "":
		cert, err := tls.LoadX509KeyPair(l.TLS.CertFile, l.TLS.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate %s and key %s: %w", l.TLS.CertFile, l.TLS.KeyFile, err)
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	case l.TLS.SelfSigned:
		cert, err := SelfSignedCertificate()
		if err != nil {
			return nil, err
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	if hs.TLSConfig != nil {
		hs.Protocols.SetHTTP2(true)
		hs.TLSConfig.MinVersion = tls.VersionTLS12
	} else {
		hs.Protocols.SetUnencryptedHTTP2(true)
	}
	return hs, nil
}

// Health is GET /healthz, liveness: the process is up and serving. It
// never depends on anything else, so a restart is not triggered by a
// problem a restart cannot fix.
func Health(w http.ResponseWriter, r *http.Request) error {
	writeProbe(w, r, "ok")
	return nil
}

// Ready is GET /readyz, readiness: 503 with Retry-After once a graceful
// shutdown has begun, so a load balancer stops sending new requests while
// the in-flight ones finish; retryAfter is how long the shutdown may take.
func (s *State) Ready(retryAfter time.Duration) reply.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Draining() {
			return &reply.Error{Status: http.StatusServiceUnavailable,
				RetryAfter: strconv.Itoa(max(1, int((retryAfter+time.Second-1)/time.Second))),
				Message:    "draining: this server is shutting down and takes no new work; send requests to another instance"}
		}
		writeProbe(w, r, "ready")
		return nil
	}
}

// writeProbe answers a probe with 200 and a one-word body, as text or
// JSON ({"status":"ok"}); probes must never be served from a cache.
func writeProbe(w http.ResponseWriter, r *http.Request, word string) {
	w.Header().Set("Cache-Control", "no-store")
	resp := reply.Response{Status: http.StatusOK, Content: []byte(word + "\n"), ContentType: reply.Text.ContentType()}
	if reply.Negotiate(r.Header.Get("Accept")).JSONLike() {
		resp.Content, resp.ContentType = []byte(`{"status":"`+word+`"}`+"\n"), reply.JSON.ContentType()
	}
	w.Header()["Vary"] = []string{"Accept"}
	reply.Write(w, r, &resp)
}

// SelfSignedCertificate makes an in-memory ECDSA certificate for
// localhost, 127.0.0.1 and ::1, valid for a week.
func SelfSignedCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"statuskit self-signed"}, CommonName: "localhost"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("create certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// HealthHandler is Health as an http.Handler.
func HealthHandler() http.Handler { return reply.HandlerFunc(Health) }
