package reply_test

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/internal/inert"
	"github.com/statuskit/statuskit/reply"
)

// TestURLAttrBlocksSchemesOtherThanHTTP: a link built from data may point
// at this server or at an http(s) URL, never run script (javascript:,
// data:, vbscript:), however the scheme is disguised.
func TestURLAttrBlocksSchemesOtherThanHTTP(t *testing.T) {
	t.Parallel()
	for _, u := range []string{
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		" javascript:alert(1)",
		"java\tscript:alert(1)",
		"\x01javascript:alert(1)",
		"javascript:alert(1)/codes/404",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)",
		"mailto:a@example.com",
		"ftp://example.com/",
		"&#106;avascript:alert(1)",
	} {
		if got := reply.URLAttr(u); got != reply.BlockedURL {
			t.Errorf("URLAttr(%q) = %q, want %q: only http, https and relative references may be linked", u, got, reply.BlockedURL)
		}
	}
}

// TestURLAttrKeepsLinksAndEncodesWhatCannotStandInAURL: relative
// references and http(s) URLs pass; bytes that may not appear in a URL
// are percent-encoded (RFC 3986, 2.1), so none can end the attribute, and
// "&" is escaped for HTML.
func TestURLAttrKeepsLinksAndEncodesWhatCannotStandInAURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"/codes/404", "/codes/404"},
		{"#c4xx", "#c4xx"},
		{"/sk/?q=4xx+auth", "/sk/?q=4xx+auth"},
		{"/exam/x?key=a&b=c", "/exam/x?key=a&amp;b=c"},
		{"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5"},
		{"HTTP://example.com/", "HTTP://example.com/"},
		{"//example.com/x", "//example.com/x"},
		{"/a:b/c", "/a:b/c"},
		{`/x"><script>`, "/x%22%3E%3Cscript%3E"},
		{"/x' onmouseover=alert(1)", "/x%27%20onmouseover=alert%281%29"},
		{`/\evil.example`, "/%5Cevil.example"},
		{"/caf\u00e9", "/caf%C3%A9"},
		{"/50%25", "/50%25"},
		{"/50%", "/50%25"},
		{"/%zz", "/%25zz"},
		{"/a\nb", "/a%0Ab"},
	} {
		if got := reply.URLAttr(tc.in); got != tc.want {
			t.Errorf("URLAttr(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzURLAttr: whatever the input, the value cannot leave its quotes,
// start a tag or an entity of its own, or carry a scheme other than
// http(s).
func FuzzURLAttr(f *testing.F) {
	for _, s := range []string{"/codes/404", "javascript:alert(1)", `"><script>`, "' onmouseover=", "/a&b", "https://x/%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		got := reply.URLAttr(u)
		if strings.ContainsAny(got, "\"'<> \t\n\r\x00\\") {
			t.Fatalf("URLAttr(%q) = %q, which can end a quoted attribute or start markup", u, got)
		}
		if strings.Count(got, "&") != strings.Count(got, "&amp;") {
			t.Fatalf("URLAttr(%q) = %q, which has an unescaped &", u, got)
		}
		if scheme, _, ok := strings.Cut(html.UnescapeString(got), ":"); ok && !strings.Contains(scheme, "/") {
			if s := strings.ToLower(scheme); s != "http" && s != "https" {
				t.Fatalf("URLAttr(%q) = %q, with scheme %q", u, got, scheme)
			}
		}
	})
}

func ExampleURLAttr() {
	fmt.Println(reply.URLAttr("/sk/codes/404?a=1&b=2"))
	fmt.Println(reply.URLAttr(`/x"><script>`))
	fmt.Println(reply.URLAttr("javascript:alert(1)"))
	// Output:
	// /sk/codes/404?a=1&amp;b=2
	// /x%22%3E%3Cscript%3E
	// #blocked-url
}

// TestHTMLPagesKeepHostileValuesInert: a message and a base path from a
// request come out of the status page and the 503 page as text and as
// harmless links: no markup, no event handler, no script URL.
func TestHTMLPagesKeepHostileValuesInert(t *testing.T) {
	t.Parallel()
	for _, v := range inert.HostileValues {
		for _, n := range []int{200, 404, 503, 299} {
			page := string(reply.Render(reply.HTML, n, v, v))
			for _, p := range inert.Problems(page, 0) {
				t.Errorf("Render(HTML, %d, message and base %q): %s", n, v, p)
			}
			if !strings.Contains(page, "<p><strong>"+html.EscapeString(v)+"</strong></p>") {
				t.Errorf("Render(HTML, %d, %q) does not show the message as escaped text", n, v)
			}
		}
		page := string(reply.UnavailablePage("Wed, 21 Oct 2026 07:28:00 GMT", v))
		for _, p := range inert.Problems(page, 0) {
			t.Errorf("UnavailablePage(base %q): %s", v, p)
		}
	}
}
