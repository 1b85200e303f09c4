package origin

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	wurl "github.com/nlnwa/whatwg-url/url"
)

// The oracle is github.com/nlnwa/whatwg-url, an independent implementation
// of the WHATWG URL Standard that passes the web-platform-tests URL suite:
// it stands in for a browser. Go's net/url stands in for the non-browser
// clients (RFC 3986 resolution, as curl and Python's urllib also do).

// fuzzPolicy and fuzzBases are the world the fuzz target checks against:
// the request came to "self" (on http's default port, or on 8443 over
// TLS); "allowed.example" and 127.0.0.1 are allowed on any port,
// "ports.example" on 8443 and [::1] on 9000.
var (
	fuzzPolicy = Policy{Allowed: []string{"allowed.example", "ports.example:8443", "127.0.0.1", "[::1]:9000"}, Setting: "--redirect-hosts"}
	fuzzBases  = []string{"http://self/dir/302?location=x", "https://self:8443/dir/302"}
	// plainPath is the shape the check must never refuse: a path on this
	// server written with ordinary characters.
	plainPath = regexp.MustCompile(`^/[a-z0-9/._-]*$`)
)

// FuzzCheckAgreesWithBrowser: whatever Check, CheckField("Refresh") or
// CheckField("Link") allow, a browser (the WHATWG oracle) and Go's net/url
// resolve the value sent to this server or an allowed host, to the same
// host and path; and what a browser makes of the value given is what it
// makes of the value sent.
func FuzzCheckAgreesWithBrowser(f *testing.F) {
	f.Fuzz(func(t *testing.T, ref string) {
		for _, baseHref := range fuzzBases {
			base, err := url.Parse(baseHref)
			if err != nil {
				t.Fatal(err)
			}
			sent, err := fuzzPolicy.Check(base, ref)
			if err != nil {
				msg := err.Error()
				if !strings.HasPrefix(msg, "Location") || !strings.Contains(msg, "/200") {
					t.Fatalf("Check(%q) refused with %q, which does not name the field or give an example", ref, msg)
				}
				if plainPath.MatchString(ref) && !strings.HasPrefix(ref, "//") {
					t.Fatalf("Check(%q) against %s refused a plain path on this server: %v", ref, baseHref, err)
				}
			} else {
				requireLandsOnAllowedOrigin(t, baseHref, ref, sent)
				requireSameTargetAsBrowser(t, baseHref, ref, sent)
			}
			if v, err := fuzzPolicy.CheckField(base, "Refresh", ref); err == nil {
				m := sentRefresh.FindStringSubmatch(v)
				if m == nil {
					t.Fatalf("CheckField(Refresh, %q) = %q, not <seconds> or <seconds>; url=<target>", ref, v)
				}
				if m[1] != "" {
					requireLandsOnAllowedOrigin(t, baseHref, ref, m[1])
				}
			}
			if v, err := fuzzPolicy.CheckField(base, "Link", ref); err == nil {
				for _, m := range sentLinkTarget.FindAllStringSubmatch(v, -1) {
					if m[1] != "" {
						requireLandsOnAllowedOrigin(t, baseHref, ref, m[1])
					}
				}
			}
		}
	})
}

var (
	// sentRefresh is the form checkRefresh sends; a URL that starts with a
	// quote or space would be parsed differently by browsers.
	sentRefresh    = regexp.MustCompile(`^[0-9]+(?:; url=([^'"\s][\x21-\x7e]*))?$`)
	sentLinkTarget = regexp.MustCompile(`<([^<>]*)>`)
)

// requireLandsOnAllowedOrigin: sent is printable ASCII, and both the
// browser oracle and Go's net/url resolve it to self (per the own-host
// rule) or an allowed host, without user information, and agree on host,
// port and path.
func requireLandsOnAllowedOrigin(t *testing.T, baseHref, ref, sent string) {
	t.Helper()
	for i := 0; i < len(sent); i++ {
		if sent[i] < 0x21 || sent[i] > 0x7e {
			t.Fatalf("%q against %s: sent %q contains byte %#x; field values must be printable ASCII", ref, baseHref, sent, sent[i])
		}
	}
	b, err := wurl.Parse(baseHref)
	if err != nil {
		t.Fatal(err)
	}
	w, err := wurl.ParseRef(baseHref, sent)
	if err != nil {
		t.Fatalf("%q against %s: sent %q, which a browser cannot parse: %v", ref, baseHref, sent, err)
	}
	scheme := strings.TrimSuffix(w.Protocol(), ":")
	if scheme != "http" && scheme != "https" {
		t.Fatalf("%q against %s: sent %q, which a browser resolves to scheme %q", ref, baseHref, sent, scheme)
	}
	if w.Username() != "" || w.Password() != "" {
		t.Fatalf("%q against %s: sent %q, which carries user information to a browser", ref, baseHref, sent)
	}
	host := strings.TrimSuffix(w.Hostname(), ".")
	port := portOr(w.Port(), scheme)
	switch {
	case host == "self" && b.Port() == "" && w.Port() == "":
	case host == "self" && b.Port() != "" && port == b.Port():
	case host == "allowed.example":
	case host == "ports.example" && port == "8443":
	case host == "127.0.0.1":
	case host == "[::1]" && port == "9000":
	default:
		t.Fatalf("%q against %s: sent %q, which a browser follows to %s: an open redirect", ref, baseHref, sent, w.Href(false))
	}

	gb, _ := url.Parse(baseHref)
	gu, err := url.Parse(sent)
	if err != nil {
		t.Fatalf("%q against %s: sent %q, which Go's net/url cannot parse: %v", ref, baseHref, sent, err)
	}
	g := gb.ResolveReference(gu)
	if g.User != nil {
		t.Fatalf("%q against %s: sent %q, which carries user information to Go's net/url", ref, baseHref, sent)
	}
	gh := strings.TrimSuffix(strings.ToLower(g.Hostname()), ".")
	if strings.Contains(gh, ":") {
		gh = "[" + gh + "]" // net/url strips an IPv6 literal's brackets
	}
	if gh != host || portOr(g.Port(), g.Scheme) != port || g.Scheme != scheme {
		t.Fatalf("%q against %s: sent %q; a browser goes to %s://%s:%s, Go's net/url to %s://%s:%s",
			ref, baseHref, sent, scheme, host, port, g.Scheme, gh, portOr(g.Port(), g.Scheme))
	}
	gp := g.EscapedPath()
	if gp == "" {
		gp = "/" // an HTTP client requests "/" for an empty path (RFC 9112, 3.2.1)
	}
	if decodedSegments(gp) != decodedSegments(w.Pathname()) {
		t.Fatalf("%q against %s: sent %q; a browser requests the path %q, Go's net/url %q", ref, baseHref, sent, w.Pathname(), g.EscapedPath())
	}
}

// requireSameTargetAsBrowser: the browser resolves the value given and the
// value sent to the same URL, up to percent-encoding.
func requireSameTargetAsBrowser(t *testing.T, baseHref, ref, sent string) {
	t.Helper()
	in, err := wurl.ParseRef(baseHref, ref)
	if err != nil {
		t.Fatalf("%q against %s: allowed (sent %q), but a browser cannot parse it: %v", ref, baseHref, sent, err)
	}
	out, _ := wurl.ParseRef(baseHref, sent)
	type view struct{ scheme, host, port, path, query, fragment string }
	see := func(u *wurl.Url) view {
		return view{u.Protocol(), strings.TrimSuffix(u.Hostname(), "."), u.Port(),
			decodedSegments(u.Pathname()), decodePct(u.Search()), decodePct(u.Hash())}
	}
	if see(in) != see(out) {
		t.Fatalf("%q against %s: a browser goes to %s, but the value sent, %q, takes it to %s", ref, baseHref, in.Href(false), sent, out.Href(false))
	}
}

func portOr(port, scheme string) string {
	if port != "" {
		return port
	}
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// decodedSegments decodes each path segment, keeping "/" and "%2F" apart.
func decodedSegments(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(decodePct(s), "/", "%2F")
	}
	return strings.Join(segs, "/")
}

// decodePct decodes well-formed %XX and leaves any other "%" alone, as
// servers that tolerate a lone "%" do.
func decodePct(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
