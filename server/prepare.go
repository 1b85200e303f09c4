package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
)

// prepareOK is /200, which answers as the method asks (RFC 9110, 9.3):
// GET the resource, HEAD its fields, OPTIONS what it supports, TRACE the
// request as received, and POST/PUT/PATCH/DELETE a description of what was
// done with the content.
func prepareOK(x *exchange) bool {
	switch x.r.Method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodOptions:
		// 9.3.7: describe optional features, such as Allow; RFC 5789, 3.1
		// and W3C LDP: the media types PATCH and POST accept.
		h := x.w.Header()
		h.Set("Allow", allMethods)
		h["Accept-Patch"] = acceptAnything
		h["Accept-Post"] = acceptAnything
		return true
	case http.MethodTrace:
		x.body, x.ctype = traceBody(x.r), "message/http"
		return true
	}
	if !x.readBody() {
		return false
	}
	ctype := x.r.Header.Get("Content-Type")
	if ctype == "" {
		ctype = "no declared type"
	}
	msg := fmt.Sprintf("%s %s processed: received %d bytes of content (%s).", x.r.Method, x.r.URL.Path, x.received, truncate(ctype, 80))
	x.setMessage(msg)
	return true
}

// setMessage replaces the default body with one carrying a message, in the
// negotiated format.
func (x *exchange) setMessage(msg string) {
	x.body = render(x.format, *x.code, x.number, msg)
	x.ctype = x.format.contentType()
	x.w.Header()["Vary"] = varyAccept
}

// credentialFields are never echoed by TRACE (RFC 9110, 9.3.8: a client
// SHOULD NOT send them; a server that reflects them exposes them to
// scripts, the cross-site tracing attack).
var credentialFields = []string{"Authorization", "Cookie", "Proxy-Authorization"}

// traceBody reflects the request message as received: request line and
// header fields, Host included (net/http moves it out of the header map).
func traceBody(r *http.Request) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s\r\n", r.Method, r.RequestURI, r.Proto)
	if r.Host != "" {
		fmt.Fprintf(&b, "Host: %s\r\n", r.Host)
	}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		if !slices.Contains(credentialFields, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// multiStatus is the example result of /207: one status per member of a
// batch, as a WebDAV multistatus (RFC 4918, 13) or JSON.
var multiStatus = []struct {
	Href   string `json:"href"`
	Status int    `json:"status"`
}{
	{"/resources/a", http.StatusOK},
	{"/resources/b", http.StatusCreated},
	{"/resources/c", http.StatusNotFound},
	{"/resources/d", http.StatusConflict},
}

var multiStatusXML, multiStatusJSON = func() ([]byte, []byte) {
	var x bytes.Buffer
	x.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<D:multistatus xmlns:D="DAV:">` + "\n")
	for _, m := range multiStatus {
		fmt.Fprintf(&x, "  <D:response>\n    <D:href>%s</D:href>\n    <D:status>HTTP/1.1 %d %s</D:status>\n  </D:response>\n",
			m.Href, m.Status, http.StatusText(m.Status))
	}
	x.WriteString("</D:multistatus>\n")
	j, _ := json.Marshal(map[string]any{"responses": multiStatus})
	return x.Bytes(), append(j, '\n')
}()

// prepareMultiStatus is /207: XML by default (RFC 4918), JSON when the
// client prefers it.
func prepareMultiStatus(x *exchange) bool {
	x.w.Header()["Vary"] = varyAccept
	if x.format == formatJSON {
		x.body, x.ctype = multiStatusJSON, "application/json"
	} else {
		x.body, x.ctype = multiStatusXML, "application/xml; charset=utf-8"
	}
	return true
}

// alternatives are the choices /300 offers (RFC 9110, 15.4.1).
var alternatives = []struct{ href, mediaType string }{
	{"/200?id=text", "text/plain"},
	{"/200?id=json", "application/json"},
	{"/200?id=html", "text/html"},
}

func alternativeLinks() []string {
	var out []string
	for _, a := range alternatives {
		out = append(out, fmt.Sprintf(`<%s>; rel="alternate"; type="%s"`, a.href, a.mediaType))
	}
	return out
}

// prepareMultipleChoices lists the choices in the content, as RFC 9110,
// 15.4.1 says the server SHOULD, besides the Link fields.
func prepareMultipleChoices(x *exchange) bool {
	var lines []string
	for _, a := range alternatives {
		lines = append(lines, fmt.Sprintf("%s (%s)", a.href, a.mediaType))
	}
	x.setMessage("Choose one of: " + strings.Join(lines, ", ") + ".")
	return true
}

var unavailablePage = template.Must(template.New("503").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title>
<style>
:root { color-scheme: light dark; }
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; }
</style>
</head>
<body>
<main>
<h1>This service is temporarily unavailable</h1>
<p>The server is overloaded or down for maintenance, and expects to be back soon.
{{if .}}Please try again in {{.}}.{{else}}Please try again in a little while.{{end}}</p>
<p>Nothing is wrong with your browser or your connection, and reloading the page
sooner will not help.</p>
<p><small>503 Service Unavailable · <a href="/codes/503">what this means</a></small></p>
</main>
</body>
</html>
`))

// prepareUnavailable gives a browser a friendly page that explains the
// condition and when to come back, instead of the registry text.
func prepareUnavailable(x *exchange) bool {
	if x.format != formatHTML || x.mods.hasBody {
		return true
	}
	when := ""
	if ra := x.w.Header().Get("Retry-After"); ra != "" {
		if isDigits(ra) {
			when = ra + " seconds"
		} else {
			when = "a while (after " + ra + ")"
		}
	}
	var b bytes.Buffer
	_ = unavailablePage.Execute(&b, when)
	x.body, x.ctype = b.Bytes(), formatHTML.contentType()
	x.w.Header()["Vary"] = varyAccept
	return true
}

// loginPath is where /511 sends people to sign in to the network.
const loginPath = "/200?id=login"

var networkAuthPage = []byte(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Network Authentication Required</title>
</head>
<body>
<main>
<h1>Sign in to use this network</h1>
<p>You need to <a href="` + loginPath + `">sign in to the network</a> before you can reach the Internet.</p>
<p><small>511 Network Authentication Required (RFC 6585, 6)</small></p>
</main>
</body>
</html>
`)

// prepareNetworkAuth is /511: RFC 6585, 6 says the response SHOULD
// contain a link to a resource that lets the user submit credentials.
func prepareNetworkAuth(x *exchange) bool {
	if x.mods.hasBody {
		return true
	}
	if x.format == formatHTML {
		x.body, x.ctype = networkAuthPage, formatHTML.contentType()
		x.w.Header()["Vary"] = varyAccept
		return true
	}
	x.setMessage("Sign in to the network at " + loginPath + " before you can reach the Internet.")
	return true
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
