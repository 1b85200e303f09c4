package responder

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// interim runs the flow of a 1xx code: the interim response(s), then the
// final status asked for by Final (200 by default).
func (rs *Responder) interim(w http.ResponseWriter, r *http.Request, number int, m Modifiers, row *codeRow) error {
	switch row.interim {
	case interimContinue:
		return rs.interimContinue(w, r, m)
	case interimSwitch:
		return rs.switchProtocols(w, r)
	case interimProcessing:
		return rs.interimProcessing(w, r, m)
	}
	reply.WriteInterim(w, r, number, underBase(row.interimFields, reply.Base(r)))
	if m.Sleep > 0 {
		if err := rs.sleep(r, m.Sleep); err != nil {
			return errGone(err)
		}
	}
	return rs.final(w, r, m)
}

// final answers with the status asked for by Final (200 by default),
// following that code's own row of the table.
func (rs *Responder) final(w http.ResponseWriter, r *http.Request, m Modifiers) error {
	number := m.Final
	if number == 0 {
		number = http.StatusOK
	}
	if c := reply.Code(number); !c.Answers(r.Method) {
		return methodRefused(c, r.Method)
	}
	return rs.respond(w, r, number, m)
}

// interimContinue is /100: it sends 100 Continue before reading the
// content, as RFC 9110, 10.1.1 asks of a server that will accept it, then
// reads the content (bounded by the body limit) and answers with the final
// status. net/http would send 100 on the first body read by itself;
// sending it explicitly also shows 100 to clients that did not ask with
// Expect.
func (rs *Responder) interimContinue(w http.ResponseWriter, r *http.Request, m Modifiers) error {
	reply.WriteInterim(w, r, http.StatusContinue, nil)
	n, err := readContent(r)
	if err != nil {
		return err
	}
	m.received, m.contentRead = n, true
	return rs.final(w, r, m)
}

// maxProcessing caps the 102 responses of one request: Go's client and
// others give up after a handful of 1xx in a row.
const maxProcessing = 4

// interimProcessing is /102: it sends 102 Processing at once and then about
// every second while the delay (?sleep=, default 2s or MaxSleep if less)
// runs, then the final status.
func (rs *Responder) interimProcessing(w http.ResponseWriter, r *http.Request, m Modifiers) error {
	delay := m.Sleep
	if delay == 0 {
		delay = min(2*time.Second, rs.cfg.MaxSleep)
	}
	if err := rs.acquireSleep(delay); err != nil {
		return err
	}
	defer rs.releaseSleep()
	interval := max(time.Second, delay/maxProcessing)
	deadline := time.NewTimer(delay)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	sent := 0
	send := func() {
		if sent < maxProcessing {
			reply.WriteInterim(w, r, http.StatusProcessing, nil)
			sent++
		}
	}
	send()
	for {
		// The deadline wins over a tick that is due at the same time:
		// once the delay is over only the final response may follow, so a
		// request whose delay is the whole cap never sees a 102 race its
		// final answer.
		select {
		case <-deadline.C:
			return rs.final(w, r, m)
		default:
		}
		select {
		case <-tick.C:
			send()
		case <-deadline.C:
			return rs.final(w, r, m)
		case <-r.Context().Done():
			return nil
		}
	}
}

// switchProtocols is /101. It switches only when the request asks to
// (Upgrade plus the "upgrade" connection option, RFC 9110, 7.8), answers
// 101 with Upgrade and Connection (15.2.2), and then speaks "echo": every
// byte received is sent back, up to MaxEcho bytes or an idle timeout.
func (rs *Responder) switchProtocols(w http.ResponseWriter, r *http.Request) error {
	if r.ProtoMajor != 1 {
		return param.Errorf("101 Switching Protocols is not used in HTTP/2 or HTTP/3 (RFC 9113, 8.6); call /101 over HTTP/1.1 with Upgrade: echo and Connection: upgrade")
	}
	upgrade := strings.TrimSpace(r.Header.Get("Upgrade"))
	if !r.ProtoAtLeast(1, 1) || upgrade == "" || !field.HasToken(r.Header["Connection"], "upgrade") {
		w.Header()["Connection"] = connectionUpgrade
		return &reply.Error{Status: http.StatusUpgradeRequired, Message: "to get 101 Switching Protocols, ask to switch: send an HTTP/1.1 request with the headers Upgrade: echo and Connection: upgrade (RFC 9110, 7.8), e.g. curl -i -H 'Upgrade: echo' -H 'Connection: upgrade' URL/101",
			Fields: []reply.Field{{Name: "Upgrade", Value: upgradeOffer}}}
	}
	protocol, _, _ := strings.Cut(upgrade, ",")
	protocol = strings.TrimSpace(protocol)
	if !validProtocol(protocol) {
		return param.Errorf("Upgrade %q is not a protocol name: use a token with an optional /version, e.g. Upgrade: echo", param.Clip(protocol, 40))
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return reply.Errorf(http.StatusInternalServerError, "this connection cannot switch protocols: %v", err)
	}
	defer conn.Close()
	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: %s\r\nConnection: Upgrade\r\n\r\n", protocol)
	if rw.Flush() != nil {
		return nil
	}
	echo(conn, rw.Reader, rs.cfg.MaxEcho, rs.cfg.EchoIdle)
	return nil
}

var connectionUpgrade = []string{"Upgrade"}

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

// validProtocol checks protocol-name ["/" protocol-version] (RFC 9110, 7.8).
func validProtocol(p string) bool {
	name, version, hasVersion := strings.Cut(p, "/")
	return field.IsToken(name) && (!hasVersion || field.IsToken(version))
}

// underBase is fields with the paths of their Link targets under base
// (the 103's preloads name this server's own assets).
func underBase(fields http.Header, base string) http.Header {
	if base == "" || len(fields["Link"]) == 0 {
		return fields
	}
	out := fields.Clone()
	for i, l := range out["Link"] {
		if strings.HasPrefix(l, "</") {
			out["Link"][i] = "<" + base + l[1:]
		}
	}
	return out
}
