package store

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrMisconfigured is matched by errors.Is for every *ConfigError.
var ErrMisconfigured = errors.New("state store misconfigured")

// ConfigError says that a store's URL cannot work with the server it
// names: the database index does not exist, TLS is on at one end only,
// the server's certificate is not trusted, or the credentials are wrong.
// Unlike an UnavailableError, waiting will not fix it.
type ConfigError struct {
	// Store is the store, without credentials: "redis at 127.0.0.1:6379 (db 16)".
	Store string
	// Problem says what is wrong, Fix what to do, with an example URL.
	Problem, Fix string
	// Err is what Redis or the network said.
	Err error
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("%s: %s; %s", e.Store, e.Problem, e.Fix)
}

// Is makes errors.Is(err, ErrMisconfigured) true.
func (e *ConfigError) Is(target error) bool { return target == ErrMisconfigured }

// Unwrap returns the cause.
func (e *ConfigError) Unwrap() error { return e.Err }

// probeTimeout bounds each extra connection Check opens to find out why
// the first one failed.
const probeTimeout = time.Second

// Check connects to Redis once and says whether the store can work: nil
// when Redis answers PING; a *ConfigError when the URL cannot work with
// that server (retrying will not help, so a server should refuse to
// start); otherwise the error Ping gives, an *UnavailableError when Redis
// could not be reached (it may come up later).
//
// To tell a TLS mismatch from an unreachable server, a failed connection
// is followed by one probe in the other mode: a plaintext PING after a
// failed TLS handshake, a TLS handshake after a failed plaintext
// connection. Each probe takes at most a second.
func (s *Redis) Check(ctx context.Context) error {
	// A TLS handshake with a plaintext server waits for bytes that never
	// come, so the ping must give up early enough to leave the probe its
	// time within ctx.
	pingCtx, cancel := ctx, context.CancelFunc(func() {})
	if deadline, ok := ctx.Deadline(); ok {
		left := time.Until(deadline)
		pingCtx, cancel = context.WithTimeout(ctx, max(left/2, left-probeTimeout-probeTimeout/2))
	}
	err := s.client.Ping(pingCtx).Err()
	cancel()
	if err == nil {
		return nil
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	o := s.client.Options()
	var rerr redis.Error
	if errors.As(err, &rerr) {
		msg := rerr.Error()
		switch {
		case strings.Contains(msg, "DB index is out of range") || strings.Contains(msg, "invalid DB index"):
			return s.dbOutOfRange(ctx, o, err)
		case strings.HasPrefix(msg, "NOAUTH"):
			return &ConfigError{Store: s.desc, Err: err,
				Problem: "Redis requires a password and the URL gives none (" + msg + ")",
				Fix:     "put it in the URL, e.g. " + exampleURL(o, ":PASSWORD@", o.DB) + ", or USER:PASSWORD@ for an ACL user"}
		case strings.HasPrefix(msg, "WRONGPASS") || strings.Contains(msg, "invalid password") || strings.Contains(msg, "invalid username-password"):
			return &ConfigError{Store: s.desc, Err: err,
				Problem: "Redis refused the URL's user name or password (" + msg + ")",
				Fix:     "give the right ones, e.g. " + exampleURL(o, "USER:PASSWORD@", o.DB)}
		}
		return s.wrap(ctx, err)
	}
	var verr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &verr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return &ConfigError{Store: s.desc, Err: err,
			Problem: "the server's TLS certificate is not trusted (" + err.Error() + ")",
			Fix:     "add its CA to the system's trusted certificates, or for a test server only, skip verification: " + exampleURL(o, "", o.DB) + "?skip_verify=true"}
	}
	if o.TLSConfig != nil && answersPlaintext(ctx, o.Network, o.Addr) {
		return &ConfigError{Store: s.desc, Err: err,
			Problem: "the TLS handshake failed (" + err.Error() + ") because the server answers plaintext Redis on that port",
			Fix:     "use redis:// for a plaintext server, e.g. " + exampleURLScheme(o, "redis", o.DB) + ", or enable TLS on the server (its tls-port) and use that port"}
	}
	if o.TLSConfig == nil && o.Network != "unix" && speaksTLS(ctx, o.Addr) {
		return &ConfigError{Store: s.desc, Err: err,
			Problem: "the server speaks TLS on that port and the URL asks for plaintext (" + err.Error() + ")",
			Fix:     "use rediss:// for TLS, e.g. " + exampleURLScheme(o, "rediss", o.DB)}
	}
	return s.wrap(ctx, err)
}

// dbOutOfRange explains "ERR DB index is out of range" with the number of
// databases the server has, asked over a connection to database 0.
func (s *Redis) dbOutOfRange(ctx context.Context, o *redis.Options, cause error) error {
	e := &ConfigError{Store: s.desc, Err: cause,
		Problem: fmt.Sprintf("database %d does not exist on this Redis (%s)", o.DB, cause),
		Fix:     "use an existing database, e.g. " + exampleURL(o, "", 0)}
	c := redis.NewClient(&redis.Options{
		Network: o.Network, Addr: o.Addr, Username: o.Username, Password: o.Password, TLSConfig: o.TLSConfig,
		DB: 0, DialTimeout: probeTimeout, ReadTimeout: probeTimeout, WriteTimeout: probeTimeout,
		MaxRetries: -1, DialerRetries: 1, PoolSize: 1,
	})
	defer c.Close()
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
	defer cancel()
	if v, err := c.ConfigGet(pctx, "databases").Result(); err == nil {
		if n, err := strconv.Atoi(v["databases"]); err == nil && n > 0 {
			e.Problem = fmt.Sprintf("database %d does not exist: this Redis has %d databases, numbered 0 to %d (its databases setting)", o.DB, n, n-1)
			return e
		}
	}
	e.Problem += "; Redis has as many databases as its databases setting says (16 by default, numbered 0 to 15)"
	return e
}

// exampleURL is the store's URL with userinfo (e.g. ":PASSWORD@") and
// database db, for messages: never the real password.
func exampleURL(o *redis.Options, userinfo string, db int) string {
	scheme := "redis"
	if o.TLSConfig != nil {
		scheme = "rediss"
	}
	return exampleURLWith(o, scheme, userinfo, db)
}

func exampleURLScheme(o *redis.Options, scheme string, db int) string {
	return exampleURLWith(o, scheme, "", db)
}

func exampleURLWith(o *redis.Options, scheme, userinfo string, db int) string {
	if o.Network == "unix" {
		return "unix://" + userinfo + o.Addr + "?db=" + strconv.Itoa(db)
	}
	return scheme + "://" + userinfo + o.Addr + "/" + strconv.Itoa(db)
}

// answersPlaintext reports whether the server at addr answers a plaintext
// PING with a Redis reply (+PONG, or an error such as -NOAUTH).
func answersPlaintext(ctx context.Context, network, addr string) bool {
	if network == "" {
		network = "tcp"
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
	defer cancel()
	c, err := (&net.Dialer{}).DialContext(pctx, network, addr)
	if err != nil {
		return false
	}
	defer c.Close()
	deadline, _ := pctx.Deadline()
	_ = c.SetDeadline(deadline)
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	b, err := bufio.NewReader(c).ReadByte()
	return err == nil && (b == '+' || b == '-')
}

// speaksTLS reports whether a TLS handshake with addr succeeds (without
// verifying the certificate: the question is only which protocol it
// speaks).
func speaksTLS(ctx context.Context, addr string) bool {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
	defer cancel()
	c, err := (&net.Dialer{}).DialContext(pctx, "tcp", addr)
	if err != nil {
		return false
	}
	defer c.Close()
	host, _, _ := net.SplitHostPort(addr)
	// Not verifying is safe here: the probe sends nothing over the
	// connection, it only learns whether the server speaks TLS.
	tc := tls.Client(c, &tls.Config{InsecureSkipVerify: true, ServerName: host})
	return tc.HandshakeContext(pctx) == nil
}
