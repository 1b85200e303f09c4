package origin

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file resolves a reference the way a browser does: it is the part of
// the WHATWG URL Standard's basic URL parser (https://url.spec.whatwg.org/,
// section 4.4) that decides where a browser goes from an http or https
// page, as the standard reads in mid-2026 (whatwg/url 6ae8486). Step
// names in comments are the standard's state names. It stops as
// soon as the answer is "not http(s)": the policy refuses every other
// scheme, so their parsing rules (file, opaque paths) never matter here.
//
// Deliberate narrowing: a host that is not ASCII after percent-decoding is
// reported (errNonASCIIHost) instead of run through Unicode IDNA; the policy
// refuses it, so the check never depends on a Unicode table that might
// differ from a client's.

// hostKind says which of the standard's host forms a host holds.
type hostKind uint8

const (
	hostUnknown hostKind = iota // the request named no host: equal to nothing
	hostDomain
	hostIPv4
	hostIPv6
)

// host is a parsed host (URL Standard 3.1): a lowercased ASCII domain, an
// IPv4 address or an IPv6 address.
type host struct {
	kind   hostKind
	domain string
	ipv4   uint32
	ipv6   [8]uint16
}

// equal compares hosts for "same server": one trailing dot on a domain is
// insignificant (RFC 1034, 3.1: "example.com." is the absolute form of the
// same name), everything else must match exactly.
func (h host) equal(o host) bool {
	if h.kind != o.kind || h.kind == hostUnknown {
		return false
	}
	switch h.kind {
	case hostDomain:
		return strings.TrimSuffix(h.domain, ".") == strings.TrimSuffix(o.domain, ".")
	case hostIPv4:
		return h.ipv4 == o.ipv4
	default:
		return h.ipv6 == o.ipv6
	}
}

// String is the host serializer (URL Standard 3.6).
func (h host) String() string {
	switch h.kind {
	case hostDomain:
		return h.domain
	case hostIPv4:
		return fmt.Sprintf("%d.%d.%d.%d", byte(h.ipv4>>24), byte(h.ipv4>>16), byte(h.ipv4>>8), byte(h.ipv4))
	case hostIPv6:
		return "[" + serializeIPv6(h.ipv6) + "]"
	default:
		return "this server"
	}
}

// serializeIPv6 is the IPv6 serializer (URL Standard 3.6): lowercase hex,
// the first longest run of two or more zero pieces compressed to "::".
func serializeIPv6(a [8]uint16) string {
	compress, longest := -1, 1
	for i := 0; i < 8; {
		if a[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > longest {
			compress, longest = i, j-i
		}
		i = j
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == compress {
			b.WriteString("::")
			i += longest - 1
			continue
		}
		if i > 0 && i != compress+longest {
			b.WriteByte(':')
		}
		b.WriteString(strconv.FormatUint(uint64(a[i]), 16))
	}
	return b.String()
}

// resolved is a URL record (URL Standard 4.1) with an http or https scheme.
// path, query and fragment hold the standard's percent-encoded strings.
type resolved struct {
	scheme      string // "http" or "https"
	userinfo    string // as written before the last @ of the authority; "" when none
	hasUserinfo bool
	host        host
	port        string // decimal, "" when it is the scheme's default port
	path        []string
	query       string
	hasQuery    bool
	fragment    string
	hasFragment bool
}

// defaultPort is the special scheme's default port (URL Standard 4.1).
func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// effectivePort is the port a client connects to.
func (u *resolved) effectivePort() string {
	if u.port == "" {
		return defaultPort(u.scheme)
	}
	return u.port
}

// Errors the parser reports; the policy turns each into a message that
// says what to write instead.
var errEmpty = errors.New("empty reference")

// schemeError: the reference is absolute with a scheme other than http(s).
type schemeError struct{ scheme, rest string }

func (e *schemeError) Error() string { return "scheme " + e.scheme + " is not http or https" }

// syntaxError: a browser fails to parse the reference, so it goes nowhere;
// other clients may be more lenient, so the policy refuses it.
type syntaxError struct{ reason string }

func (e *syntaxError) Error() string { return e.reason }

// nonASCIIHostError: the host needs Unicode IDNA, which the check refuses.
type nonASCIIHostError struct{ host string }

func (e *nonASCIIHostError) Error() string { return "host " + e.host + " is not ASCII" }

func failf(format string, args ...any) error {
	return &syntaxError{reason: fmt.Sprintf(format, args...)}
}

// isC0OrSpace is the set the parser trims from both ends (URL Standard 4.4,
// basic URL parser step 1.2).
func isC0OrSpace(c byte) bool { return c <= 0x20 }

// clean applies the basic URL parser's first steps: trim C0 controls and
// spaces at both ends, remove every ASCII tab and newline.
func clean(s string) string {
	i, j := 0, len(s)
	for i < j && isC0OrSpace(s[i]) {
		i++
	}
	for j > i && isC0OrSpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// splitScheme runs the scheme start and scheme states: an ASCII alpha, then
// alphanumerics, "+", "-" or ".", then ":". It returns the lowercased scheme
// and the rest after the colon.
func splitScheme(s string) (scheme, rest string, ok bool) {
	if s == "" || !isAlpha(s[0]) {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.':
		case c == ':':
			return strings.ToLower(s[:i]), s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'f') }
func isSlash(c byte) bool { return c == '/' || c == '\\' } // special URLs: "\" is "/"
func isSpecial(s string) bool {
	return s == "http" || s == "https"
}

// resolve parses input against base as a browser does. base is nil only
// when parsing the base itself.
func resolve(input string, base *resolved) (*resolved, error) {
	s := clean(input)
	if scheme, rest, ok := splitScheme(s); ok {
		if !isSpecial(scheme) {
			return nil, &schemeError{scheme: scheme, rest: rest}
		}
		u := &resolved{scheme: scheme}
		if base != nil && base.scheme == scheme {
			// special relative or authority state
			if strings.HasPrefix(rest, "//") {
				return u, u.authority(strings.TrimLeft(rest[2:], `/\`))
			}
			return u, u.relative(rest, base)
		}
		// special authority slashes state, then special authority
		// ignore slashes state: any run of "/" and "\" (even none).
		return u, u.authority(strings.TrimLeft(rest, `/\`))
	}
	if base == nil {
		return nil, failf("it is relative and there is no base URL to resolve it against")
	}
	if s == "" {
		return nil, errEmpty
	}
	u := &resolved{scheme: base.scheme}
	return u, u.relative(s, base)
}

// relative runs the relative state and relative slash state.
func (u *resolved) relative(s string, base *resolved) error {
	if s != "" && isSlash(s[0]) {
		if len(s) > 1 && isSlash(s[1]) {
			// special authority ignore slashes state
			return u.authority(strings.TrimLeft(s[2:], `/\`))
		}
		u.inheritAuthority(base)
		u.parsePath(s[1:])
		return nil
	}
	u.inheritAuthority(base)
	u.path = append([]string(nil), base.path...)
	u.query, u.hasQuery = base.query, base.hasQuery
	switch {
	case s == "":
	case s[0] == '?':
		u.parseQuery(s[1:])
	case s[0] == '#':
		u.parseFragment(s[1:])
	default:
		u.query, u.hasQuery = "", false
		u.shorten()
		u.parsePath(s)
	}
	return nil
}

func (u *resolved) inheritAuthority(base *resolved) {
	u.userinfo, u.hasUserinfo = base.userinfo, base.hasUserinfo
	u.host, u.port = base.host, base.port
}

// authority runs the authority, host and port states on s, which starts
// right after the slashes, then parses the path and the rest.
func (u *resolved) authority(s string) error {
	end := strings.IndexAny(s, `/\?#`)
	if end < 0 {
		end = len(s)
	}
	auth, rest := s[:end], s[end:]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		u.userinfo, u.hasUserinfo = auth[:at], true
		auth = auth[at+1:]
		if auth == "" {
			return failf("there is no host after the @")
		}
	}
	hostPart, port, hasPort := auth, "", false
	inBrackets := false
	for i := 0; i < len(auth); i++ {
		switch auth[i] {
		case '[':
			inBrackets = true
		case ']':
			inBrackets = false
		case ':':
			if !inBrackets {
				hostPart, port, hasPort = auth[:i], auth[i+1:], true
				i = len(auth)
			}
		}
	}
	if hostPart == "" {
		return failf("the host is missing")
	}
	h, err := parseHost(hostPart)
	if err != nil {
		return err
	}
	u.host = h
	if hasPort && port != "" {
		n := 0
		for i := 0; i < len(port); i++ {
			if !isDigit(port[i]) {
				return failf("the port %q is not a number", port)
			}
			if n = n*10 + int(port[i]-'0'); n > 65535 {
				return failf("the port %s is out of range (0 to 65535)", port)
			}
		}
		if p := strconv.Itoa(n); p != defaultPort(u.scheme) {
			u.port = p
		}
	}
	// path start state: for special URLs one leading "/" or "\" is the
	// path's own; "?", "#" or the end leave an empty first segment.
	if rest != "" && isSlash(rest[0]) {
		rest = rest[1:]
	}
	u.parsePath(rest)
	return nil
}

// parsePath runs the path state from its start over s, then the query and
// fragment states.
func (u *resolved) parsePath(s string) {
	var buf strings.Builder
	for i := 0; ; i++ {
		if i < len(s) && !isSlash(s[i]) && s[i] != '?' && s[i] != '#' {
			percentEncode(&buf, s[i], pathSet)
			continue
		}
		seg := buf.String()
		buf.Reset()
		sep := i < len(s) && isSlash(s[i])
		switch {
		case isDoubleDot(seg):
			u.shorten()
			if !sep {
				u.path = append(u.path, "")
			}
		case isSingleDot(seg):
			if !sep {
				u.path = append(u.path, "")
			}
		default:
			u.path = append(u.path, seg)
		}
		if i == len(s) {
			return
		}
		switch s[i] {
		case '?':
			u.parseQuery(s[i+1:])
			return
		case '#':
			u.parseFragment(s[i+1:])
			return
		}
	}
}

// shorten removes the path's last segment (URL Standard 4.4, "shorten a
// URL's path"; the file-scheme exception does not apply to http(s)).
func (u *resolved) shorten() {
	if len(u.path) > 0 {
		u.path = u.path[:len(u.path)-1]
	}
}

func (u *resolved) parseQuery(s string) {
	q, frag, hasFrag := strings.Cut(s, "#")
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		percentEncode(&b, q[i], specialQuerySet)
	}
	u.query, u.hasQuery = b.String(), true
	if hasFrag {
		u.parseFragment(frag)
	}
}

func (u *resolved) parseFragment(s string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		percentEncode(&b, s[i], fragmentSet)
	}
	u.fragment, u.hasFragment = b.String(), true
}

// isSingleDot and isDoubleDot are the standard's single-dot and double-dot
// URL path segments: browsers read "%2e" as "." in them.
func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// Percent-encode sets (URL Standard 1.3). Every byte of a non-ASCII UTF-8
// sequence is above U+007E, so byte-wise encoding of valid UTF-8 equals the
// standard's code-point-wise UTF-8 percent-encode.
type encodeSet func(c byte) bool

func c0Set(c byte) bool { return c < 0x20 || c > 0x7e }

func fragmentSet(c byte) bool {
	return c0Set(c) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`'
}

func querySet(c byte) bool {
	return c0Set(c) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>'
}

func specialQuerySet(c byte) bool { return querySet(c) || c == '\'' }

func pathSet(c byte) bool {
	return querySet(c) || c == '?' || c == '^' || c == '`' || c == '{' || c == '}'
}

func percentEncode(b *strings.Builder, c byte, set encodeSet) {
	if set(c) {
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
		return
	}
	b.WriteByte(c)
}

const upperHex = "0123456789ABCDEF"

// parseHost is the host parser (URL Standard 3.5) for special URLs.
func parseHost(s string) (host, error) {
	if strings.HasPrefix(s, "[") {
		if !strings.HasSuffix(s, "]") {
			return host{}, failf("the IPv6 address %s is not closed with ]", s)
		}
		a, err := parseIPv6(s[1 : len(s)-1])
		if err != nil {
			return host{}, err
		}
		return host{kind: hostIPv6, ipv6: a}, nil
	}
	domain := percentDecode(s)
	for i := 0; i < len(domain); i++ {
		if domain[i] > 0x7e {
			return host{}, &nonASCIIHostError{host: domain}
		}
	}
	// domain parser with beStrict false: an ASCII domain is lowercased,
	// whatever Unicode ToASCII would have said of it.
	domain = strings.ToLower(domain)
	if domain == "" {
		return host{}, failf("the host is empty")
	}
	for i := 0; i < len(domain); i++ {
		if forbiddenInDomain(domain[i]) {
			return host{}, failf("the host %q contains %q, which no host name may contain", domain, domain[i])
		}
	}
	if endsInNumber(domain) {
		a, err := parseIPv4(domain)
		if err != nil {
			return host{}, err
		}
		return host{kind: hostIPv4, ipv4: a}, nil
	}
	return host{kind: hostDomain, domain: domain}, nil
}

// forbiddenInDomain is the forbidden domain code point set (URL Standard 3.2).
func forbiddenInDomain(c byte) bool {
	return c <= 0x20 || c == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// endsInNumber is the ends in a number checker (URL Standard 3.5).
func endsInNumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// parseIPv4 is the IPv4 parser (URL Standard 3.5): one to four parts, each
// decimal, octal (leading 0) or hex (0x); the last fills the remaining bytes.
func parseIPv4(s string) (uint32, error) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, failf("the host %s ends in a number but has more than four parts, so it is not an IPv4 address", s)
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, failf("the host %s ends in a number but %q is not an IPv4 number", s, p)
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return 0, failf("the IPv4 address %s has a part above 255", s)
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return 0, failf("the IPv4 address %s is out of range", s)
	}
	ip := uint32(last)
	for i, n := range nums[:len(nums)-1] {
		ip += uint32(n) << (8 * (3 - i))
	}
	return ip, nil
}

// parseIPv4Number is the IPv4 number parser; values saturate above 2^40,
// which is out of range for every position anyway.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, radix = s[2:], 16
	case len(s) >= 2 && s[0] == '0':
		s, radix = s[1:], 8
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		var d uint64
		switch c := s[i]; {
		case isDigit(c):
			d = uint64(c - '0')
		case isHex(c):
			d = uint64(c|0x20-'a') + 10
		default:
			return 0, false
		}
		if d >= radix {
			return 0, false
		}
		if n = n*radix + d; n > 1<<40 {
			n = 1 << 40
		}
	}
	return n, true
}

// parseIPv6 is the IPv6 parser (URL Standard 3.5), including the trailing
// dotted IPv4 form.
func parseIPv6(s string) ([8]uint16, error) {
	var a [8]uint16
	bad := failf("the IPv6 address [%s] is malformed", s)
	piece, compress := 0, -1
	i := 0
	at := func(i int) int {
		if i < len(s) {
			return int(s[i])
		}
		return -1
	}
	if at(0) == ':' {
		if at(1) != ':' {
			return a, bad
		}
		i = 2
		piece++
		compress = piece
	}
	for i < len(s) {
		if piece == 8 {
			return a, bad
		}
		if s[i] == ':' {
			if compress >= 0 {
				return a, bad
			}
			i++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 && i < len(s) && isHex(s[i]) {
			value = value*16 + int(unhex(s[i]))
			i++
			length++
		}
		if at(i) == '.' {
			if length == 0 {
				return a, bad
			}
			i -= length
			if piece > 6 {
				return a, bad
			}
			seen := 0
			for i < len(s) {
				v := -1
				if seen > 0 {
					if s[i] != '.' || seen >= 4 {
						return a, bad
					}
					i++
				}
				if i >= len(s) || !isDigit(s[i]) {
					return a, bad
				}
				for i < len(s) && isDigit(s[i]) {
					n := int(s[i] - '0')
					switch {
					case v < 0:
						v = n
					case v == 0:
						return a, bad
					default:
						v = v*10 + n
					}
					if v > 255 {
						return a, bad
					}
					i++
				}
				a[piece] = a[piece]<<8 | uint16(v)
				seen++
				if seen == 2 || seen == 4 {
					piece++
				}
			}
			if seen != 4 {
				return a, bad
			}
			break
		}
		if at(i) == ':' {
			i++
			if i == len(s) {
				return a, bad
			}
		} else if i < len(s) {
			return a, bad
		}
		a[piece] = uint16(value)
		piece++
	}
	if compress >= 0 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			a[piece], a[compress+swaps-1] = a[compress+swaps-1], a[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return a, bad
	}
	return a, nil
}
