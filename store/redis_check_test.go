package store_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

func TestOpenEchoesAMalformedStoreAndSaysTheForms(t *testing.T) {
	t.Parallel()
	forms := []string{"memory", "redis://127.0.0.1:6379/0", "rediss://", "unix://"}
	tests := []struct {
		spec    string
		echo    string // what the message must quote back
		guess   string // "" when no guess is right
		secrets string // must not appear
	}{
		{"127.0.0.1:6379", `"127.0.0.1:6379"`, "did you mean redis://127.0.0.1:6379/0?", ""},
		{"localhost:6380", `"localhost:6380"`, "did you mean redis://localhost:6380/0?", ""},
		{"redis-host", `"redis-host"`, "did you mean redis://redis-host:6379/0?", ""},
		{"user:hunter2@10.0.0.5:6379", `"xxxxx@10.0.0.5:6379"`, "did you mean redis://USER:PASSWORD@10.0.0.5:6379/0?", "hunter2"},
		{"Memory", `"Memory"`, "did you mean memory?", ""},
		{"postgres://db:5432", `"postgres://db:5432"`, "", ""},
		{"http://user:hunter2@x/0", `"http://user:xxxxx@x/0"`, "", "hunter2"},
	}
	for _, tt := range tests {
		_, err := store.Open(tt.spec, store.MemoryOptions{})
		if err == nil {
			t.Errorf("Open(%q) accepted it", tt.spec)
			continue
		}
		msg := err.Error()
		for _, want := range append([]string{tt.echo}, forms...) {
			if !strings.Contains(msg, want) {
				t.Errorf("Open(%q) = %q; want it to contain %q", tt.spec, msg, want)
			}
		}
		if tt.guess != "" && !strings.Contains(msg, tt.guess) || tt.guess == "" && strings.Contains(msg, "did you mean") {
			t.Errorf("Open(%q) = %q; want guess %q", tt.spec, msg, tt.guess)
		}
		if tt.secrets != "" && strings.Contains(msg, tt.secrets) {
			t.Errorf("Open(%q) = %q shows the password", tt.spec, msg)
		}
	}
	for _, spec := range []string{"", "memory", "redis://127.0.0.1:6379/0", "REDIS://127.0.0.1:6379/0", "rediss://127.0.0.1:6380/1", "unix:///tmp/redis.sock?db=2"} {
		st, err := store.Open(spec, store.MemoryOptions{})
		if err != nil {
			t.Errorf("Open(%q): %v", spec, err)
			continue
		}
		st.Close()
	}
}

// A URL that cannot work with the server it names is a *ConfigError that
// says what is wrong and how to write it; an unreachable server is only
// unavailable (it may come up). Each case runs against a real redis-server.
func TestRedisCheckTellsAWrongURLFromADownServer(t *testing.T) {
	t.Parallel()
	plain := redistest.Start(t)
	locked := redistest.Start(t)
	setPassword(t, locked.Addr, "hunter2")
	tlsAddr := startTLSRedis(t)
	down := redistest.Start(t)
	down.Stop()

	tests := []struct {
		name   string
		url    string
		config bool     // want a *ConfigError; else want ErrUnavailable, or nil when ok
		ok     bool     // want nil
		want   []string // in the message
	}{
		{"a database that exists", plain.URL, false, true, nil},
		{"a database index out of range", "redis://" + plain.Addr + "/16", true, false,
			[]string{"database 16 does not exist", "16 databases, numbered 0 to 15", "redis://" + plain.Addr + "/0"}},
		{"TLS to a plaintext server", "rediss://" + plain.Addr + "/0", true, false,
			[]string{"TLS handshake failed", "plaintext", "redis://" + plain.Addr + "/0"}},
		{"plaintext to a TLS server", "redis://" + tlsAddr + "/0", true, false,
			[]string{"speaks TLS", "rediss://" + tlsAddr + "/0"}},
		{"TLS to an untrusted certificate", "rediss://" + tlsAddr + "/0", true, false,
			[]string{"certificate is not trusted", "?skip_verify=true"}},
		{"TLS, verification skipped", "rediss://" + tlsAddr + "/0?skip_verify=true", false, true, nil},
		{"no password for a server that wants one", "redis://" + locked.Addr + "/0", true, false,
			[]string{"requires a password", "redis://:PASSWORD@" + locked.Addr + "/0"}},
		{"a wrong password", "redis://:wrong@" + locked.Addr + "/0", true, false,
			[]string{"refused", "USER:PASSWORD@"}},
		{"the right password", "redis://:hunter2@" + locked.Addr + "/0", false, true, nil},
		{"a server that is down", down.URL, false, false, []string{down.Addr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newRedis(t, tt.url)
			c, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			err := s.Check(c)
			var ce *store.ConfigError
			switch {
			case tt.ok:
				if err != nil {
					t.Fatalf("Check(%s) = %v; want nil", tt.url, err)
				}
				return
			case tt.config:
				if !errors.As(err, &ce) || !errors.Is(err, store.ErrMisconfigured) {
					t.Fatalf("Check(%s) = %v (%T); want a *ConfigError: waiting cannot fix this URL", tt.url, err, err)
				}
			default:
				if !errors.Is(err, store.ErrUnavailable) || errors.Is(err, store.ErrMisconfigured) {
					t.Fatalf("Check(%s) = %v; want ErrUnavailable only: the server may come up", tt.url, err)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Check(%s) = %q; want it to say %q", tt.url, err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Check(%s) = %q shows the password", tt.url, err)
			}
		})
	}
}

// Check at start-up tells a URL to fix from a server to wait for.
func ExampleRedis_Check() {
	r, err := store.NewRedis("redis://127.0.0.1:6379/0", store.RedisOptions{})
	if err != nil {
		fmt.Println(err) // not a Redis URL: the message says how to write one
		return
	}
	defer r.Close()
	c, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	switch err := r.Check(c); {
	case errors.Is(err, store.ErrMisconfigured):
		fmt.Println("fix the URL:", err) // e.g. database 16 does not exist: this Redis has 16 databases...
	case errors.Is(err, store.ErrUnavailable):
		fmt.Println("Redis is down; stateful requests fail until it is back:", err)
	}
}

func setPassword(t *testing.T, addr, password string) {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	if err := c.ConfigSet(ctx, "requirepass", password).Err(); err != nil {
		t.Fatalf("CONFIG SET requirepass: %v", err)
	}
}

// startTLSRedis runs a redis-server that speaks only TLS, with a
// self-signed certificate, on a free loopback port, and returns its
// address. redistest.Start cannot: it checks readiness in plaintext.
func startTLSRedis(t *testing.T) string {
	t.Helper()
	bin := redistest.Binary(t)
	dir := t.TempDir()
	certFile, keyFile := writeSelfSigned(t, dir)
	for range 3 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		cmd := exec.Command(bin, "--port", "0", "--tls-port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--tls-cert-file", certFile, "--tls-key-file", keyFile, "--tls-auth-clients", "no",
			"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning", "--daemonize", "no")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		t.Cleanup(func() { _ = cmd.Process.Kill(); <-done })
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	wait:
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			select {
			case <-done:
				// Most likely the port was taken meanwhile; try another.
				t.Logf("redis-server --tls-port %d exited: %s", port, out.String())
				break wait
			default:
			}
			c, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr, &tls.Config{InsecureSkipVerify: true})
			if err == nil {
				c.Close()
				return addr
			}
		}
	}
	t.Fatal("could not start a TLS-only redis-server")
	return ""
}

func writeSelfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
