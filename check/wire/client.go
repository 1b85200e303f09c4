package wire

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Request is a request to write on the wire. The client adds Host,
// User-Agent, Accept (unless Header has them), Connection: close (one
// exchange per connection, so the end of the connection ends the
// response) and a Content-Length when there is Content or the method is
// POST, PUT or PATCH.
type Request struct {
	Method string
	URL    *url.URL
	// Header are the field lines to send, in order.
	Header []Field
	// Content is the request content; nil for none.
	Content []byte
	// RawLines are written as they are after the header fields: a probe
	// uses them to send a deliberately malformed field line.
	RawLines []string
}

// Get returns the value of the first field named name (case-insensitive).
func (r *Request) Get(name string) (string, bool) {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// UserAgent is what the checker calls itself.
const UserAgent = "statuskit-check"

// Bytes is the request as written on the wire.
func (r *Request) Bytes() []byte {
	var b bytes.Buffer
	target := r.URL.RequestURI()
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", r.Method, target)
	fmt.Fprintf(&b, "Host: %s\r\n", r.URL.Host)
	has := func(name string) bool { _, ok := r.Get(name); return ok }
	if !has("User-Agent") {
		b.WriteString("User-Agent: " + UserAgent + "\r\n")
	}
	if !has("Accept") {
		b.WriteString("Accept: */*\r\n")
	}
	for _, f := range r.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", f.Name, f.Value)
	}
	for _, l := range r.RawLines {
		b.WriteString(l + "\r\n")
	}
	if r.Content != nil || r.Method == "POST" || r.Method == "PUT" || r.Method == "PATCH" {
		b.WriteString("Content-Length: " + strconv.Itoa(len(r.Content)) + "\r\n")
	}
	b.WriteString("Connection: close\r\n\r\n")
	b.Write(r.Content)
	return b.Bytes()
}

// Client makes one exchange per connection.
type Client struct {
	// Timeout bounds the whole exchange: connecting, writing, reading.
	Timeout time.Duration
	// AfterWait is how long to wait, once the message has ended, for
	// bytes the server should not send (content on a 204, more content
	// than Content-Length) before the server closes the connection, as
	// Connection: close asks it to. Zero does not look.
	AfterWait time.Duration
	// Limits bound what is read.
	Limits Limits
	// TLS configures https URLs; nil is the system's roots with the
	// URL's host as the server name.
	TLS *tls.Config
}

// DialError is a failure to reach the server: connecting or the TLS
// handshake.
type DialError struct {
	Addr string
	Err  error
}

func (e *DialError) Error() string { return "cannot connect to " + e.Addr + ": " + e.Err.Error() }
func (e *DialError) Unwrap() error { return e.Err }

// Do writes req on a new connection and reads the response, then reads
// what the server sends after it (Response.After) until the server closes
// the connection or AfterWait passes.
//
// Errors: a *DialError when the server cannot be reached, a *SyntaxError
// for a response RFC 9112 does not allow, ErrNoFinalResponse (with the
// interim responses) when only 1xx responses came, or the I/O error (a
// timeout is a net.Error with Timeout() true) when no response came at
// all.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("%s: only http and https URLs can be checked", req.URL.Redacted())
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	addr := req.URL.Host
	if req.URL.Port() == "" {
		port := "80"
		if req.URL.Scheme == "https" {
			port = "443"
		}
		addr = net.JoinHostPort(req.URL.Hostname(), port)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, &DialError{Addr: addr, Err: err}
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// Closing the connection unblocks reads if ctx is cancelled; its
	// deadline is the connection's, which ends reads as a timeout.
	stop := context.AfterFunc(ctx, func() {
		if ctx.Err() == context.Canceled {
			conn.Close()
		}
	})
	defer stop()
	if req.URL.Scheme == "https" {
		cfg := c.TLS.Clone()
		if cfg == nil {
			cfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		if cfg.ServerName == "" {
			cfg.ServerName = req.URL.Hostname()
		}
		cfg.NextProtos = []string{"http/1.1"}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, &DialError{Addr: addr, Err: err}
		}
		conn = tc
	}
	// A write error is not the end: a server may answer and close before
	// reading all of a request it refuses. Reading tells what it sent.
	_, _ = conn.Write(req.Bytes())
	br := bufio.NewReaderSize(conn, 16<<10)
	resp, err := ReadResponse(br, req.Method, c.Limits)
	if err != nil || resp.Status == 101 || c.AfterWait <= 0 {
		return resp, err
	}
	after := time.Now().Add(c.AfterWait)
	if after.Before(deadline) {
		conn.SetReadDeadline(after)
	}
	lim := c.Limits.withDefaults()
	buf := make([]byte, 4096)
	for resp.AfterSize < lim.MaxRead {
		n, err := br.Read(buf)
		if room := lim.MaxContent - len(resp.After); room > 0 {
			resp.After = append(resp.After, buf[:min(n, room)]...)
		}
		resp.AfterSize += int64(n)
		if err != nil {
			break
		}
	}
	return resp, nil
}

// Excerpt renders content for a report: at most n bytes, with
// non-printable bytes escaped.
func Excerpt(p []byte, n int) string {
	cut := len(p) > n
	if cut {
		p = p[:n]
	}
	s := strings.ToValidUTF8(string(p), "\uFFFD")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r >= ' ' && r != 0x7f:
			b.WriteRune(r)
		case r == '\r':
		default:
			fmt.Fprintf(&b, "\\x%02x", r)
		}
	}
	if cut {
		b.WriteString("…")
	}
	return b.String()
}
