package responder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/policy"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/sample"
)

// The prepare functions of the table: the content and fields that make a
// code a useful example. Each gets the response the row built and returns
// it changed, or an error to answer instead.

// prepareOK is /200, which answers as the method asks (RFC 9110, 9.3):
// GET the resource, HEAD its fields, OPTIONS what it supports, TRACE the
// request as received, and POST/PUT/PATCH/DELETE a description of what was
// done with the content.
func prepareOK(_ *Responder, w http.ResponseWriter, r *http.Request, resp reply.Response, m Modifiers) (reply.Response, error) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return resp, nil
	case http.MethodOptions:
		// 9.3.7: describe optional features, such as Allow; RFC 5789, 3.1
		// and W3C LDP: the media types PATCH and POST accept.
		h := w.Header()
		h.Set("Allow", reply.AllMethods)
		h["Accept-Patch"] = patchFormats
		h["Accept-Post"] = postFormats
		return resp, nil
	case http.MethodTrace:
		if !m.HasContent {
			resp.Content, resp.ContentType = traceBody(r), "message/http"
		}
		return resp, nil
	}
	n := m.received
	if !m.contentRead {
		var err error
		if n, err = readContent(r); err != nil {
			return resp, err
		}
	}
	if !m.HasContent {
		ctype := r.Header.Get("Content-Type")
		if ctype == "" {
			ctype = "no declared type"
		}
		resp.Message = fmt.Sprintf("%s %s processed: received %d bytes of content (%s).", r.Method, reply.Base(r)+r.URL.Path, n, param.Clip(ctype, 80))
	}
	return resp, nil
}

// The patch and POST formats statuskit's resources accept, for
// Accept-Patch (RFC 5789, 3.1: a list of media types, not */*) and
// Accept-Post (W3C LDP).
var (
	patchFormats = []string{"application/merge-patch+json, application/json-patch+json"}
	postFormats  = []string{"application/json, text/plain, application/octet-stream"}
)

// readContent drains the request content (bounded by the body limit in
// front of the handler) and says how many bytes came. A body over the limit
// is a 413.
func readContent(r *http.Request) (int64, error) {
	n, err := io.Copy(io.Discard, r.Body)
	return n, policy.ContentError(err)
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

// defaultRangeSize is the length of the sample behind /206 and /416 unless
// ?size= says otherwise.
const defaultRangeSize = 1024

// rangeSize is the representation length for /206 and /416.
func (rs *Responder) rangeSize(m Modifiers) int64 {
	if m.Size > 0 {
		return m.Size
	}
	return min(defaultRangeSize, rs.cfg.MaxRangeSize)
}

// preparePartial is /206: a real partial response of the sample. It
// honours Range (single ranges, and several as multipart/byteranges, RFC
// 9110, 14.6) and If-Range (13.1.5). With no usable Range it sends the
// first half, since the client asked for a 206.
func preparePartial(rs *Responder, w http.ResponseWriter, r *http.Request, resp reply.Response, m Modifiers) (reply.Response, error) {
	if m.HasContent {
		// Content-Range describes the sample; custom content would
		// contradict it.
		return resp, param.Errorf("?body= cannot replace the content of a 206: Content-Range must describe the bytes sent; use ?size= to set the representation length instead")
	}
	size := rs.rangeSize(m)
	out := sample.Ranges(w, r, size, []sample.ByteRange{{First: 0, Last: max(0, size/2-1)}})
	out.Location, out.RetryAfter, out.Fields = resp.Location, resp.RetryAfter, resp.Fields
	return out, nil
}

// prepareRangeNotSatisfiable is /416 with Content-Range: bytes */length,
// as RFC 9110, 15.5.17 asks.
func prepareRangeNotSatisfiable(rs *Responder, w http.ResponseWriter, _ *http.Request, resp reply.Response, m Modifiers) (reply.Response, error) {
	w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", rs.rangeSize(m)))
	return resp, nil
}

// prepareUnsupportedMediaType is /415: it says what would have been
// accepted (RFC 9110, 15.5.16): media types in Accept (and Accept-Post),
// content codings in Accept-Encoding, patch formats in Accept-Patch (RFC
// 5789, 2.2).
func prepareUnsupportedMediaType(_ *Responder, w http.ResponseWriter, _ *http.Request, resp reply.Response, _ Modifiers) (reply.Response, error) {
	h := w.Header()
	h["Accept"] = postFormats
	h["Accept-Post"] = postFormats
	h["Accept-Patch"] = patchFormats
	h["Accept-Encoding"] = identityOnly
	return resp, nil
}

var identityOnly = []string{"identity"}

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

// multiStatusBodies are the XML and JSON forms of multiStatus, built on
// the first /207: encoding/json's first use of a type costs more than the
// rest of the package's start.
var multiStatusBodies = sync.OnceValues(func() ([]byte, []byte) {
	var x bytes.Buffer
	x.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<D:multistatus xmlns:D="DAV:">` + "\n")
	for _, m := range multiStatus {
		fmt.Fprintf(&x, "  <D:response>\n    <D:href>%s</D:href>\n    <D:status>HTTP/1.1 %d %s</D:status>\n  </D:response>\n",
			m.Href, m.Status, http.StatusText(m.Status))
	}
	x.WriteString("</D:multistatus>\n")
	j, _ := json.Marshal(map[string]any{"responses": multiStatus})
	return x.Bytes(), append(j, '\n')
})

// prepareMultiStatus is /207: XML by default (RFC 4918), JSON when the
// client prefers it.
func prepareMultiStatus(_ *Responder, w http.ResponseWriter, r *http.Request, resp reply.Response, m Modifiers) (reply.Response, error) {
	if m.HasContent {
		return resp, nil
	}
	w.Header()["Vary"] = varyAccept
	xml, json := multiStatusBodies()
	if reply.Negotiate(r.Header.Get("Accept")).JSONLike() {
		resp.Content, resp.ContentType = json, "application/json"
	} else {
		resp.Content, resp.ContentType = xml, "application/xml; charset=utf-8"
	}
	return resp, nil
}

var varyAccept = []string{"Accept"}

// prepareMultipleChoices lists the choices in the content, as RFC 9110,
// 15.4.1 says the server SHOULD, besides the Link fields.
func prepareMultipleChoices(_ *Responder, _ http.ResponseWriter, r *http.Request, resp reply.Response, _ Modifiers) (reply.Response, error) {
	base := reply.Base(r)
	var lines []string
	for _, a := range alternatives {
		lines = append(lines, fmt.Sprintf("%s%s (%s)", base, a.href, a.mediaType))
	}
	resp.Message = "Choose one of: " + strings.Join(lines, ", ") + "."
	return resp, nil
}

// loginPath is where /511 sends people to sign in to the network.
const loginPath = "/200?id=login"

const networkAuthPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Network Authentication Required</title>
</head>
<body>
<main>
<h1>Sign in to use this network</h1>
<p>You need to <a href="%s">sign in to the network</a> before you can reach the Internet.</p>
<p><small>511 Network Authentication Required (RFC 6585, 6)</small></p>
</main>
</body>
</html>
`

// prepareNetworkAuth is /511: RFC 6585, 6 says the response SHOULD
// contain a link to a resource that lets the user submit credentials.
func prepareNetworkAuth(_ *Responder, w http.ResponseWriter, r *http.Request, resp reply.Response, m Modifiers) (reply.Response, error) {
	if m.HasContent {
		return resp, nil
	}
	login := reply.Link(r, loginPath)
	if reply.Negotiate(r.Header.Get("Accept")) == reply.HTML {
		w.Header()["Vary"] = varyAccept
		resp.Content, resp.ContentType = fmt.Appendf(nil, networkAuthPage, html.EscapeString(login)), reply.HTML.ContentType()
		return resp, nil
	}
	resp.Message = "Sign in to the network at " + login + " before you can reach the Internet."
	return resp, nil
}
