package reply

import (
	"html"
	"strings"
)

// BlockedURL is what URLAttr writes in place of a URL whose scheme is not
// http or https: a fragment of the page itself, inert when followed, and
// easy to search for when a link looks wrong.
const BlockedURL = "#blocked-url"

// URLAttr is u made safe as the value of a double-quoted URL attribute
// (href, src, action) of an HTML page, escaped and ready to write between
// the quotes. The pages build their HTML by hand (html/template costs the
// binary 9 MB, see reply/content.go), so this is their defence for links
// that carry data from a request or a report:
//
//   - A URL with a scheme must be http or https (RFC 3986, 3.1);
//     anything else (javascript:, data:, vbscript:) becomes BlockedURL.
//     A colon before the first "/" counts as ending a scheme, so
//     " javascript:" and "java\tscript:", which browsers still run, are
//     blocked too.
//   - Bytes that may not appear in a URL (space, quotes, <, >, \, control
//     and non-ASCII bytes) are percent-encoded (RFC 3986, 2.1), so a
//     value cannot end the attribute or turn "/\host" into another host;
//     reserved characters and existing %XX escapes are kept.
//   - The result is HTML-escaped ("&" becomes "&amp;").
//
// A relative reference ("/codes/404", "#c4xx", "?q=retry") passes
// unchanged apart from the encoding.
func URLAttr(u string) string {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
		return BlockedURL
	}
	return html.EscapeString(normalizeURL(u))
}

// normalizeURL percent-encodes the bytes of u that are neither unreserved
// nor reserved in RFC 3986 (2.2, 2.3), with uppercase hex digits (2.1).
// The quote and parentheses sub-delimiters are encoded as well, so the
// value is also safe between single quotes.
func normalizeURL(u string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	done := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if urlByteKept(c) || c == '%' && i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2]) {
			continue
		}
		if done == 0 {
			b.Grow(len(u) + 16)
		}
		b.WriteString(u[done:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		done = i + 1
	}
	if done == 0 {
		return u
	}
	b.WriteString(u[done:])
	return b.String()
}

// urlByteKept reports whether c may stand for itself in a URL: an
// unreserved character or a reserved one other than ' ( ).
func urlByteKept(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
