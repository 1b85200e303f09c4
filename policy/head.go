package policy

import (
	"fmt"
	"net/http"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// HeadLimits enforces the server's limits on a request's head exactly: a
// request target over maxURI bytes is 414 URI Too Long (RFC 9110,
// 15.5.15), a header section over maxHeader bytes (field names, values
// and their separators, as sent) 431 Request Header Fields Too Large (RFC
// 6585, 5), and one field over it on its own is named. The same limits
// apply over HTTP/1.1 and HTTP/2; net/http's own cap on a head is set
// above them (lifecycle.Limits), so it only stops heads beyond both.
func HeadLimits(maxURI, maxHeader int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if maxURI > 0 && len(r.RequestURI) > maxURI {
			reply.WriteError(w, r, &reply.Error{Status: http.StatusRequestURITooLong, Close: true, Message: fmt.Sprintf(
				"the request target is %d bytes; this server accepts at most %d (--max-uri-bytes): move large parameters into the request content (RFC 9110, 15.5.15)",
				len(r.RequestURI), maxURI)})
			return
		}
		if maxHeader <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		// "Host: " + value + CRLF: net/http moves Host out of the map.
		total, largest, largestName := len(r.Host)+8, 0, ""
		for name, values := range r.Header {
			for _, v := range values {
				n := len(name) + len(v) + 4 // ": " and CRLF
				total += n
				if n > largest {
					largest, largestName = n, name
				}
			}
		}
		if total > maxHeader {
			msg := fmt.Sprintf("the request's header section is %d bytes; this server accepts at most %d (--max-header-bytes): send fewer or shorter fields (RFC 6585, 5)", total, maxHeader)
			if largest > maxHeader {
				msg = fmt.Sprintf("the request field %s is %d bytes on its own; this server accepts header sections of at most %s (--max-header-bytes) (RFC 6585, 5)", largestName, largest, param.ByteCount(int64(maxHeader)))
			}
			reply.WriteError(w, r, &reply.Error{Status: http.StatusRequestHeaderFieldsTooLarge, Close: true, Message: msg})
			return
		}
		next.ServeHTTP(w, r)
	})
}
