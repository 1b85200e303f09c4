package origin

import "strings"

// This file decides the form an allowed target is sent in. The aim: every
// client — a browser (WHATWG URL), curl, Go's net/http, Python's urllib —
// resolves the sent value to the same target the check resolved.

// pathForm is the target as a path-absolute reference (RFC 3986, 4.2),
// for a target on the request's own scheme, host and port. A path that
// starts with an empty segment ("//evil" on this server) gets "/." in
// front, as the URL Standard's serializer does for host-less URLs, so it
// cannot be read as a network-path reference to the host "evil".
func (u *resolved) pathForm() string {
	var b strings.Builder
	if len(u.path) > 1 && u.path[0] == "" {
		b.WriteString("/.")
	}
	u.writeTail(&b)
	return b.String()
}

// absoluteForm is the target as an absolute URL, host serialized.
func (u *resolved) absoluteForm() string {
	var b strings.Builder
	b.WriteString(u.scheme)
	b.WriteString("://")
	b.WriteString(hostPort(u))
	u.writeTail(&b)
	return b.String()
}

// writeTail writes path, query and fragment, percent-encoding what the URL
// Standard leaves raw but RFC 3986 does not allow ("[", "]", "|", "\", "^",
// "`", "{", "}", "#" in a fragment, a "%" not followed by two hex digits),
// so the value parses the same under both.
func (u *resolved) writeTail(b *strings.Builder) {
	if len(u.path) == 0 {
		b.WriteByte('/')
	}
	for _, seg := range u.path {
		b.WriteByte('/')
		writeEscaped(b, seg, isPchar)
	}
	if u.hasQuery {
		b.WriteByte('?')
		writeEscaped(b, u.query, isQueryChar)
	}
	if u.hasFragment {
		b.WriteByte('#')
		writeEscaped(b, u.fragment, isQueryChar)
	}
}

func writeEscaped(b *strings.Builder, s string, safe func(byte) bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteString(s[i : i+3])
			i += 2
		case c != '%' && safe(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
}

// isPchar is RFC 3986's pchar less pct-encoded: unreserved, sub-delims,
// ":" and "@".
func isPchar(c byte) bool {
	return isAlpha(c) || isDigit(c) || strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}

// isQueryChar is RFC 3986's query and fragment characters less pct-encoded.
func isQueryChar(c byte) bool { return isPchar(c) || c == '/' || c == '?' }

// plain reports whether ref, which resolved to t, can be sent exactly as
// given because every client reads it the same way: an RFC 3986
// URI-reference (section 4.1) that needs none of the URL Standard's
// repairs and none of its differences from RFC 3986 —
//   - only unreserved, sub-delims, ":", "@", "/", "?", one "#", and
//     well-formed %XX (no spaces, controls, backslashes, non-ASCII);
//   - no encoded dot ("%2e"), which browsers read as a dot segment;
//   - a scheme only as "http://" or "https://" (never "http:host");
//   - an authority exactly as the canonical host (any case) and an
//     optional port without leading zeros, no user information;
//   - no ":" in the first segment of a relative path, which RFC 3986
//     forbids and Go's net/url rejects;
//   - no empty path segment ("//" in the path): next to dot segments,
//     resolvers disagree on it (Go's net/url resolves "/..//x" to "/x",
//     browsers to "//x").
func plain(ref string, t *resolved) bool {
	hashes := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '%':
			if i+2 >= len(ref) || !isHex(ref[i+1]) || !isHex(ref[i+2]) || ref[i+1] == '2' && ref[i+2]|0x20 == 'e' {
				return false
			}
			i += 2
		case c == '#':
			hashes++
		case isQueryChar(c) || c == '[' || c == ']':
		default:
			return false
		}
	}
	if hashes > 1 || ref == "" {
		return false
	}
	rest := ref
	if _, after, ok := splitScheme(ref); ok {
		if !strings.HasPrefix(after, "//") {
			return false
		}
		rest = after
	}
	if strings.HasPrefix(rest, "//") {
		auth := rest[2:]
		if end := strings.IndexAny(auth, "/?#"); end >= 0 {
			auth = auth[:end]
		}
		if !canonicalAuthority(auth, t) {
			return false
		}
		rest = rest[2+len(auth):]
	} else if first := rest[:strings.IndexAny(rest+"/", "/?#")]; strings.Contains(first, ":") {
		return false
	}
	if strings.ContainsAny(rest, "[]") {
		return false
	}
	path := rest[:strings.IndexAny(rest+"?", "?#")]
	return !strings.Contains(path, "//")
}

// canonicalAuthority: auth is t's host as the host serializer writes it
// (letters in any case) and, if given, a port without leading zeros that
// equals t's port.
func canonicalAuthority(auth string, t *resolved) bool {
	hostPart, port, hasPort := auth, "", false
	if i := strings.LastIndexByte(auth, ':'); i >= 0 && !strings.Contains(auth[i:], "]") {
		hostPart, port, hasPort = auth[:i], auth[i+1:], true
	}
	if !strings.EqualFold(hostPart, t.host.String()) || t.host.kind == hostUnknown {
		return false
	}
	if !hasPort {
		return t.port == ""
	}
	if port == "" || port[0] == '0' || strings.Trim(port, "0123456789") != "" {
		return false
	}
	return port == t.effectivePort()
}
