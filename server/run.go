package server

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
	"time"
)

// Run listens on cfg.Addr and serves until ctx is cancelled, then shuts
// down gracefully: readiness turns false, in-flight requests finish within
// DrainTimeout, and Run returns. ready, if not nil, receives the bound
// address once the listener is open (useful with Addr ":0").
func (s *Server) Run(ctx context.Context, ready func(addr net.Addr)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln, ready)
}

// Serve is Run on a listener the caller opened.
func (s *Server) Serve(ctx context.Context, ln net.Listener, ready func(addr net.Addr)) error {
	hs, err := s.httpServer()
	if err != nil {
		ln.Close()
		return err
	}
	scheme, serve := "http", func() error { return hs.Serve(ln) }
	if hs.TLSConfig != nil {
		scheme, serve = "https", func() error { return hs.ServeTLS(ln, "", "") }
	}
	s.cfg.Logger.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("scheme", scheme),
		slog.String("protocols", hs.Protocols.String()))
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	if s.cfg.DrainDelay > 0 {
		// Keep serving, /readyz saying 503, until load balancers have
		// noticed; in-flight and new requests are all answered meanwhile.
		s.cfg.Logger.Info("draining: not ready, still serving", slog.Duration("drain_delay", s.cfg.DrainDelay))
		t := time.NewTimer(s.cfg.DrainDelay)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return err
		}
	}
	s.cfg.Logger.Info("shutting down", slog.Duration("drain_timeout", s.cfg.DrainTimeout))
	drain, cancel := context.WithTimeout(context.Background(), s.cfg.DrainTimeout)
	defer cancel()
	if err := hs.Shutdown(drain); err != nil {
		hs.Close()
		return fmt.Errorf("requests still running after the drain timeout (%s) were cut off: %w", s.cfg.DrainTimeout, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Draining reports whether a graceful shutdown has begun.
func (s *Server) Draining() bool { return s.draining.Load() }

// httpServer builds the net/http server with every limit from the config.
// HTTP/1.1 and HTTP/2 are both served: over TLS by ALPN, and in cleartext
// by prior knowledge (h2c) on the same port.
func (s *Server) httpServer() (*http.Server, error) {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
		Protocols:         new(http.Protocols),
	}
	hs.Protocols.SetHTTP1(true)
	switch {
	case s.cfg.TLSCert != "":
		cert, err := tls.LoadX509KeyPair(s.cfg.TLSCert, s.cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate %s and key %s: %w", s.cfg.TLSCert, s.cfg.TLSKey, err)
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	case s.cfg.TLSSelfSigned:
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
