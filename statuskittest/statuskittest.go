// Package statuskittest starts a statuskit server for a Go test, in the
// style of net/http/httptest: one call gives a server on a loopback port
// whose URL answers every statuskit endpoint (/503, /sequence/503,503,200,
// /ratelimit, POST /jobs, …), and the test's cleanup closes it.
//
//	func TestClientRetries503(t *testing.T) {
//		sk := statuskittest.NewServer(t)
//		resp, err := myclient.Get(sk.URL + "/sequence/503;retry-after=1,200")
//		…
//	}
//
// # When to use it, and when httptest.NewServer(server.New(cfg))
//
// What server.New returns is an http.Handler, so
// httptest.NewServer(server.New(cfg)) works too. NewServer adds what a test
// otherwise writes by hand, and what makes it behave like the statuskit
// serve a client meets elsewhere:
//
//   - it is closed by t.Cleanup, after the test and its parallel subtests,
//     so no defer is forgotten;
//   - the http.Server gets the connection settings statuskit serve uses
//     (ReadHeaderTimeout, IdleTimeout, WriteTimeout, MaxHeaderBytes from
//     the Config, and HTTP/1.1 plus cleartext HTTP/2), so a client that
//     sends 40 KiB of header fields gets 431 here as it would from the real
//     server, where httptest's defaults would let 1 MiB through;
//   - the config is validated, and a bad one fails the test naming the
//     field, instead of serving defaults;
//   - what the server logs goes to t.Log (warnings and errors; every
//     request with WithRequestLog), so it shows up next to the test that
//     caused it, and only when the test fails or runs with -v.
//
// Use httptest.NewServer(server.New(cfg)) when the handler must sit behind
// your own mux or middleware, or when the server must outlive a test
// without a testing.TB at hand (pass nil as t for that too; see NewServer).
// Use statuskit serve, as the Python and Node examples in the repository
// do, when the client under test is not written in Go.
//
// Each NewServer has its own in-memory state unless WithStore shares one,
// so tests with separate servers cannot disturb each other. Tests that
// share a server keep apart with a key per test (?key= or the
// X-Statuskit-Key request header).
package statuskittest

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/server"
	"github.com/statuskit/statuskit/store"
)

// Server is a statuskit server listening on a loopback port. It is an
// httptest.Server: URL is its base URL ("http://127.0.0.1:PORT", no
// trailing slash), Client returns an http.Client configured for it (and for
// its certificate after StartTLS), Close shuts it down and waits for the
// requests in flight. Close may be called more than once.
type Server struct {
	*httptest.Server
}

// Option changes how NewServer and NewUnstartedServer build a server.
type Option func(*settings)

type settings struct {
	cfg        server.Config
	store      store.Store
	requestLog bool
}

// WithConfig sets the server's whole Config, taken as given as server.New
// takes it: a zero limit is zero (MaxBody 0 accepts no content), except
// the fields in server.ZeroMeansDefault, whose zero means the default, so
// WithConfig(server.Config{}) is a server with every other limit zero.
// The Config is checked with Validate first. Without it the server runs with
// server.DefaultConfig. To change a few settings, use Configure. Addr,
// DrainTimeout and DrainDelay
// do not apply (the server listens on a loopback port of its own, and
// Close ends it); TLSCert, TLSKey and TLSSelfSigned are refused: use
// NewUnstartedServer and StartTLS, which serves httptest's certificate
// and gives a Client that trusts it.
func WithConfig(cfg server.Config) Option {
	return func(s *settings) { s.cfg = cfg }
}

// Configure changes the settings it is about and leaves the rest as they
// are (server.DefaultConfig, unless WithConfig came first):
//
//	statuskittest.NewServer(t, statuskittest.Configure(func(c *server.Config) { c.MaxSleep = time.Minute }))
func Configure(change func(*server.Config)) Option {
	return func(s *settings) { change(&s.cfg) }
}

// WithStore keeps the stateful scenarios' state (/sequence, /ratelimit,
// /jobs, /resources) in st, for instance a store.Redis shared by several
// servers, instead of in a fresh in-memory store. It overrides
// Config.Store. The server does not close st; the test that opened it
// does.
func WithStore(st store.Store) Option {
	return func(s *settings) { s.store = st }
}

// WithRequestLog logs one line per request (method, path, status, bytes,
// duration) to t.Log, as statuskit serve logs them at --log-level info.
// Without it only warnings and errors are logged. It has no effect when
// Config.Logger is set, or when t is nil.
func WithRequestLog() Option {
	return func(s *settings) { s.requestLog = true }
}

// NewServer starts a statuskit server on a loopback port and registers its
// Close with t.Cleanup. A config that does not validate fails the test
// with the reasons (t.Fatal).
//
// t may be nil where there is no test, as in a TestMain or an Example: the
// caller must then Close the server, nothing is logged, and an invalid
// config panics (as httptest.NewServer panics when it cannot listen).
func NewServer(t testing.TB, opts ...Option) *Server {
	if t != nil {
		t.Helper()
	}
	s := NewUnstartedServer(t, opts...)
	s.Start()
	return s
}

// NewUnstartedServer is NewServer without Start, so the caller can change
// the httptest.Server first (set EnableHTTP2, or replace fields of Config
// or TLS) and then call Start or StartTLS. It registers Close with
// t.Cleanup as NewServer does; closing a server that was never started
// releases its listener.
func NewUnstartedServer(t testing.TB, opts ...Option) *Server {
	if t != nil {
		t.Helper()
	}
	set := settings{cfg: server.DefaultConfig()}
	for _, opt := range opts {
		opt(&set)
	}
	cfg := set.cfg
	if set.store != nil {
		cfg.Store = set.store
	}
	if err := check(cfg); err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatal(err)
	}
	if cfg.Logger == nil && t != nil {
		level := slog.LevelWarn
		if set.requestLog {
			level = slog.LevelInfo
		}
		cfg.Logger = slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{
			Level: level,
			// t.Log stamps nothing, but the test's own timing is what a
			// reader compares against; a wall-clock time adds only noise.
			ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if len(groups) == 0 && a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			},
		}))
	}
	srv := server.New(cfg)
	ts := httptest.NewUnstartedServer(srv)
	connectionSettings(ts.Config, srv)
	if t != nil {
		t.Cleanup(ts.Close)
	}
	return &Server{Server: ts}
}

// check validates cfg as statuskit serve does, and refuses the settings
// this package cannot honour rather than ignoring them silently.
func check(cfg server.Config) error {
	var errs []error
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" || cfg.TLSSelfSigned {
		errs = append(errs, errors.New("TLSCert, TLSKey and TLSSelfSigned do not apply to a test server: "+
			"use NewUnstartedServer(t) and then StartTLS(), whose Client() trusts the certificate"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("statuskittest: invalid server.Config: %w", err)
	}
	return nil
}

// connectionSettings gives hs the limits and protocols statuskit serve
// gives its http.Server, so a client meets the same 431 and timeouts in a
// test as in production.
func connectionSettings(hs *http.Server, srv *server.Server) {
	srv.Listener(nil).Limits.Apply(hs)
	if l := srv.Config().Logger; l != nil {
		hs.ErrorLog = slog.NewLogLogger(l.Handler(), slog.LevelWarn)
	}
	// HTTP/1.1 and h2c with prior knowledge, as statuskit serve without
	// TLS; after StartTLS, httptest's EnableHTTP2 decides ALPN.
	hs.Protocols = new(http.Protocols)
	hs.Protocols.SetHTTP1(true)
	hs.Protocols.SetUnencryptedHTTP2(true)
	hs.Protocols.SetHTTP2(true)
}

// testLog writes each log record to t.Log, one call per line, so the
// records of concurrent requests do not interleave.
type testLog struct{ t testing.TB }

func (w testLog) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		w.t.Log(strings.TrimSuffix(line, "\n"))
	}
	return len(p), nil
}
