package lifecycle

import (
	"bytes"
	"fmt"
	"net"
	"sync"

	"github.com/statuskit/statuskit/param"
)

// headLimitListener wraps the connections of an HTTP/1.x listener so that
// net/http's own answer to a request head over its limit says what was too
// long. net/http counts the request line into MaxHeaderBytes and answers
// every oversized head with 431 (RFC 6585, 5), but a request target over
// its limit is 414 URI Too Long (RFC 9110, 15.5.15). The server's limits
// are exact and enforced by the handler (policy.HeadLimits); net/http's
// cap only stops heads larger than both limits together, and this wrapper
// words that answer.
type headLimitListener struct {
	net.Listener
	maxURI, maxHeader int
}

func (l headLimitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &headLimitConn{Conn: c, maxURI: l.maxURI, maxHeader: l.maxHeader}, nil
}

// headLimitConn watches the bytes of the request head being read, from the
// last response written on the connection. That is where the next request
// starts for every client that does not pipeline; a pipelining client's
// oversized head still gets net/http's plain 431. Only a head whose end
// (an empty line) never arrived can have been refused by net/http: a 431
// written after a complete head is a handler's own response and passes
// untouched.
type headLimitConn struct {
	net.Conn
	maxURI, maxHeader int
	mu                sync.Mutex
	// line counts the bytes of the current request line; inLine says the
	// request line is still being read.
	line   int
	inLine bool
	// started skips the empty lines a client may send before a request
	// (RFC 9112, 2.2); complete says the head's empty line was seen; run
	// counts the bytes since the last LF, to find that empty line.
	started, complete bool
	run               int
}

func (c *headLimitConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.scan(p[:n])
	c.mu.Unlock()
	return n, err
}

// scan follows the head through p a line at a time: it runs on every read
// of every connection, so it looks for line ends with bytes.IndexByte
// rather than at each byte.
func (c *headLimitConn) scan(p []byte) {
	for len(p) > 0 && !c.complete { // the content is not the head's business
		if !c.started {
			i := 0
			for i < len(p) && (p[i] == '\r' || p[i] == '\n') {
				i++
			}
			if p = p[i:]; len(p) == 0 {
				return
			}
			c.started, c.inLine = true, true
		}
		end := bytes.IndexByte(p, '\n')
		seg := p
		if end >= 0 {
			seg = p[:end]
		}
		if c.inLine {
			c.line += len(seg)
		}
		c.run += len(seg) - bytes.Count(seg, cr)
		if end < 0 {
			return
		}
		if c.run == 0 {
			c.complete = true
		}
		c.inLine, c.run = false, 0
		p = p[end+1:]
	}
}

var cr = []byte{'\r'}

// netHTTP431 is net/http's whole answer to an oversized head, which it
// writes straight to the connection (net/http's server.go, c.serve). A
// handler's own 431 never looks like it (it has a Date and a length), so
// only this one is reworded.
var netHTTP431 = []byte("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large")

func (c *headLimitConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	long, complete := c.line, c.complete
	c.line, c.inLine, c.started, c.complete, c.run = 0, false, false, false, 0
	c.mu.Unlock()
	if complete || !bytes.Equal(p, netHTTP431) {
		return c.Conn.Write(p)
	}
	// The request line holds the method and the version besides the
	// target ("GET " and " HTTP/1.1"), about 16 bytes.
	var resp string
	if long > c.maxURI+16 {
		resp = headResponse(414, "URI Too Long", fmt.Sprintf(
			"the request target is longer than this server accepts: at most %s (--max-uri-bytes); move large parameters into the request content (RFC 9110, 15.5.15)", param.ByteCount(int64(c.maxURI))))
	} else {
		resp = headResponse(431, "Request Header Fields Too Large", fmt.Sprintf(
			"the request's header section is larger than this server accepts: at most %s (--max-header-bytes); send fewer or shorter fields (RFC 6585, 5)", param.ByteCount(int64(c.maxHeader))))
	}
	if _, err := c.Conn.Write([]byte(resp)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func headResponse(code int, phrase, message string) string {
	body := fmt.Sprintf("%d %s\n\n%s\n", code, phrase, message)
	return fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n%s",
		code, phrase, len(body), body)
}
