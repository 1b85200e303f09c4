// Package origin decides which URLs a response may send a client to, so a
// server that lets its clients choose redirect targets (Location,
// Content-Location, Refresh, Link) cannot be used as an open redirect.
//
// Every target is resolved against the request's URL the way a browser
// resolves it (WHATWG URL Standard, basic URL parser): C0 controls and
// spaces trimmed at both ends, tabs and newlines removed anywhere, "\" read
// as "/", "//host", "///host", "/\host" and "http:\\host" read as another
// host, "http:path" (the request's own scheme, no slashes) read as a
// relative path, hosts lowercased and percent-decoded, IPv4 shorthand such
// as 0x7f.1 read as 127.0.0.1. The check compares where that lands, not how
// the value looks, so no spelling of another host gets through.
//
// A target is allowed when it lands
//   - on the request's own host and port, with either http or https (a
//     TLS-terminating intermediary hides which one the client used; a
//     Host without a port matches each scheme's default port), or
//   - on a host listed in Policy.Allowed ("host" on any port,
//     "host:port" on that port only).
//
// Everything else is refused: other hosts, schemes other than http and
// https (javascript:, data:, file:, ftp:, blob:…), user information
// (user@host), hosts that are not ASCII (write them as xn--…), values a
// browser cannot parse, control characters inside an otherwise allowed
// value (browsers would silently drop them), and bare host names such as
// "example.com" that a client would follow to the path /example.com on
// this server.
//
// What is sent: a value already in a form that every client (browsers,
// curl, Go, Python) resolves identically — an RFC 3986 URI reference with
// no characters that need escaping, no encoded dot segments, no empty path
// segments, no backslashes or spaces, an http(s) scheme always followed by
// "//", and a host written in its canonical form — goes out exactly as
// given, relative or absolute. Any other allowed value goes out in the canonical form the
// check resolved: a path-absolute reference ("/a/b?q#f") when it stays on
// the request's own scheme, host and port, otherwise an absolute URL, with
// every character outside RFC 3986 percent-encoded. The sent value is
// printable ASCII, never needs re-escaping, and must be written to the
// field as returned (re-serialising it through net/url.URL can turn
// "/%2F/evil" into "//evil").
package origin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Policy decides which origins a response may send a client to. The zero
// Policy allows only the request's own host.
type Policy struct {
	// Allowed lists the hosts besides the request's own that a target may
	// name: "host" allows it on any port, "host:port" on that port only
	// ("docs.example.org", "api.example.org:8443", "[::1]:9000").
	// Matching is case-insensitive and ignores one trailing dot. An entry
	// that is not a host or host:port matches nothing; Validate reports it.
	Allowed []string
	// Setting names, in error messages, where Allowed comes from, e.g.
	// "--redirect-hosts". Empty reads "the allowed hosts" (and "allowed
	// host" in Validate's errors).
	Setting string
}

// governed lists the response fields whose values are URI references a
// client follows or fetches, by canonical name.
var governed = map[string]bool{
	"Location":         true, // RFC 9110, 10.2.2
	"Content-Location": true, // RFC 9110, 8.7
	"Refresh":          true, // HTML, "shared declarative refresh steps"
	"Link":             true, // RFC 8288, 3
}

// Governed reports whether a response field of this name (any case) carries
// URI references that must pass the check: Location, Content-Location,
// Refresh and Link.
func Governed(name string) bool {
	return governed[http.CanonicalHeaderKey(name)]
}

// RequestURL returns the URL a client used for r, as the base to resolve
// targets against: https when the connection is TLS, else http; r.Host as
// the host (the Host field, RFC 9110, 7.2); the request target's path and
// query. An intermediary in front of the server may have changed the
// scheme (hence Policy accepts both on the own host) and the path (so
// relative targets resolve against the path the server saw).
func RequestURL(r *http.Request) *url.URL {
	u := &url.URL{Scheme: "http", Host: r.Host}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if r.URL != nil {
		u.Path, u.RawPath, u.RawQuery = r.URL.Path, r.URL.RawPath, r.URL.RawQuery
	}
	return u
}

// Validate reports the entries of Allowed that are not a host or
// host:port, one error each, joined.
func (p Policy) Validate() error {
	var errs []error
	name := p.Setting
	if name == "" {
		name = "allowed host"
	}
	for _, a := range p.Allowed {
		if _, err := parseEntry(a); err != nil {
			errs = append(errs, fmt.Errorf("%s %q is not a host or host:port (%v); write e.g. docs.example.org or docs.example.org:8443", name, a, err))
		}
	}
	return errors.Join(errs...)
}

// Check resolves ref, a Location value, against base (the request's URL,
// see RequestURL) as a browser does, and returns the value to send, or an
// error saying what was wrong, what is allowed and an example. It is
// CheckField for the Location field.
func (p Policy) Check(base *url.URL, ref string) (string, error) {
	return p.CheckField(base, "Location", ref)
}

// CheckField checks every URI reference in a value of the named response
// field and returns the value to send:
//   - Location, Content-Location: the value is one URI reference
//     (RFC 9110, 10.2.2 and 8.7);
//   - Refresh: "<seconds>" or "<seconds>; url=<reference>", parsed as
//     HTML's shared declarative refresh steps do (url= optional and any
//     case, quotes optional); a value with a URL is sent as
//     "<seconds>; url=<checked reference>";
//   - Link: each "<reference>" of the list, and each anchor parameter
//     (RFC 8288, 3); parameters are kept as given.
//
// Other field names pass unchanged. Errors name the field.
func (p Policy) CheckField(base *url.URL, name, value string) (string, error) {
	name = http.CanonicalHeaderKey(name)
	if !governed[name] {
		return value, nil
	}
	b, err := baseOf(base)
	if err != nil {
		return "", err
	}
	switch name {
	case "Refresh":
		return p.checkRefresh(b, value)
	case "Link":
		return p.checkLink(b, value)
	}
	return p.checkTarget(b, name, value, false)
}

// baseOf turns the request URL into the resolver's record. A request with
// no usable host (HTTP/1.0 without Host, or a Host a browser could not
// have sent) still resolves relative targets, and matches no absolute URL.
func baseOf(u *url.URL) (*resolved, error) {
	if u == nil {
		return nil, errors.New("origin: no request URL to resolve targets against")
	}
	scheme := strings.ToLower(u.Scheme)
	if !isSpecial(scheme) {
		return nil, fmt.Errorf("origin: the request URL %q is not http or https, so targets cannot be resolved against it", u.String())
	}
	rest := u.EscapedPath()
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	if u.RawQuery != "" || u.ForceQuery {
		rest += "?" + u.RawQuery
	}
	if u.Host != "" && !strings.ContainsAny(u.Host, `/\?#@`) {
		if b, err := resolve(scheme+"://"+u.Host+rest, nil); err == nil {
			return b, nil
		}
	}
	b := &resolved{scheme: scheme}
	b.parsePath(rest[1:])
	return b, nil
}

// checkTarget checks one URI reference; what names it in messages
// ("Location", "Refresh url", "Link target"). An empty reference is
// refused unless emptyIsSelf, where it names the response's own resource.
func (p Policy) checkTarget(b *resolved, what, ref string, emptyIsSelf bool) (string, error) {
	if !utf8.ValidString(ref) {
		return "", p.refuse(b, what, ref, "is not valid UTF-8")
	}
	t, err := resolve(ref, b)
	var (
		se *schemeError
		ye *syntaxError
		ne *nonASCIIHostError
	)
	switch {
	case errors.Is(err, errEmpty):
		if emptyIsSelf {
			return "", nil
		}
		return "", p.refuse(b, what, ref, "is empty")
	case errors.As(err, &se):
		problem := fmt.Sprintf("uses the scheme %q; only http and https URLs are allowed", se.scheme+":")
		if guess := guessURL(se.scheme + ":" + se.rest); guess != "" {
			problem = fmt.Sprintf("reads as the scheme %q; did you mean %s?", se.scheme+":", guess)
		}
		return "", p.refuse(b, what, ref, problem)
	case errors.As(err, &ye):
		return "", p.refuse(b, what, ref, "is not a URL a browser can follow: "+ye.reason)
	case errors.As(err, &ne):
		return "", p.refuse(b, what, ref, fmt.Sprintf("names the host %q, which is not ASCII; write an internationalised host name in its ASCII form (xn--…)", ne.host))
	case err != nil:
		return "", p.refuse(b, what, ref, err.Error())
	}
	if t.hasUserinfo {
		return "", p.refuse(b, what, ref, fmt.Sprintf(
			"carries user information (%q before an @) in front of the host %s; a client goes to the host after the @, so user information is not allowed",
			truncate(t.userinfo, 40)+"@", t.host))
	}
	if i := strings.IndexFunc(ref, isControl); i >= 0 && p.permitted(t, b) {
		lead := t.absoluteForm()
		if sameOrigin(t, b) {
			lead = t.pathForm()
		}
		return "", p.refuse(b, what, ref, fmt.Sprintf(
			"contains the control character %U; browsers drop tabs and newlines and trim other controls, so it would lead to %s: write the target without control characters",
			ref[i], truncate(lead, 80)))
	}
	if sameOrigin(t, b) {
		if guess := guessRelative(ref); guess != "" {
			return "", p.refuse(b, what, ref, fmt.Sprintf(
				"is a relative reference, so a client follows it to %s on this server; did you mean %s?", t.pathForm(), guess))
		}
		if plain(ref, t) {
			return ref, nil
		}
		return t.pathForm(), nil
	}
	if p.ownHost(t, b) || p.allowed(t) {
		if plain(ref, t) {
			return ref, nil
		}
		return t.absoluteForm(), nil
	}
	return "", p.refuse(b, what, ref, fmt.Sprintf("leads to %s, on %s, which is neither this server nor a host allowed by %s",
		truncate(t.absoluteForm(), 80), hostPort(t), p.setting()))
}

// isControl: C0 controls and DEL, which a header value should not carry
// and browsers silently drop or trim.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// permitted reports whether t may be sent at all: the request's origin or
// host, or an allowed host.
func (p Policy) permitted(t, b *resolved) bool {
	return sameOrigin(t, b) || p.ownHost(t, b) || p.allowed(t)
}

// sameOrigin: the request's own scheme, host and port (RFC 6454, 5). When
// the request named no host, relative targets still inherit "its" host.
func sameOrigin(t, b *resolved) bool {
	if b.host.kind == hostUnknown {
		return t.host.kind == hostUnknown
	}
	return t.scheme == b.scheme && t.host.equal(b.host) && t.port == b.port
}

// ownHost: the request's host with either http or https, on the request's
// port; a request without a port matches each scheme's default port.
func (p Policy) ownHost(t, b *resolved) bool {
	if !t.host.equal(b.host) {
		return false
	}
	if b.port == "" {
		return t.port == ""
	}
	return t.effectivePort() == b.port
}

func (p Policy) allowed(t *resolved) bool {
	for _, a := range p.Allowed {
		e, err := parseEntry(a)
		if err == nil && e.host.equal(t.host) && (e.port == "" || e.port == t.effectivePort()) {
			return true
		}
	}
	return false
}

// entry is one parsed Policy.Allowed item.
type entry struct {
	host host
	port string // "" allows any port
}

func parseEntry(s string) (entry, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return entry{}, errors.New("it is empty")
	}
	if strings.ContainsAny(s, `/\@?#`) {
		return entry{}, errors.New("a host has no scheme, path or user information")
	}
	hostPart, port, hasPort := s, "", false
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return entry{}, errors.New("the IPv6 address is not closed with ]")
		}
		hostPart = s[:end+1]
		if rest := s[end+1:]; rest != "" {
			if rest[0] != ':' {
				return entry{}, errors.New("only :port may follow an IPv6 address")
			}
			port, hasPort = rest[1:], true
		}
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		hostPart, port, hasPort = s[:i], s[i+1:], true
	}
	h, err := parseHost(hostPart)
	if err != nil {
		return entry{}, err
	}
	e := entry{host: h}
	if hasPort {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
			return entry{}, fmt.Errorf("the port %q is not a number from 1 to 65535", port)
		}
		e.port = strconv.Itoa(n)
	}
	return e, nil
}

func (p Policy) setting() string {
	if p.Setting == "" {
		return "the allowed hosts"
	}
	return p.Setting
}

// refuse builds the error a person reads: the value, what is wrong with it,
// what is allowed instead, with an example.
func (p Policy) refuse(b *resolved, what, value, problem string) error {
	self := "this server"
	if b.host.kind != hostUnknown {
		self += " (" + hostPort(b) + ")"
	}
	allowed := "none"
	if len(p.Allowed) > 0 {
		allowed = strings.Join(p.Allowed, ", ")
	}
	shown := ""
	if value != "" {
		shown = " " + quote(truncate(value, 80))
	}
	sep := "; "
	if strings.HasSuffix(problem, "?") {
		sep = " "
	}
	return fmt.Errorf("%s%s %s%sgive a path on this server such as /200, or an absolute http(s) URL on %s or on a host allowed by %s (now: %s)",
		what, shown, problem, sep, self, p.setting(), allowed)
}

// quote puts value in double quotes as given, escaping only what a
// person could not see (controls, invalid UTF-8) the way Go does:
// strconv.Quote would double every backslash, and the JSON form of the
// message doubles them again ("/\\\\evil.com" for /\\evil.com).
func quote(value string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range value {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(value[i:], "\uFFFD"):
			fmt.Fprintf(&b, "\\x%02x", value[i])
			continue
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// hostPort is the host with its port when the port is not the default.
func hostPort(u *resolved) string {
	if u.port == "" {
		return u.host.String()
	}
	return u.host.String() + ":" + u.port
}

// truncate shortens s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
