package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/reply"
)

// FaultHeader is the request field that asks for a fault on one request
// (with Config.AllowHeaderFaults). It is never forwarded.
const FaultHeader = "X-Statuskit-Fault"

// Prebuilt values, so forwarding allocates no slice for them.
var (
	teTrailers  = []string{"trailers"}
	connUpgrade = []string{"Upgrade"}
	noUserAgent = []string{""}
)

// outbound is the request the gateway sends upstream for r: the same
// method, target (as received, byte for byte), fields and content, minus
// the hop-by-hop fields (RFC 9110, 7.6.1) and X-Statuskit-Fault, plus this
// gateway in Via (7.6.3), and Max-Forwards decremented on OPTIONS and
// TRACE (7.6.2). mf is the decremented Max-Forwards, "" to forward the
// field as it came.
func (g *Gateway) outbound(ctx context.Context, r *http.Request, mf string) *http.Request {
	var options []string
	if _, ok := r.Header["Connection"]; ok {
		options = field.ConnectionOptions(r.Header)
	}
	h := make(http.Header, len(r.Header)+1)
	for k, v := range r.Header {
		if field.HopByHop(k) || k == FaultHeader || options != nil && slices.Contains(options, k) {
			continue
		}
		h[k] = v
	}
	// TE is hop-by-hop, but "trailers" in it says the client accepts
	// trailer fields, which stays true on the next hop (RFC 9110, 10.1.4).
	if te, ok := r.Header["Te"]; ok && field.HasToken(te, "trailers") {
		h["Te"] = teTrailers
	}
	if up := upgradeType(r.Header, options); up != "" && r.ProtoMajor == 1 {
		h["Connection"] = connUpgrade
		h["Upgrade"] = []string{up}
	}
	h["Via"] = appendVia(r.Header["Via"], g.viaFor(r.ProtoMajor, r.ProtoMinor))
	if mf != "" {
		h["Max-Forwards"] = []string{mf}
	}
	if _, ok := h["User-Agent"]; !ok {
		// Otherwise net/http would send its own.
		h["User-Agent"] = noUserAgent
	}
	out := &http.Request{
		Method:     r.Method,
		URL:        g.target(r),
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       g.upstream.Host,
		// The server fills r.Trailer's values once the content is read,
		// before the transport writes the trailer section: sharing the
		// map forwards them.
		Trailer:       r.Trailer,
		ContentLength: r.ContentLength,
	}
	if g.cfg.PreserveHost {
		out.Host = r.Host
	}
	if r.ContentLength != 0 {
		// The transport closes the body it was given; closing the
		// server's request body early would consume it, which hangs a
		// client waiting for 100 (Continue).
		out.Body = noClose{r.Body}
	}
	return out.WithContext(ctx)
}

// noClose is a request body whose Close does nothing.
type noClose struct{ io.Reader }

func (noClose) Close() error { return nil }

// appendVia adds entry to the Via field lines, leaving earlier ones as
// they are (RFC 9110, 7.6.3: append, never replace).
func appendVia(lines []string, entry []string) []string {
	if len(lines) == 0 {
		return entry
	}
	return append(lines[:len(lines):len(lines)], entry[0])
}

// viaFor is this gateway's Via entry for a message received over HTTP
// major.minor: "1.1 statuskit-a1b2c3" (the protocol name is omitted for
// HTTP, 7.6.3; the pseudonym stands for the host).
func (g *Gateway) viaFor(major, minor int) []string {
	var proto string
	switch {
	case major == 1 && minor == 0:
		proto = "1.0"
	case major == 1:
		proto = "1.1"
	case major == 2:
		proto = "2"
	default:
		proto = "3"
	}
	return g.via[proto]
}

// upgradeType is the protocol a request asks to switch to: its Upgrade
// value, when "upgrade" is among its connection options (RFC 9110, 7.8).
func upgradeType(h http.Header, options []string) string {
	if !slices.Contains(options, "Upgrade") {
		return ""
	}
	return h.Get("Upgrade")
}

// target is the upstream URL of r: the upstream's scheme and authority,
// its path prefix, and r's path and query exactly as the client wrote
// them, so %2F stays %2F and "//x" stays "//x".
func (g *Gateway) target(r *http.Request) *url.URL {
	u := &url.URL{Scheme: g.upstream.Scheme, Host: g.upstream.Host}
	p, q := requestTarget(r)
	if p == "*" {
		u.Opaque = "*" // OPTIONS * (RFC 9112, 3.2.4)
		return u
	}
	p = g.upstream.EscapedPath() + p
	if strings.HasPrefix(p, "//") {
		// An opaque "//..." would be written as a network-path
		// reference (http://...); as a path it is written as is.
		u.Path, _ = url.PathUnescape(p)
		u.RawPath = p
	} else {
		u.Opaque = p
	}
	u.RawQuery = q
	u.ForceQuery = q == "" && strings.HasSuffix(r.RequestURI, "?")
	return u
}

// requestTarget splits the request target as received into its path and
// query. For the absolute form the authority is dropped (the gateway
// already refused one that names another host).
func requestTarget(r *http.Request) (path, query string) {
	uri := r.RequestURI
	if uri == "" {
		return r.URL.EscapedPath(), r.URL.RawQuery
	}
	if uri == "*" {
		return "*", ""
	}
	if uri[0] != '/' {
		if i := strings.Index(uri, "://"); i >= 0 {
			rest := uri[i+3:]
			if j := strings.IndexAny(rest, "/?"); j >= 0 {
				uri = rest[j:]
			} else {
				uri = "/"
			}
		}
	}
	path, query, _ = strings.Cut(uri, "?")
	if path == "" {
		path = "/"
	}
	return path, query
}

// forward sends r upstream and relays the answer; cut, when not nil,
// breaks the connection partway (a connection fault).
func (g *Gateway) forward(w http.ResponseWriter, r *http.Request, mf string, cut *cutter) {
	var (
		mu   sync.Mutex
		done bool
	)
	trace := &httptrace.ClientTrace{
		Got1xxResponse: func(code int, header textproto.MIMEHeader) error {
			mu.Lock()
			defer mu.Unlock()
			if !done {
				g.relayInterim(w, r, code, http.Header(header))
			}
			return nil
		},
	}
	out := g.outbound(httptrace.WithClientTrace(r.Context(), trace), r, mf)
	res, err := g.transport.RoundTrip(out)
	mu.Lock()
	done = true
	mu.Unlock()
	if err != nil {
		g.upstreamFailed(w, r, err)
		return
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusSwitchingProtocols {
		g.switchProtocols(w, r, out, res)
		return
	}
	g.relay(w, r, res, cut)
}

// relayInterim relays a 1xx response (100 Continue, 103 Early Hints...)
// without its hop-by-hop fields and with Via; WriteInterim keeps its
// fields out of the final response.
func (g *Gateway) relayInterim(w http.ResponseWriter, r *http.Request, code int, h http.Header) {
	if code == http.StatusSwitchingProtocols {
		return // final for net/http; switchProtocols handles it
	}
	field.RemoveHopByHop(h)
	h["Via"] = appendVia(h["Via"], g.viaFor(1, 1))
	reply.WriteInterim(w, r, code, h)
}

// relay writes the upstream's response to the client: its status, its
// fields without hop-by-hop ones and with Via, its content flushed as it
// arrives, and its trailers.
func (g *Gateway) relay(w http.ResponseWriter, r *http.Request, res *http.Response, cut *cutter) {
	h := w.Header()
	var options []string
	if _, ok := res.Header["Connection"]; ok {
		options = field.ConnectionOptions(res.Header)
	}
	for k, v := range res.Header {
		if field.HopByHop(k) || options != nil && slices.Contains(options, k) {
			continue
		}
		h[k] = v
	}
	h["Via"] = appendVia(res.Header["Via"], g.viaFor(res.ProtoMajor, res.ProtoMinor))
	if _, ok := res.Header["Content-Type"]; !ok {
		// net/http would sniff a Content-Type for content without one; a
		// transparent intermediary relays the upstream's choice not to
		// send it (RFC 9110, 8.3: the recipient may then sniff, not the
		// proxy). A nil value suppresses the sniffing.
		h["Content-Type"] = nil
	}
	if len(res.Trailer) > 0 {
		// The transport keeps the announced names in res.Trailer, not
		// in the header.
		names := make([]string, 0, len(res.Trailer))
		for k := range res.Trailer {
			if !field.HopByHop(k) && !slices.Contains(options, k) {
				names = append(names, k)
			}
		}
		slices.Sort(names)
		h["Trailer"] = []string{strings.Join(names, ", ")}
	}
	if cut != nil && !cut.head(w, r, res) {
		return
	}
	w.WriteHeader(res.StatusCode)
	if r.Method == http.MethodHead || res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusNotModified {
		return // a cut one never gets here: cut.head breaks it before its head
	}
	rc := http.NewResponseController(w)
	if cut != nil && cut.limit == 0 {
		_ = rc.Flush()
		cut.finish(w, r)
		return
	}
	bufp := buffers.Get().(*[]byte)
	defer buffers.Put(bufp)
	buf := *bufp
	for {
		n, rerr := res.Body.Read(buf)
		if n > 0 {
			if cut != nil && cut.sent+int64(n) >= cut.limit {
				_, _ = w.Write(buf[:cut.limit-cut.sent])
				_ = rc.Flush()
				cut.finish(w, r)
				return
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return // the client is gone; nothing more to say to it
			}
			if cut != nil {
				cut.sent += int64(n)
			}
			// Streams (SSE, slow drips, chunked progress) reach the
			// client as they arrive: nothing waits for a full buffer.
			if err := rc.Flush(); err != nil {
				return
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			// The upstream died mid-content. The client must see a
			// broken message (a connection closed before the promised
			// length, or a chunked message without its last chunk),
			// never a clean short one: abort the response.
			g.log.Warn("upstream response broken mid-content; aborting the client's response",
				"method", r.Method, "path", r.URL.Path, "error", rerr.Error())
			panic(http.ErrAbortHandler)
		}
	}
	if cut != nil {
		// The content ended before the fault's point: break it anyway,
		// before its end is sent.
		cut.finish(w, r)
		return
	}
	if len(res.Trailer) > 0 {
		// Trailers need the chunked coding; flushing commits to it even
		// when the content was short enough to get a Content-Length.
		_ = rc.Flush()
		for k, vv := range res.Trailer {
			if field.HopByHop(k) || slices.Contains(options, k) {
				continue
			}
			if !slices.Contains(strings.Split(h.Get("Trailer"), ", "), k) {
				k = http.TrailerPrefix + k
			}
			h[k] = vv
		}
	}
}

var buffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// upstreamFailed translates a failed exchange into the answer a client of
// a gateway expects (RFC 9110, 15.6.3 and 15.6.5): 502 when the upstream
// could not be reached or answered something that is not HTTP, 504 when
// it did not answer in time. A client that went away gets nothing.
func (g *Gateway) upstreamFailed(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		// The client gave up: there is no one to answer, and returning
		// quietly would let net/http send a 200.
		panic(http.ErrAbortHandler)
	}
	status, msg := http.StatusBadGateway, ""
	up := g.upstream.Redacted()
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		status = http.StatusGatewayTimeout
		msg = fmt.Sprintf("the upstream %s did not answer within %s (--upstream-timeout); it may be overloaded or stuck", up, g.cfg.UpstreamTimeout)
	case errors.As(err, &oe) && oe.Op == "dial":
		why := "it could not be reached"
		if errors.Is(err, syscall.ECONNREFUSED) {
			why = "it refused the connection: is the service running on that port?"
		}
		msg = fmt.Sprintf("the gateway could not connect to its upstream %s: %s (%v)", up, why, oe.Err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "server closed"):
		msg = fmt.Sprintf("the upstream %s closed the connection without answering", up)
	case strings.Contains(err.Error(), "exceeded"):
		msg = fmt.Sprintf("the upstream %s sent a response head larger than the gateway accepts (--max-upstream-header-bytes)", up)
	case strings.Contains(err.Error(), "malformed") || strings.Contains(err.Error(), "invalid") || strings.Contains(err.Error(), "too large") || strings.Contains(err.Error(), "unsupported"):
		msg = fmt.Sprintf("the upstream %s answered with something that is not a valid HTTP/1.1 response: %s", up, unwrapMessage(err))
	default:
		msg = fmt.Sprintf("the exchange with the upstream %s failed: %s", up, unwrapMessage(err))
	}
	g.log.Warn("upstream failed", "method", r.Method, "path", r.URL.Path, "status", status, "error", err.Error())
	g.refuse(w, r, &reply.Error{Status: status, Message: msg})
}

// unwrapMessage is err's innermost message that is not a URL wrapper.
func unwrapMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return clip(err.Error(), 200)
}

// switchProtocols relays a 101 (Switching Protocols) and then the bytes of
// the new protocol both ways until either side closes (RFC 9110, 7.8).
func (g *Gateway) switchProtocols(w http.ResponseWriter, r *http.Request, out *http.Request, res *http.Response) {
	asked, got := out.Header.Get("Upgrade"), res.Header.Get("Upgrade")
	backend, ok := res.Body.(io.ReadWriteCloser)
	switch {
	case asked == "" || !field.HasToken([]string{asked}, firstToken(got)):
		// A server MUST NOT switch to a protocol the client did not ask
		// for (7.8).
		g.refuse(w, r, reply.Errorf(http.StatusBadGateway,
			"the upstream %s switched protocols to %q, which the request did not ask for (it asked for %q)", g.upstream.Redacted(), clip(got, 40), clip(asked, 40)))
		return
	case !ok:
		g.refuse(w, r, reply.Errorf(http.StatusBadGateway, "the upstream's 101 response has no connection to relay"))
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		g.refuse(w, r, reply.Errorf(http.StatusBadGateway, "the upstream switched protocols, which needs an HTTP/1.1 connection to the client"))
		return
	}
	defer conn.Close()
	defer backend.Close()
	h := res.Header.Clone()
	options := field.ConnectionOptions(h)
	field.RemoveHopByHop(h)
	for _, k := range options {
		delete(h, k)
	}
	h["Upgrade"] = []string{got}
	h["Connection"] = connUpgrade
	h["Via"] = appendVia(h["Via"], g.viaFor(res.ProtoMajor, res.ProtoMinor))
	_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\n")
	_ = h.Write(brw)
	_, _ = brw.WriteString("\r\n")
	if err := brw.Flush(); err != nil {
		return
	}
	errc := make(chan error, 2)
	go func() { _, err := io.Copy(backend, brw.Reader); errc <- err }()
	go func() { _, err := io.Copy(conn, backend); errc <- err }()
	select {
	case <-errc:
	case <-g.stop:
	}
	// Closing both ends the other copy; wait for it so no goroutine
	// outlives the request.
	conn.Close()
	backend.Close()
	<-errc
}

func firstToken(v string) string {
	t, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(t)
}

// cutter breaks a forwarded exchange partway: a reset, close or
// malformed-chunk connection fault. limit is the content bytes let
// through; a message is never complete when the connection breaks.
type cutter struct {
	fault string
	after int64
	limit int64
	sent  int64
}

// head decides, before the response head is written, where to cut, and
// reports whether the head should be written at all: a response that has
// no content would be complete with its head alone, so it is cut before.
func (c *cutter) head(w http.ResponseWriter, r *http.Request, res *http.Response) bool {
	if c.fault == malformedChunk && r.ProtoMajor == 1 && r.ProtoMinor == 0 {
		// HTTP/1.0 has no chunked coding: the content would go out
		// delimited by the close, and the bad chunk line would be read as
		// the end of a complete body. A reset is what the client can
		// detect as a broken message.
		c.fault = faultReset
	}
	if r.Method == http.MethodHead || res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusNotModified || res.ContentLength == 0 {
		// A malformed chunk needs a head announcing the chunked coding
		// before it; without one its bytes would be read as a status
		// line (RFC 9112, 4). Before the head, the fault is a close.
		fault := c.fault
		if fault == malformedChunk {
			fault = faultClose
		}
		breakConnection(w, r, fault)
		return false
	}
	c.limit = c.after
	switch {
	case c.fault == malformedChunk:
		// The chunked coding is what is broken: the length goes, so
		// net/http chunks what is flushed.
		w.Header().Del("Content-Length")
	case res.ContentLength > 0:
		c.limit = min(c.after, res.ContentLength-1)
	}
	return true
}

const (
	faultReset     = "reset"
	faultClose     = "close"
	malformedChunk = "malformed_chunk"
)

// finish breaks the connection: over HTTP/1.x by taking it over (a reset
// sends TCP RST; a malformed chunk sends a chunk-size line that is not
// hexadecimal first), over HTTP/2 by resetting the stream.
func (c *cutter) finish(w http.ResponseWriter, r *http.Request) {
	breakConnection(w, r, c.fault)
}

// breakConnection ends the exchange without a complete response, and
// never returns: it aborts the handler (http.ErrAbortHandler), so nothing
// after it (the request log's flush, net/http's implicit response) touches
// a connection that is gone.
func breakConnection(w http.ResponseWriter, r *http.Request, fault string) {
	if r.ProtoMajor != 1 {
		panic(http.ErrAbortHandler) // RST_STREAM
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	switch fault {
	case malformedChunk:
		// RFC 9112, 7.1: chunk-size is 1*HEXDIG. "xyz" has none, so no
		// parser can take it for the last chunk.
		_, _ = brw.WriteString("xyz\r\nstatuskit malformed chunk\r\n")
		_ = brw.Flush()
	case faultReset:
		setLingerZero(conn)
	}
	conn.Close()
	panic(http.ErrAbortHandler)
}

// setLingerZero makes Close send RST instead of FIN.
func setLingerZero(conn net.Conn) {
	type netConner interface{ NetConn() net.Conn }
	if tc, ok := conn.(netConner); ok {
		conn = tc.NetConn()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
}

// maxForwards reads Max-Forwards on OPTIONS and TRACE (RFC 9110, 7.6.2):
// zero means the gateway answers itself; otherwise it forwards the value
// decremented. Other methods, and a value that is not a number, forward
// the field as it came ("").
func maxForwards(r *http.Request) (answer bool, decremented string) {
	if r.Method != http.MethodOptions && r.Method != http.MethodTrace {
		return false, ""
	}
	v := r.Header["Max-Forwards"]
	if len(v) != 1 || v[0] == "" {
		return false, ""
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v[0]), 10, 64)
	if err != nil {
		return false, ""
	}
	if n == 0 {
		return true, ""
	}
	return false, strconv.FormatUint(n-1, 10)
}

// answerMaxForwards is the gateway as the final recipient (RFC 9110,
// 7.6.2): OPTIONS gets 204 with Allow, the methods the gateway takes
// (every standard one; CONNECT is refused), as a successful OPTIONS
// response should say (9.3.7); TRACE gets the request it received as
// message/http (9.3.8), without the fields likely to hold credentials.
func (g *Gateway) answerMaxForwards(w http.ResponseWriter, r *http.Request) {
	fields := madeFields(g.requestID(r), "")
	if r.Method == http.MethodOptions {
		reply.Write(w, r, &reply.Response{Status: http.StatusNoContent, Fields: append(fields, reply.Field{Name: "Allow", Value: reply.AllMethods})})
		return
	}
	var b strings.Builder
	b.WriteString(r.Method + " " + r.RequestURI + " " + r.Proto + "\r\n")
	b.WriteString("Host: " + r.Host + "\r\n")
	h := r.Header.Clone()
	for _, k := range []string{"Authorization", "Proxy-Authorization", "Cookie", FaultHeader} {
		delete(h, k)
	}
	_ = h.Write(&b)
	b.WriteString("\r\n")
	reply.Write(w, r, &reply.Response{Status: http.StatusOK, Content: []byte(b.String()), ContentType: "message/http", Fields: fields})
}
