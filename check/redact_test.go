package check

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/statuskit/statuskit/check/wire"
)

// echoSecret is a credential with every character the encoders below
// treat specially: the HTML ones Go's encoding/json escapes (<, >, &),
// quotes, a slash, a backslash, a space, a plus and non-ASCII.
const echoSecret = `sec<ret>&key"x/é'ü+ 1\z`

// jsonString encodes s as a JSON string's contents, as Go's encoding/json
// does (html: <, >, & as \u003c...) or as JavaScript's JSON.stringify.
func jsonString(s string, html bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}

// asciiJSON escapes what JSON must, "/" as PHP's json_encode does, and
// every non-ASCII character as \uXXXX in the given case (Python's
// ensure_ascii writes lower case, some Java encoders upper).
func asciiJSON(s, hexFormat string, slash bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '/' && slash:
			b.WriteString(`\/`)
		case r >= utf8.RuneSelf:
			fmt.Fprintf(&b, `\u`+hexFormat, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// percentAll percent-encodes every byte, in lower case.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02x", s[i])
	}
	return b.String()
}

// echoForms is the table of transformations: each is a way a server may
// echo a request field back, and each must be redacted.
var echoForms = []struct {
	name string
	form func(string) string
}{
	{"raw", func(s string) string { return s }},
	{"go-json", func(s string) string { return jsonString(s, true) }},
	{"json", func(s string) string { return jsonString(s, false) }},
	{"python-json", func(s string) string { return asciiJSON(s, "%04x", false) }},
	{"php-json", func(s string) string { return asciiJSON(s, "%04x", true) }},
	{"json-upper-hex", func(s string) string { return asciiJSON(s, "%04X", false) }},
	{"go-quote", func(s string) string { q := strconv.Quote(s); return q[1 : len(q)-1] }},
	{"go-quote-ascii", func(s string) string { q := strconv.QuoteToASCII(s); return q[1 : len(q)-1] }},
	{"query-escape", url.QueryEscape},
	{"path-escape", url.PathEscape},
	{"percent-every-byte", percentAll},
	{"html-escape", html.EscapeString},
	{"html-template", template.HTMLEscapeString},
	{"php-htmlspecialchars", strings.NewReplacer("&", "&amp;", `"`, "&quot;", "'", "&#039;", "<", "&lt;", ">", "&gt;").Replace},
	{"python-html-escape", strings.NewReplacer("&", "&amp;", `"`, "&quot;", "'", "&#x27;", "<", "&lt;", ">", "&gt;").Replace},
	{"base64", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{"base64url", func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }},
}

// echoAPI answers every request to /echo/NAME[/...] 405 (without Allow,
// so that there are findings with evidence), with the X-Api-Key it
// received written in the form NAME in a field and in the content; the
// paths under /cut/ echo the raw value where the report has to shorten
// it.
func echoAPI(t *testing.T) string {
	forms := map[string]func(string) string{}
	for _, f := range echoForms {
		forms[f.name] = f.form
	}
	return rawAPI(t, func(req rawRequest) string {
		if bad := rejectsMalformed(req); bad != "" {
			return bad
		}
		var key string
		for _, l := range req.lines {
			if v, ok := strings.CutPrefix(l, "X-Api-Key: "); ok {
				key = v
			}
		}
		if key == "" {
			return "HTTP/1.1 401 Unauthorized\r\nDate: DATE\r\nWWW-Authenticate: ApiKey\r\nContent-Length: 0\r\n\r\n"
		}
		path, _, _ := strings.Cut(req.path, "?")
		name, _, _ := strings.Cut(strings.TrimPrefix(path, "/echo/"), "/")
		content := ""
		switch {
		case forms[name] != nil:
			echo := forms[name](key)
			if req.method != "HEAD" {
				content = `{"you sent": "` + echo + `"}`
			}
			return fmt.Sprintf("HTTP/1.1 405 Method Not Allowed\r\nDate: DATE\r\nX-Echo: %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", echo, len(content), content)
		case req.path == "/redirect": // the hop's URL holds the credential
			return "HTTP/1.1 302 Found\r\nDate: DATE\r\nLocation: /echo/raw?key=" + url.QueryEscape(key) + "\r\nContent-Length: 0\r\n\r\n"
		case req.path == "/cut/excerpt": // the evidence shows 512 bytes
			content = strings.Repeat("a", evidenceContent-10) + key
		case req.path == "/cut/kept": // the reader keeps Limits.MaxContent
			content = strings.Repeat("a", 95) + key + strings.Repeat("b", 100)
		case req.path == "/cut/message": // an error's excerpt is 80 bytes
			content = `{"error": "` + strings.Repeat("e", 60) + jsonString(key, false) + `"}`
			return fmt.Sprintf("HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(content), content)
		case req.path == "/cut/syntax": // a malformed field line is shown in 80 bytes
			return "HTTP/1.1 200 OK\r\nDate: DATE\r\nX-Echo: " + strings.Repeat("p", 60) + key + "\x01\r\n\r\n"
		default:
			return "HTTP/1.1 404 Not Found\r\nDate: DATE\r\nContent-Length: 0\r\n\r\n"
		}
		if req.method == "HEAD" {
			return fmt.Sprintf("HTTP/1.1 405 Method Not Allowed\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n", len(content))
		}
		return fmt.Sprintf("HTTP/1.1 405 Method Not Allowed\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(content), content)
	})
}

// reportText is every field of the findings about paths under prefix, as
// a person or a program reading any format would see them.
func reportText(t *testing.T, rep *Report, prefix string) (all, evidence string) {
	t.Helper()
	var a, e strings.Builder
	for _, f := range rep.Findings {
		if !strings.Contains(f.URL, prefix) {
			continue
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&a, f.URL, f.Target, f.Message, f.Evidence.Request, f.Evidence.Response, string(b))
		fmt.Fprintln(&e, f.Message, f.Evidence.Response)
	}
	return a.String(), e.String()
}

func TestHeaderValuesAreRedactedInEveryFormTheServerEchoes(t *testing.T) {
	t.Parallel()
	base := echoAPI(t)
	cfg := testConfig()
	cfg.Header = []wire.Field{{Name: "X-Api-Key", Value: echoSecret}}
	var paths []string
	for _, f := range echoForms {
		paths = append(paths, "/echo/"+f.name)
	}
	rep := checkURLs(t, cfg, base, paths...)
	for _, f := range echoForms {
		all, evidence := reportText(t, rep, "/echo/"+f.name)
		if evidence == "" {
			t.Errorf("%s: no finding with evidence to look in:\n%s", f.name, describe(rep.Findings))
			continue
		}
		for _, g := range echoForms {
			if echo := g.form(echoSecret); strings.Contains(all, echo) {
				t.Errorf("echoed as %s, the credential shows in the report as %s (%q):\n%s", f.name, g.name, echo, all)
			}
		}
		if !strings.Contains(evidence, "X-Echo: "+redacted) || !strings.Contains(evidence, `{"you sent": "`+redacted+`"}`) {
			t.Errorf("echoed as %s: the evidence does not show [redacted] where the credential was:\n%s", f.name, evidence)
		}
	}
	// A redirect that puts the credential in the next hop's URL.
	rep = checkURLs(t, cfg, base, "/redirect")
	var hop bool
	for _, f := range rep.Findings {
		if strings.Contains(f.URL, "?key=") {
			hop = true
			if f.URL != base+"/echo/raw?key="+redacted || !strings.Contains(f.Evidence.Request, "GET /echo/raw?key="+redacted+" HTTP/1.1") {
				t.Errorf("a redirect hop to the credential in a query: URL %s, request\n%s", f.URL, f.Evidence.Request)
			}
		}
	}
	if !hop {
		t.Errorf("no finding about the redirect hop to look in:\n%s", describe(rep.Findings))
	}
}

func TestHeaderValuesAreRedactedWhereTheReportCutsThem(t *testing.T) {
	t.Parallel()
	base := echoAPI(t)
	for _, path := range []string{"/cut/excerpt", "/cut/kept", "/cut/message", "/cut/syntax"} {
		cfg := testConfig()
		cfg.Header = []wire.Field{{Name: "X-Api-Key", Value: echoSecret}}
		if path == "/cut/kept" {
			cfg.Limits.MaxContent = 95 + len(echoSecret)/2 // half the credential is kept
		}
		rep := checkURLs(t, cfg, base, path)
		all, evidence := reportText(t, rep, path)
		if evidence == "" {
			t.Errorf("%s: no finding to look in:\n%s", path, describe(rep.Findings))
			continue
		}
		// The first four characters are "sec<": what a cut would leave.
		for _, g := range echoForms[:5] {
			if start := g.form(echoSecret[:4]); strings.Contains(all, start) {
				t.Errorf("%s: the start of the credential shows as %s (%q):\n%s", path, g.name, start, all)
			}
		}
		if !strings.Contains(evidence, redacted) {
			t.Errorf("%s: no [redacted] where the credential was cut:\n%s", path, evidence)
		}
	}
}

func TestCredentialPartsIncludeTheTokenAndBasicPassword(t *testing.T) {
	t.Parallel()
	rd := newRedactor([]string{"Basic " + base64.StdEncoding.EncodeToString([]byte("alice:wonderland-42")), "Bearer tok-123456"})
	for _, tc := range []struct{ in, want string }{
		{"user alice:wonderland-42 logged in", "user [redacted] logged in"},
		{`{"password":"wonderland-42"}`, `{"password":"[redacted]"}`},
		{"Authorization: Bearer tok-123456", "Authorization: [redacted]"},
		{"Bearer: tok-123456", "Bearer: [redacted]"},
		{"token=tok-123456&x=1", "token=[redacted]&x=1"},
		{"short: 42", "short: 42"},
	} {
		if got := rd.redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
