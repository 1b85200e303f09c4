package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// canSendInterim reports whether the client may receive 1xx responses: a
// server MUST NOT send them to an HTTP/1.0 client (RFC 9110, 15.2).
func canSendInterim(r *http.Request) bool { return r.ProtoAtLeast(1, 1) }

// sendInterim writes one interim response carrying exactly fields, then
// restores the header map. net/http sends the whole header map with a 1xx
// and does not clear it afterwards, so without this a 103's Link would leak
// into the final response and CORS fields into every interim one.
func sendInterim(w http.ResponseWriter, number int, fields http.Header) {
	h := w.Header()
	saved := h.Clone()
	clear(h)
	for k, v := range fields {
		h[k] = v
	}
	w.WriteHeader(number)
	clear(h)
	for k, v := range saved {
		h[k] = v
	}
}

// final answers with the status asked for by ?final= (200 by default),
// following that code's own row of the table.
func (x *exchange) final() {
	x.number = x.mods.final
	x.code = codeFor(x.number)
	x.beh = behaviourFor(x.number)
	if x.beh.interim != nil {
		// ?final= is validated to 200-599, so this is unreachable; the
		// guard keeps a table edit from recursing forever.
		x.s.writeError(x.w, x.r, http.StatusInternalServerError, "final status must not be 1xx")
		return
	}
	if err := x.checkMethod(); err != nil {
		return
	}
	x.respond()
}

// interimContinue is /100: it sends 100 Continue before reading the body,
// as RFC 9110, 10.1.1 asks of a server that will accept it, then reads the
// body (bounded by MaxBody) and answers with the final status.
// net/http would send 100 on the first body read by itself; sending it
// explicitly also shows 100 to clients that did not ask with Expect.
func interimContinue(x *exchange) {
	if canSendInterim(x.r) {
		sendInterim(x.w, http.StatusContinue, nil)
	}
	if !x.readBody() {
		return
	}
	x.final()
}

// interimProcessing is /102: it sends 102 Processing at once and then about
// every second while the delay (?sleep=, default 2s) runs, then the final
// status. At most maxProcessing interim responses are sent, because Go's
// client and others give up after a handful of 1xx in a row.
func interimProcessing(x *exchange) {
	delay := x.mods.sleep
	if delay == 0 {
		delay = min(2*time.Second, x.s.cfg.MaxSleep)
	}
	if err := x.s.acquireSleep(); err != nil {
		x.s.sleep(x.w, x.r, delay) // answers 503 with Retry-After
		return
	}
	defer x.s.releaseSleep()
	const maxProcessing = 4
	interval := max(time.Second, delay/maxProcessing)
	deadline := time.NewTimer(delay)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	sent := 0
	send := func() {
		if canSendInterim(x.r) && sent < maxProcessing {
			sendInterim(x.w, http.StatusProcessing, nil)
			sent++
		}
	}
	send()
	for {
		select {
		case <-tick.C:
			send()
		case <-deadline.C:
			x.final()
			return
		case <-x.r.Context().Done():
			return
		}
	}
}

// earlyHints are the Link fields a 103 carries (RFC 8297, 2): preloads a
// client may start fetching while the final response is prepared.
var earlyHints = http.Header{"Link": {
	"</static/style.css>; rel=preload; as=style",
	"</static/app.js>; rel=preload; as=script",
}}

// interimGeneric is every 1xx but 100, 101 and 102, assigned or not: one
// interim response with that code and its row's interimFields (103's
// Link preloads, RFC 8297, 2), then the final status without them. Clients
// must parse 1xx they do not expect (RFC 9110, 15.2), which is exactly
// what this tests.
func interimGeneric(x *exchange) {
	if canSendInterim(x.r) {
		sendInterim(x.w, x.number, x.beh.interimFields)
	}
	if x.mods.sleep > 0 && !x.s.sleep(x.w, x.r, x.mods.sleep) {
		return
	}
	x.final()
}

// readBody drains the request body (bounded by MaxBody via limitBody) and
// records its size for the final response. It reports false when it has
// answered with 413.
func (x *exchange) readBody() bool {
	if x.bodyRead {
		return true
	}
	n, err := io.Copy(io.Discard, x.r.Body)
	x.received, x.bodyRead = n, true
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		x.w.Header().Set("Connection", "close")
		x.s.writeError(x.w, x.r, http.StatusRequestEntityTooLarge, fmt.Sprintf(
			"the request body is larger than this server accepts: at most %d bytes (--max-body)", tooBig.Limit))
		return false
	}
	return true
}

// switchProtocols is /101. It switches only when the request asks to
// (Upgrade plus the "upgrade" connection option, RFC 9110, 7.8), answers
// 101 with Upgrade and Connection (15.2.2), and then speaks "echo": every
// byte received is sent back, up to MaxEcho bytes or an idle timeout.
func switchProtocols(x *exchange) {
	r := x.r
	if r.ProtoMajor != 1 {
		x.s.writeError(x.w, r, http.StatusBadRequest,
			"101 Switching Protocols is not used in HTTP/2 or HTTP/3 (RFC 9113, 8.6); call /101 over HTTP/1.1 with Upgrade: echo and Connection: upgrade")
		return
	}
	upgrade := strings.TrimSpace(r.Header.Get("Upgrade"))
	if !r.ProtoAtLeast(1, 1) || upgrade == "" || !hasToken(r.Header["Connection"], "upgrade") {
		h := x.w.Header()
		h["Upgrade"] = upgradeOffer
		h["Connection"] = connectionUpgrade
		x.s.writeError(x.w, r, http.StatusUpgradeRequired,
			"to get 101 Switching Protocols, ask to switch: send an HTTP/1.1 request with the headers Upgrade: echo and Connection: upgrade (RFC 9110, 7.8), e.g. curl -i -H 'Upgrade: echo' -H 'Connection: upgrade' URL/101")
		return
	}
	protocol, _, _ := strings.Cut(upgrade, ",")
	protocol = strings.TrimSpace(protocol)
	if !validProtocol(protocol) {
		x.s.writeError(x.w, r, http.StatusBadRequest, fmt.Sprintf(
			"Upgrade %q is not a protocol name: use a token with an optional /version, e.g. Upgrade: echo", truncate(protocol, 40)))
		return
	}
	conn, rw, err := http.NewResponseController(x.w).Hijack()
	if err != nil {
		x.s.writeError(x.w, r, http.StatusInternalServerError, "this connection cannot switch protocols: "+err.Error())
		return
	}
	defer conn.Close()
	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: %s\r\nConnection: Upgrade\r\n\r\n", protocol)
	if rw.Flush() != nil {
		return
	}
	echo(conn, rw.Reader, x.s.cfg.MaxEcho, echoIdle(x.s.cfg))
}

// echoIdle bounds how long the echo waits for the next bytes.
func echoIdle(cfg Config) time.Duration { return min(cfg.IdleTimeout, 30*time.Second) }

// echo copies what the client sends back to it until EOF, limit bytes or
// idle without data; every exit closes the connection.
func echo(conn net.Conn, br *bufio.Reader, limit int64, idle time.Duration) {
	buf := make([]byte, 4096)
	var total int64
	for total < limit {
		_ = conn.SetReadDeadline(time.Now().Add(idle))
		n, err := br.Read(buf[:min(int64(len(buf)), limit-total)])
		if n > 0 {
			_ = conn.SetWriteDeadline(time.Now().Add(idle))
			if _, werr := conn.Write(buf[:n]); werr != nil {
				return
			}
			total += int64(n)
		}
		if err != nil {
			return
		}
	}
}

// hasToken reports whether a comma-separated field lists token
// (case-insensitively), as Connection options are compared.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), token) {
				return true
			}
		}
	}
	return false
}

// validProtocol checks protocol-name ["/" protocol-version] (RFC 9110, 7.8).
func validProtocol(p string) bool {
	name, version, hasVersion := strings.Cut(p, "/")
	return isToken(name) && (!hasVersion || isToken(version))
}
