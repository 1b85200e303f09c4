package server

import (
	"net/http"
	"strconv"

	"github.com/statuskit/statuskit/status"
)

// exchange is one status response being decided and written.
//
// An exchange lives exactly as long as the handler call that made it:
// answer recycles it through a pool when it returns (handlers.go). Never
// keep a pointer to one, or hand one to a goroutine, past that return.
type exchange struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	number int // the status to send
	// code is the registry's entry for number, from codeTable: shared by
	// every request, so read it and never write to it.
	code   *status.Code
	beh    *behaviour
	mods   modifiers
	format format
	// body replaces the default negotiated body when non-nil; ctype is
	// its Content-Type.
	body  []byte
	ctype string
	// received counts request body bytes once readBody has drained it.
	received int64
	bodyRead bool
}

// codeTable holds every number's registry entry, looked up once: status.Lookup
// copies a 256-byte Code per call, and for an unassigned number formats its
// texts each time, which the request path should not pay for.
var codeTable = func() *[600]status.Code {
	var t [600]status.Code
	for n := 100; n < 600; n++ {
		t[n] = status.MustLookup(n)
	}
	return &t
}()

// codeFor returns the shared registry entry of number, which must be in
// 100-599 (it panics otherwise, as status.MustLookup does).
func codeFor(number int) *status.Code {
	if number < 100 || number > 599 {
		panic(&status.RangeError{Number: number})
	}
	return &codeTable[number]
}

// Shared header values: assigning a prebuilt slice avoids an allocation per
// request on the hot path. net/http only reads them.
var (
	varyAccept = []string{"Accept"}
	nosniff    = []string{"nosniff"}
	zeroLength = []string{"0"}
)

// send is the one writer of status responses. It knows which codes may not
// have content (RFC 9110, 6.4.1: 1xx, 204, 205, 304), that HEAD gets the
// same fields as GET without content (9.3.2), and negotiation.
func (x *exchange) send() {
	h := x.w.Header()
	forbidden := x.code.ContentForbidden
	switch {
	case forbidden && x.number == http.StatusResetContent:
		// RFC 9110, 15.3.6: the server MUST NOT generate content, and
		// indicates that with Content-Length: 0 (net/http would otherwise
		// happily write a body after WriteHeader(205)).
		h["Content-Length"] = zeroLength
	case forbidden:
		// 204 and 304: no Content-Type or Content-Length (RFC 9110, 8.6).
		h.Del("Content-Type")
	case x.mods.hasBody:
		x.body, x.ctype = []byte(x.mods.body), "text/plain; charset=utf-8"
		h["X-Content-Type-Options"] = nosniff
		fallthrough
	case x.body != nil:
		h.Set("Content-Type", x.ctype)
		h.Set("Content-Length", strconv.Itoa(len(x.body)))
	default:
		cb := &defaultBodies()[x.number][x.format]
		x.body = cb.body
		h["Content-Type"] = cb.contentType
		h["Content-Length"] = cb.contentLength
		h["Vary"] = varyAccept
	}
	x.applyModifierHeaders()
	x.w.WriteHeader(x.number)
	if !forbidden && x.r.Method != http.MethodHead {
		_, _ = x.w.Write(x.body)
	}
}

// applyModifierHeaders adds ?header= and X-Statuskit-Response-* fields
// last, so a client can override what the behaviour set: the first field
// of a name replaces, later ones add.
func (x *exchange) applyModifierHeaders() {
	if len(x.mods.headers) == 0 {
		return
	}
	h := x.w.Header()
	seen := make(map[string]bool, len(x.mods.headers))
	for _, f := range x.mods.headers {
		if seen[f.name] {
			h.Add(f.name, f.value)
		} else {
			h[f.name] = []string{f.value}
			seen[f.name] = true
		}
	}
}

// writeError answers with a status statuskit chose itself (400 for bad
// input, 501, 503 when saturated...) and a message saying why, in the
// format the client asked for.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, number int, message string) {
	f := negotiate(r.Header.Get("Accept"))
	body := render(f, *codeFor(number), number, message)
	h := w.Header()
	h.Set("Content-Type", f.contentType())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	h["Vary"] = varyAccept
	w.WriteHeader(number)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
