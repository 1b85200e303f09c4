package origin

import (
	"net/url"
	"strings"
	"testing"
)

// This file proves the check resolves targets as a browser does (WHATWG URL
// Standard) and lets through only this server and the allowed hosts: every
// spelling of another host is refused with a message that says why, what
// is allowed and gives an example.

var testPolicy = Policy{
	Allowed: []string{"allowed.example", "ports.example:8443", "127.0.0.1", "[::1]:9000"},
	Setting: "--redirect-hosts",
}

const testBase = "http://self/dir/302?location=x"

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCheckSendsPlainTargetsExactlyAsGiven(t *testing.T) {
	t.Parallel()
	// Values every client parses the same way go out untouched, so a
	// client under test sees the exact Location it asked for.
	for _, ref := range []string{
		"/200",
		"/200?id=x&y=1#top",
		"200",
		"../status/200",
		"?x=1",
		"#frag",
		"index.html",
		"http://self/204",
		"HTTP://SELF:80/",     // scheme and host are case-insensitive, 80 is http's default
		"https://self/x",      // the own host over the other scheme
		"//self/204",          // network-path reference to the own host
		"http://self./x",      // the absolute form of the same name (RFC 1034, 3.1)
		"/%2F/other.example",  // %2F stays a character of the first segment in every client
		"%2F%2Fother.example", // likewise, in a relative path
		"/.%2F/x",             // not a dot segment: browsers decode only %2e
		"https://allowed.example/guide",
		"//allowed.example:80/a/../b",
		"https://ALLOWED.example:444/",
		"http://allowed.example:80/",
		"https://ports.example:8443/v1",
		"http://127.0.0.1:8080/x",
		"http://[::1]:9000/",
	} {
		got, err := testPolicy.Check(mustURL(t, testBase), ref)
		if err != nil || got != ref {
			t.Errorf("Check(%q) = %q, %v; want it sent unchanged", ref, got, err)
		}
	}
}

func TestCheckSendsAmbiguousTargetsInTheFormTheBrowserResolved(t *testing.T) {
	t.Parallel()
	// Values a non-browser client could read differently go out as the
	// target a browser resolved: path-absolute on the own origin, absolute
	// elsewhere, percent-encoded to RFC 3986.
	for _, tc := range []struct{ ref, want string }{
		{" /200 ", "/200"}, // C0 and space trimmed at both ends
		{"/a b", "/a%20b"}, // space encoded as a browser does
		{"/caf\u00e9?q=\u00fc#\u00e5", "/caf%C3%A9?q=%C3%BC#%C3%A5"}, // UTF-8 percent-encoded
		{"/a%zz|[x]?q=|^#f#g", "/a%25zz%7C%5Bx%5D?q=%7C%5E#f%23g"},   // RFC 3986 has no raw | [ ] ^, nor # in a fragment
		{"/%2e%2E/x", "/x"},                         // browsers read %2e as a dot segment; RFC 3986 clients do not
		{"/.//other.example", "/.//other.example"},  // the path //other.example on this server, kept unreadable as a host
		{"/..//other.example", "/.//other.example"}, // Go's net/url would resolve the given form to /other.example
		{"http://self//evil", "/.//evil"},
		{"http:other", "/dir/other"}, // same scheme without slashes is a relative path (WHATWG "special relative or authority state")
		{"http:/200", "/200"},
		{"http:", "/dir/302?location=x"},
		{"https://allowed.example\\x", "https://allowed.example/x"}, // "\" is "/" in http(s) URLs
		{"http:/\\allowed.example/", "http://allowed.example/"},
		{"//allowed.example:080/a/../b", "http://allowed.example/b"},
		{"http://ALLOWED.example./%2e%2e/x", "http://allowed.example./x"},
		{"http://0x7f.1:8080/x", "http://127.0.0.1:8080/x"}, // IPv4 shorthand (URL Standard, IPv4 parser)
		{"http://2130706433/", "http://127.0.0.1/"},
		{"http://[0:0:0:0:0:0:0:1]:9000/", "http://[::1]:9000/"},
		{"1a:b", "/dir/1a:b"}, // no scheme (starts with a digit); RFC 3986 forbids ":" in a first relative segment
	} {
		got, err := testPolicy.Check(mustURL(t, testBase), tc.ref)
		if err != nil || got != tc.want {
			t.Errorf("Check(%q) = %q, %v; want %q", tc.ref, got, err, tc.want)
		}
	}
}

func TestCheckRefusesEverySpellingOfAnotherHost(t *testing.T) {
	t.Parallel()
	// Each of these takes a browser off this server (URL Standard, basic
	// URL parser); the message must say where it leads.
	for _, tc := range []struct{ ref, leadsTo string }{
		{"///other.example/x", "http://other.example/x"},
		{"//other.example", "http://other.example/"},
		{"//other.example/200", "http://other.example/200"},
		{`/\other.example`, "http://other.example/"},
		{`\\other.example`, "http://other.example/"},
		{`\/other.example`, "http://other.example/"},
		{"https:other.example", "https://other.example/"}, // another scheme: the authority follows without slashes
		{`http:\\other.example`, "http://other.example/"},
		{"http:///other.example", "http://other.example/"},
		{" //other.example", "http://other.example/"},
		{"\t//other.example", "http://other.example/"},
		{"/\t/other.example", "http://other.example/"},
		{"/\n/other.example", "http://other.example/"},
		{"\x00//other.example", "http://other.example/"},
		{"//%6fther.example", "http://other.example/"},
		{"http://other.example:80/", "http://other.example/"},
		{"HTTP://OTHER.EXAMPLE/", "http://other.example/"},
		{"http://0x7f.0.0.2/", "http://127.0.0.2/"},
		{"http://0x7f000002/", "http://127.0.0.2/"},
		{"http://[::1]/", "http://[::1]/"}, // [::1] is allowed on port 9000 only
		{"http://[::1]:9001/", "http://[::1]:9001/"},
		{"https://ports.example/", "https://ports.example/"}, // only :8443 is allowed
		{"http://self:443/", "http://self:443/"},             // the own host, but another port
		{"https://self:80/", "https://self:80/"},
		{"https://allowed.example.evil/", "https://allowed.example.evil/"},
		{"https://evil.allowed.example/", "https://evil.allowed.example/"},
	} {
		_, err := testPolicy.Check(mustURL(t, testBase), tc.ref)
		if err == nil {
			t.Errorf("Check(%q) allowed it; a browser leaves this server for %s (open redirect)", tc.ref, tc.leadsTo)
			continue
		}
		if !strings.Contains(err.Error(), "leads to "+tc.leadsTo) {
			t.Errorf("Check(%q): %v\nwant the message to say it leads to %s", tc.ref, err, tc.leadsTo)
		}
	}
}

func TestCheckRefusesWhatIsNotAnHTTPTarget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ ref, reason string }{
		{"javascript:alert(1)", `uses the scheme "javascript:"; only http and https URLs are allowed`},
		{"JaVaScRiPt:alert(1)", `uses the scheme "javascript:"`},
		{" javascript:alert(1)", `uses the scheme "javascript:"`},
		{"java\tscript:alert(1)", `uses the scheme "javascript:"`},
		{"data:text/html,<script>alert(1)</script>", `uses the scheme "data:"`},
		{"file:///etc/passwd", `uses the scheme "file:"`},
		{"ftp://other.example/", `uses the scheme "ftp:"`},
		{"blob:http://self/x", `uses the scheme "blob:"`},
		{"ws://self/", `uses the scheme "ws:"`},
		{"mailto:a@b.example", `uses the scheme "mailto:"`},
		{"http://self@other.example/", `carries user information ("self@" before an @) in front of the host other.example`},
		{"//other.example@self", `carries user information ("other.example@" before an @) in front of the host self`},
		{`http://other.example\@self/`, "leads to http://other.example/@self/"}, // "\" ends the authority
		{"http://@self/", "carries user information"},
		{"http://user:pw@allowed.example/", "carries user information"},
		{"http://other.example%2F@self/", `carries user information ("other.example%2F@" before an @) in front of the host self`},
		{"http://b\u00fccher.example/", `names the host "bücher.example", which is not ASCII; write an internationalised host name in its ASCII form (xn--…)`},
		{"http://%C3%BC.example/", "which is not ASCII"},
		{"http://\uff45\uff56\uff49\uff4c.example/", "which is not ASCII"}, // fullwidth letters map to ASCII under IDNA
		{"http://[::1", "is not a URL a browser can follow: the IPv6 address [::1 is not closed with ]"},
		{"http://[1:2:3]/", "the IPv6 address [1:2:3] is malformed"},
		{"http://self:99999/", "the port 99999 is out of range (0 to 65535)"},
		{"http://self:8o/", `the port "8o" is not a number`},
		{"http://", "the host is missing"},
		{"http://a b/", `the host "a b" contains ' '`},
		{"http://1.2.3.4.5/", "not an IPv4 address"},
		{"http://256.0.0.1/", "has a part above 255"},
		{"http://0x1.0x100000000/", "out of range"},
		{"", "Location is empty"},
		{"  \t", "Location \"  \\t\" is empty"},
		{"/200\r\nSet-Cookie: a=b", "contains the control character U+000D; browsers drop tabs and newlines and trim other controls, so it would lead to /200Set-Cookie:%20a=b"},
		{"/a\tb", "contains the control character U+0009"},
		{"\xff/200", "is not valid UTF-8"},
	} {
		_, err := testPolicy.Check(mustURL(t, testBase), tc.ref)
		if err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("Check(%q) = %v\nwant a refusal saying %q", tc.ref, err, tc.reason)
		}
	}
}

func TestCheckAcceptsTheOwnHostOverEitherSchemeOnItsPort(t *testing.T) {
	t.Parallel()
	// A TLS-terminating intermediary hides the scheme the client used, so
	// the own host counts over http and https; the port must still match
	// (a Host without a port matches each scheme's default port).
	for _, tc := range []struct {
		base, ref string
		ok        bool
	}{
		{"http://self/302", "https://self/x", true},
		{"http://self/302", "http://self:80/x", true},
		{"http://self/302", "https://self:443/x", true},
		{"http://self/302", "https://self:80/x", false},
		{"http://self/302", "http://self:8080/x", false},
		{"https://self:8443/302", "http://self:8443/x", true},
		{"https://self:8443/302", "https://self/x", false},
		{"https://self/302", "http://self/x", true},
		{"http://self:443/302", "https://self/x", true},
		{"http://127.0.0.1:8080/302", "http://0x7f.1:8080/x", true},
		{"http://[::1]:8080/302", "http://[0::1]:8080/x", true},
		{"http://SELF/302", "http://self/x", true},
		{"http://self./302", "http://self/x", true},
	} {
		_, err := Policy{}.Check(mustURL(t, tc.base), tc.ref)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%q) from %s: err %v; want allowed=%v", tc.ref, tc.base, err, tc.ok)
		}
	}
}

func TestCheckRefusesBareHostNamesAndSuggestsTheURL(t *testing.T) {
	t.Parallel()
	// A host name without a scheme is a relative path: following it lands
	// on /example.com of this server. Refuse it and say what was meant.
	for _, tc := range []struct{ ref, guess string }{
		{"example.com", "http://example.com/"},
		{"example.com/path?q=1", "http://example.com/path?q=1"},
		{"www.example.com", "http://www.example.com/"},
		{"www.statuskit.dev/x", "http://www.statuskit.dev/x"},
		{"docs.example.org", "http://docs.example.org/"},
		{"api.github.io", "http://api.github.io/"},
		{"Example.COM", "http://Example.COM/"},
		{"example.com.", "http://example.com./"},
		{"127.0.0.1:8080/200", "http://127.0.0.1:8080/200"},
		{"10.0.0.1", "http://10.0.0.1/"},
		{"localhost", "http://localhost/"},
		{"localhost:8080/200", "http://localhost:8080/200"}, // parses as the scheme "localhost:"
		{"example.com:8080/x", "http://example.com:8080/x"}, // parses as the scheme "example.com:"
		{"app.localhost/x", "http://app.localhost/x"},
		{"http:example.com", "http://example.com/"}, // same scheme, no slashes: a relative path to a browser
		{"https:www.example.com/x", ""},             // another scheme: goes to the host, refused as another host
	} {
		_, err := testPolicy.Check(mustURL(t, testBase), tc.ref)
		if err == nil {
			t.Errorf("Check(%q) allowed it; a client would follow it to a path on this server, not to the host it names", tc.ref)
			continue
		}
		if tc.guess != "" && !strings.Contains(err.Error(), "did you mean "+tc.guess+"?") {
			t.Errorf("Check(%q): %v\nwant it to suggest %s", tc.ref, err, tc.guess)
		}
	}
	// Relative paths that only look a little like host names stay allowed.
	for _, ref := range []string{
		"index.html", "data.json", "README.md", "script.sh", "archive.zip", "app.py", "photo.jpeg",
		"v1.2", "1.2.3", "200", "status/200", "a.b", "x.y.z", "./example.com", "/example.com",
		"../example.com", "?example.com", "#example.com",
	} {
		if _, err := testPolicy.Check(mustURL(t, testBase), ref); err != nil {
			t.Errorf("Check(%q) refused a relative path: %v", ref, err)
		}
	}
}

func TestCheckErrorsNameTheFieldSayWhatIsAllowedAndGiveAnExample(t *testing.T) {
	t.Parallel()
	_, err := testPolicy.Check(mustURL(t, "http://self:8080/302"), "//other.example/x")
	want := `Location "//other.example/x" leads to http://other.example/x, on other.example, which is neither this server nor a host allowed by --redirect-hosts; ` +
		`give a path on this server such as /200, or an absolute http(s) URL on this server (self:8080) or on a host allowed by --redirect-hosts ` +
		`(now: allowed.example, ports.example:8443, 127.0.0.1, [::1]:9000)`
	if err == nil || err.Error() != want {
		t.Errorf("Check(//other.example/x) error:\n got %v\nwant %s", err, want)
	}
	_, err = Policy{}.Check(mustURL(t, "http://self/302"), "example.com")
	want = `Location "example.com" is a relative reference, so a client follows it to /example.com on this server; did you mean http://example.com/? ` +
		`give a path on this server such as /200, or an absolute http(s) URL on this server (self) or on a host allowed by the allowed hosts (now: none)`
	if err == nil || err.Error() != want {
		t.Errorf("Check(example.com) error:\n got %v\nwant %s", err, want)
	}
	long := "//other.example/" + strings.Repeat("a", 500)
	if _, err := testPolicy.Check(mustURL(t, testBase), long); err == nil || len(err.Error()) > 600 {
		t.Errorf("Check(<516-byte value>): the message should quote a truncated value, got %d bytes", len(err.Error()))
	}
}

func TestCheckWithoutARequestHostStillResolvesRelativeTargets(t *testing.T) {
	t.Parallel()
	// HTTP/1.0 without Host: relative targets stay on whatever server the
	// client reached; no absolute URL can be shown to be this server.
	base := &url.URL{Scheme: "http", Path: "/dir/302"}
	for _, tc := range []struct {
		ref, want string
		ok        bool
	}{
		{"/200", "/200", true},
		{"200", "200", true},
		{"/a b", "/a%20b", true},
		{"http://self/200", "", false},
		{"//other.example", "", false},
		{"https://allowed.example/", "https://allowed.example/", true},
	} {
		got, err := testPolicy.Check(base, tc.ref)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("Check(%q) without a Host = %q, %v; want %q, allowed=%v", tc.ref, got, err, tc.want, tc.ok)
		}
	}
}

func TestCheckNeedsAnHTTPBase(t *testing.T) {
	t.Parallel()
	for _, base := range []*url.URL{nil, {Scheme: "ftp", Host: "self"}, {Path: "/x"}} {
		if _, err := (Policy{}).Check(base, "/200"); err == nil {
			t.Errorf("Check with base %v: want an error, there is no http(s) URL to resolve against", base)
		}
	}
}
