package origin

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// This file covers the fields besides Location: Content-Location (RFC 9110,
// 8.7), Refresh (HTML, shared declarative refresh steps) and Link
// (RFC 8288, 3), and which fields are governed at all.

func TestGovernedFieldsAreTheOnesThatCarryTargets(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Location", "location", "CONTENT-LOCATION", "Content-Location", "Refresh", "refresh", "Link", "LINK"} {
		if !Governed(name) {
			t.Errorf("Governed(%q) = false; a client follows or fetches the URI references it carries", name)
		}
	}
	for _, name := range []string{"Content-Type", "Retry-After", "X-Location", "Links", "Set-Cookie", ""} {
		if Governed(name) {
			t.Errorf("Governed(%q) = true; it carries no target", name)
		}
	}
}

func TestCheckFieldPassesOtherFieldsUnchanged(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, value string }{
		{"Content-Type", "text/html"},
		{"X-Redirect", "//other.example"},
		{"Retry-After", "5; url=//other.example"},
	} {
		got, err := testPolicy.CheckField(mustURL(t, testBase), tc.name, tc.value)
		if err != nil || got != tc.value {
			t.Errorf("CheckField(%s, %q) = %q, %v; want it unchanged", tc.name, tc.value, got, err)
		}
	}
}

func TestContentLocationIsCheckedLikeLocation(t *testing.T) {
	t.Parallel()
	got, err := testPolicy.CheckField(mustURL(t, testBase), "content-location", " /doc/1 ")
	if err != nil || got != "/doc/1" {
		t.Errorf("CheckField(Content-Location, %q) = %q, %v; want /doc/1", " /doc/1 ", got, err)
	}
	_, err = testPolicy.CheckField(mustURL(t, testBase), "Content-Location", "///other.example/doc")
	if err == nil || !strings.HasPrefix(err.Error(), `Content-Location "///other.example/doc" leads to http://other.example/doc`) {
		t.Errorf("CheckField(Content-Location, ///other.example/doc) = %v; want a refusal naming Content-Location", err)
	}
}

func TestRefreshURLIsParsedAsBrowsersDo(t *testing.T) {
	t.Parallel()
	// HTML's shared declarative refresh steps: seconds, then ";" or "," or
	// spaces, then "url=" (any case, optional, spaces around "="), then an
	// optionally quoted URL, cut at the closing quote.
	for _, tc := range []struct{ value, want string }{
		{"5", "5"},
		{"5;", "5"},
		{" 5 ", "5"},
		{"5.9", "5"},
		{".5; url=/x", "0; url=/x"},
		{"5; url=/x", "5; url=/x"},
		{"5;url=/x", "5; url=/x"},
		{"5,/x", "5; url=/x"},
		{"5 /x", "5; url=/x"},
		{"0;URL='http://self/x'", "0; url=http://self/x"},
		{`0; Url = "/a b" trailing`, "0; url=/a%20b"},
		{"0; url='/x", "0; url=/x"}, // an unclosed quote runs to the end
		{"0; urx=/y", "0; url=urx=/y"},
		{"0; ur", "0; url=ur"},
		{"0; url /x", "0; url=/dir/url%20/x"}, // no "=": the whole rest is the URL
		{"0; url=", "0"},                      // an empty URL reloads the page
		{"0; url=''x", "0"},                   // the quoted URL is empty: the page reloads itself
		{"0; url=\"'x\"", "0; url=%27x"},      // a leading quote in the value sent would be read as quoting
		{"3; url=https://allowed.example/", "3; url=https://allowed.example/"},
	} {
		got, err := testPolicy.CheckField(mustURL(t, testBase), "Refresh", tc.value)
		if err != nil || got != tc.want {
			t.Errorf("CheckField(Refresh, %q) = %q, %v; want %q", tc.value, got, err, tc.want)
		}
	}
}

func TestRefreshRefusesOtherHostsAndUnparsableValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ value, reason string }{
		{"5; url=//other.example", `Refresh url "//other.example" leads to http://other.example/`},
		{"0;URL='///other.example'", `Refresh url "///other.example" leads to http://other.example/`},
		{"0, javascript:alert(1)", `Refresh url "javascript:alert(1)" uses the scheme "javascript:"`},
		{"3,example.com", `did you mean http://example.com/?`},
		{"x; url=/", `Refresh "x; url=/" is not "<seconds>" or "<seconds>; url=<target>" (HTML, shared declarative refresh steps): it does not start with a number of seconds; e.g. 5; url=/200`},
		{"5x; url=/", `'x' follows the seconds where ";", "," or a space belongs`},
		{"", "does not start with a number of seconds"},
	} {
		_, err := testPolicy.CheckField(mustURL(t, testBase), "Refresh", tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("CheckField(Refresh, %q) = %v\nwant a refusal saying %q", tc.value, err, tc.reason)
		}
	}
}

func TestLinkChecksEveryTargetAndAnchor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ value, want string }{
		{"</x>; rel=next", "</x>; rel=next"},
		{"</x>, </y>", "</x>, </y>"},
		{` </a b> ;rel="next, prev" ; title*=UTF-8''x , , <https://allowed.example/s>; rel=preconnect`,
			`</a%20b>; rel="next, prev"; title*=UTF-8''x, <https://allowed.example/s>; rel=preconnect`},
		{`</a,b>; rel="x,y", <?q>`, `</a,b>; rel="x,y", <?q>`},
		{`</x>; anchor="#sec"; rel=up`, `</x>; anchor="#sec"; rel=up`},
		{`</x>; anchor=" /a b"`, `</x>; anchor="/a%20b"`},
		{"<>; rel=self", "<>; rel=self"},
		{"</x>; crossorigin", "</x>; crossorigin"},
	} {
		got, err := testPolicy.CheckField(mustURL(t, testBase), "Link", tc.value)
		if err != nil || got != tc.want {
			t.Errorf("CheckField(Link, %q)\n = %q, %v\nwant %q", tc.value, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ value, reason string }{
		{"</x>, <//other.example>; rel=next", `Link target "//other.example" leads to http://other.example/`},
		{`</x>; anchor="//other.example/"`, `Link anchor "//other.example/" leads to http://other.example/`},
		{"<javascript:alert(1)>", `uses the scheme "javascript:"`},
		{"</x", "element 1 has no closing >"},
		{"/x", "element 1 does not start with <"},
		{"</x> rel=next", `'r' follows </x> where ";" or "," belongs`},
		{"</x>; =next", "a parameter of </x> has no name"},
		{`</x>; rel="next`, "the rel parameter of </x> has an unclosed quoted string"},
		{"</x>; rel=", "the rel parameter of </x> has no value after ="},
		{" , ", "it has no <target>"},
	} {
		_, err := testPolicy.CheckField(mustURL(t, testBase), "Link", tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("CheckField(Link, %q) = %v\nwant a refusal saying %q", tc.value, err, tc.reason)
		}
	}
}

func TestValidateNamesEntriesThatAreNotHosts(t *testing.T) {
	t.Parallel()
	good := Policy{Allowed: []string{"docs.example.org", "API.example.org:8443", "127.0.0.1", "[::1]:9000", "example.org."}}
	if err := good.Validate(); err != nil {
		t.Errorf("Validate(%v) = %v; want nil", good.Allowed, err)
	}
	for _, bad := range []string{"", "https://docs.example.org", "docs.example.org/x", "user@docs.example.org", "docs.example.org:", "docs.example.org:0", "docs.example.org:99999", "a:b:c", "[::1", "[::1]x", "bücher.example", "a b"} {
		err := Policy{Allowed: []string{bad}, Setting: "--redirect-hosts"}.Validate()
		if err == nil || !strings.Contains(err.Error(), "--redirect-hosts "+strconv.Quote(bad)) || !strings.Contains(err.Error(), "e.g. docs.example.org or docs.example.org:8443") {
			t.Errorf("Validate(%q) = %v; want an error naming the entry and giving an example", bad, err)
		}
	}
}

func TestAllowedEntriesMatchHostAndPortAsWritten(t *testing.T) {
	t.Parallel()
	p := Policy{Allowed: []string{"Docs.Example.org", "api.example.org:443", "[::1]:9000"}}
	for _, tc := range []struct {
		ref string
		ok  bool
	}{
		{"https://docs.example.org:1234/", true}, // a bare host allows every port
		{"http://DOCS.EXAMPLE.ORG./", true},
		{"https://api.example.org/", true}, // 443 is https's default
		{"http://api.example.org:443/", true},
		{"http://api.example.org/", false},
		{"http://[::1]:9000/", true},
		{"http://[::1]/", false},
	} {
		_, err := p.Check(mustURL(t, "http://self/"), tc.ref)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%q) with Allowed %v: %v; want allowed=%v", tc.ref, p.Allowed, err, tc.ok)
		}
	}
}

func TestRequestURLIsTheURLTheClientUsed(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "http://self:8080/a%2Fb/302?location=x", nil)
	if got := RequestURL(r).String(); got != "http://self:8080/a%2Fb/302?location=x" {
		t.Errorf("RequestURL(plain request) = %s; want http://self:8080/a%%2Fb/302?location=x", got)
	}
	r.TLS = &tls.ConnectionState{}
	if got := RequestURL(r).Scheme; got != "https" {
		t.Errorf("RequestURL(TLS request).Scheme = %s; want https", got)
	}
	// Relative targets resolve against the path the server saw.
	got, err := Policy{}.Check(RequestURL(r), "../200")
	if err != nil || got != "../200" {
		t.Errorf("Check(../200) against %s = %q, %v", RequestURL(r), got, err)
	}
	got, err = Policy{}.Check(RequestURL(r), "../2 00")
	if err != nil || got != "/2%2000" {
		t.Errorf("Check(\"../2 00\") against %s = %q, %v; want /2%%2000", RequestURL(r), got, err)
	}
}
