package responder

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"

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

// Protocols are the protocols /101 can switch to, in the order a 426
// offers them (RFC 9110, 7.8): "echo" sends back every byte received, and
// "websocket" is RFC 6455 with an echo of every message.
var Protocols = []string{"echo", "websocket"}

var upgradeOffers = strings.Join(Protocols, ", ")

// switchProtocols is /101. It switches only when the request asks to
// (Upgrade plus the "upgrade" connection option, RFC 9110, 7.8), and only
// to a protocol it speaks: the first of the client's list that is in
// Protocols. Anything else is 426 naming what it speaks. The request's own
// content is read first (after 100 Continue when the client expects it,
// which 7.8 requires before a 101), so it is never mistaken for upgraded
// data.
func (rs *Responder) switchProtocols(w http.ResponseWriter, r *http.Request) error {
	if r.ProtoMajor != 1 {
		return param.Errorf("101 Switching Protocols is not used in HTTP/2 or HTTP/3 (RFC 9113, 8.6); call %s/101 over HTTP/1.1 with Upgrade: echo (or websocket) and Connection: upgrade", reply.Base(r))
	}
	upgrade := strings.TrimSpace(r.Header.Get("Upgrade"))
	if !r.ProtoAtLeast(1, 1) || upgrade == "" || !field.HasToken(r.Header["Connection"], "upgrade") {
		return upgradeRequired("to get 101 Switching Protocols, ask to switch: send an HTTP/1.1 request with the headers Upgrade: echo (or websocket) and Connection: upgrade (RFC 9110, 7.8), e.g. curl -i -H 'Upgrade: echo' -H 'Connection: upgrade' URL" + reply.Base(r) + "/101")
	}
	protocol, err := chooseProtocol(r.Header.Values("Upgrade"))
	if err != nil {
		return err
	}
	if r.ContentLength != 0 {
		if _, err := readContent(r); err != nil {
			return err
		}
	}
	if strings.EqualFold(protocol, "websocket") {
		return rs.webSocketEcho(w, r)
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

// chooseProtocol picks the first protocol of the client's Upgrade list
// that /101 speaks, or refuses: a server MUST NOT switch to a protocol it
// cannot speak for the request (RFC 9110, 7.8).
func chooseProtocol(lines []string) (string, error) {
	var asked []string
	for _, line := range lines {
		for p := range strings.SplitSeq(line, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if !validProtocol(p) {
				return "", param.Errorf("Upgrade %q is not a protocol name: use a token with an optional /version, e.g. Upgrade: websocket", param.Clip(p, 40))
			}
			// The protocols here have no versions: echo/1 is echo, and
			// the 101 names the protocol as the client wrote it.
			name, _, _ := strings.Cut(p, "/")
			for _, known := range Protocols {
				if strings.EqualFold(name, known) {
					if known == "websocket" {
						return known, nil
					}
					return p, nil
				}
			}
			asked = append(asked, p)
		}
	}
	return "", upgradeRequired(fmt.Sprintf("this server cannot speak %s, so it does not switch to it (RFC 9110, 7.8); it switches to %s: send Upgrade: echo or Upgrade: websocket",
		param.Clip(strings.Join(asked, ", "), 60), upgradeOffers))
}

// upgradeRequired is a 426 whose Upgrade names the protocols /101 speaks
// (RFC 9110, 15.5.22).
func upgradeRequired(msg string) error {
	return &reply.Error{Status: http.StatusUpgradeRequired, Message: msg,
		Fields: []reply.Field{{Name: "Upgrade", Value: upgradeOffers}}}
}

// WebSocketEcho is /websocket/echo, as go-httpbin serves it: an RFC 6455
// WebSocket that sends back every message it receives, up to MaxEcho bytes
// in all or an idle timeout. A request that is not a WebSocket handshake
// gets 426 with Upgrade: websocket, or 400 saying what is wrong with it.
func (rs *Responder) WebSocketEcho(w http.ResponseWriter, r *http.Request) error {
	if r.ProtoMajor != 1 {
		return param.Errorf("a WebSocket over HTTP/2 needs extended CONNECT (RFC 8441), which this server does not offer; connect over HTTP/1.1")
	}
	if !field.HasToken(r.Header["Upgrade"], "websocket") || !field.HasToken(r.Header["Connection"], "upgrade") {
		return &reply.Error{Status: http.StatusUpgradeRequired, Fields: []reply.Field{{Name: "Upgrade", Value: "websocket"}},
			Message: "this is a WebSocket echo: open a WebSocket (RFC 6455) with Upgrade: websocket and Connection: Upgrade, e.g. websocat ws://HOST/websocket/echo"}
	}
	return rs.webSocketEcho(w, r)
}

// webSocketEcho checks the opening handshake (RFC 6455, 4.2.1), answers
// it, and echoes messages.
func (rs *Responder) webSocketEcho(w http.ResponseWriter, r *http.Request) error {
	// RFC 6455, 4.2.1: a handshake that is not one is a 400; a version
	// the server does not speak is a 426 naming the one it does (4.4).
	if r.Method != http.MethodGet {
		return param.Errorf("a WebSocket opening handshake is a GET (RFC 6455, 4.1), not %s", param.Clip(r.Method, 20))
	}
	if key, err := base64.StdEncoding.DecodeString(r.Header.Get("Sec-WebSocket-Key")); err != nil || len(key) != 16 {
		return param.Errorf("Sec-WebSocket-Key %q is not a base64-encoded 16-byte nonce (RFC 6455, 4.1); a WebSocket client library sends one", param.Clip(r.Header.Get("Sec-WebSocket-Key"), 40))
	}
	if v := r.Header.Get("Sec-WebSocket-Version"); v != "13" {
		return &reply.Error{Status: http.StatusUpgradeRequired, Fields: []reply.Field{{Name: "Sec-Websocket-Version", Value: "13"}, {Name: "Upgrade", Value: "websocket"}},
			Message: fmt.Sprintf("Sec-WebSocket-Version %q is not supported; this server speaks version 13 (RFC 6455, 4.4)", param.Clip(v, 20))}
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return nil // Accept has answered
	}
	defer conn.CloseNow()
	var total int64
	for total < rs.cfg.MaxEcho {
		// No message may carry the echo past MaxEcho in all.
		conn.SetReadLimit(rs.cfg.MaxEcho - total)
		ctx, cancel := context.WithTimeout(context.Background(), rs.cfg.EchoIdle)
		kind, msg, err := conn.Read(ctx)
		if err == nil {
			total += int64(len(msg))
			err = conn.Write(ctx, kind, msg)
		}
		cancel()
		if err != nil {
			return nil
		}
	}
	_ = conn.Close(websocket.StatusMessageTooBig, "statuskit echoes at most --max-echo bytes per connection")
	return nil
}

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
