package reply

import "net/http"

// CanSendInterim reports whether the client may receive 1xx responses: a
// server MUST NOT send them to an HTTP/1.0 client (RFC 9110, 15.2).
func CanSendInterim(r *http.Request) bool { return r.ProtoAtLeast(1, 1) }

// WriteInterim sends one interim (1xx) response carrying exactly fields,
// then restores the header map. net/http sends the whole header map with a
// 1xx and does not clear it afterwards, so without this a 103's Link would
// leak into the final response and CORS fields into every interim one. It
// sends nothing to an HTTP/1.0 client (CanSendInterim).
func WriteInterim(w http.ResponseWriter, r *http.Request, number int, fields http.Header) {
	if !CanSendInterim(r) {
		return
	}
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
