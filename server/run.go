package server

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/statuskit/statuskit/lifecycle"
)

// maxEchoIdle caps how long the 101 echo waits for the next bytes.
const maxEchoIdle = 30 * time.Second

// lifecycleState is the server's readiness, shared with Run.
type lifecycleState = lifecycle.State

// Run listens on cfg.Addr and serves until ctx is cancelled, then shuts
// down gracefully: readiness turns false, in-flight requests finish within
// DrainTimeout, and Run returns. ready, if not nil, receives the bound
// address once the listener is open (useful with Addr ":0").
func (s *Server) Run(ctx context.Context, ready func(addr net.Addr)) error {
	return s.Serve(ctx, nil, ready)
}

// Serve is Run on a listener the caller opened (nil: listen on Addr).
func (s *Server) Serve(ctx context.Context, ln net.Listener, ready func(addr net.Addr)) error {
	return lifecycle.Run(ctx, lifecycle.Options{
		State:        &s.lifecycle,
		DrainDelay:   s.cfg.DrainDelay,
		DrainTimeout: s.cfg.DrainTimeout,
		Logger:       s.cfg.Logger,
		Ready: func(_ string, addr net.Addr, _ string) {
			if ready != nil {
				ready(addr)
			}
		},
	}, s.Listener(ln))
}

// Listener is the server as a lifecycle.Listener, for a process that runs
// it beside other listeners; ln may be nil to listen on Addr.
func (s *Server) Listener(ln net.Listener) lifecycle.Listener {
	return lifecycle.Listener{
		Name: "http", Addr: s.cfg.Addr, Listener: ln, Handler: s,
		TLS: lifecycle.TLS{CertFile: s.cfg.TLSCert, KeyFile: s.cfg.TLSKey, SelfSigned: s.cfg.TLSSelfSigned, Certificate: s.cfg.TLSCertificate},
		Limits: lifecycle.Limits{
			ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
			IdleTimeout:       s.cfg.IdleTimeout,
			WriteTimeout:      s.cfg.WriteTimeout,
			MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
			MaxURIBytes:       s.cfg.MaxURIBytes,
		},
	}
}

// Draining reports whether a graceful shutdown has begun.
func (s *Server) Draining() bool { return s.lifecycle.Draining() }

// SelfSignedCertificate makes an in-memory ECDSA certificate for
// localhost, 127.0.0.1 and ::1, valid for a week (lifecycle's).
func SelfSignedCertificate() (tls.Certificate, error) { return lifecycle.SelfSignedCertificate() }
