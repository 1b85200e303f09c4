package field

import (
	"net/http"
	"net/textproto"
	"strings"
)

// hopByHop are the fields RFC 9110, 7.6.1 names as connection-specific:
// an intermediary removes them before forwarding, whether or not
// Connection lists them. Connection itself is removed after its options
// are applied. Proxy-Connection, Keep-Alive, TE, Transfer-Encoding and
// Upgrade are the list of 7.6.1.
//
// Trailer is NOT on the list. RFC 2616, 13.5.1 named it ("Trailers"), but
// RFC 9110 does not: Trailer (6.6.2) describes which trailer fields follow
// the content, which stays true end to end when the intermediary forwards
// the trailers, so removing it would make a recipient miss announced
// trailer fields. Proxy-Authenticate and Proxy-Authorization are not on it
// either: RFC 9110, 11.7 has a proxy consume them, not 7.6.1 (a gateway
// that is the origin to its clients never sees them addressed to itself).
var hopByHop = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Te", "Transfer-Encoding", "Upgrade"}

// HopByHop reports whether name (any case) is one of the fields RFC 9110,
// 7.6.1 has intermediaries remove: Connection, Proxy-Connection,
// Keep-Alive, TE, Transfer-Encoding and Upgrade. Fields named in a
// message's Connection field are hop-by-hop too; see ConnectionOptions.
func HopByHop(name string) bool {
	for _, h := range hopByHop {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// ConnectionOptions returns the connection options of h's Connection
// field lines (RFC 9110, 7.6.1) as canonical field names ("keep-alive"
// becomes "Keep-Alive"), in order, without duplicates. Options are
// case-insensitive tokens; elements that are not tokens are skipped, and
// at most MaxListMembers elements are read.
func ConnectionOptions(h http.Header) []string {
	var out []string
	seen := make(map[string]bool)
	elements := 0
	for _, line := range h.Values("Connection") {
		for part := range strings.SplitSeq(line, ",") {
			if elements++; elements > MaxListMembers {
				return out
			}
			part = trimOWS(part)
			if !IsToken(part) {
				continue
			}
			name := textproto.CanonicalMIMEHeaderKey(part)
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

// RemoveHopByHop deletes from h, in place, every field named in its
// Connection field and then the fixed hop-by-hop fields of RFC 9110, 7.6.1
// (see HopByHop), Connection included. A gateway calls it on the request
// it forwards and on the response it relays.
//
// What it leaves to the caller: the same options must be removed from the
// message's trailer fields, if any (call ConnectionOptions first, since
// Connection is gone afterwards); a request's "TE: trailers", which says
// the client accepts trailers, is the caller's to re-send on the next hop
// if it still holds; Upgrade on a 101 (Switching Protocols) that is being
// relayed; and adding the intermediary's own Connection options.
//
// Field names are matched case-insensitively, so keys a program stored
// without canonicalizing them go too.
func RemoveHopByHop(h http.Header) {
	options := make(map[string]bool)
	for _, o := range ConnectionOptions(h) {
		options[o] = true
	}
	for key := range h {
		if canonical := textproto.CanonicalMIMEHeaderKey(key); options[canonical] || HopByHop(canonical) {
			delete(h, key)
		}
	}
}
