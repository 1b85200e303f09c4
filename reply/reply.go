// Package reply writes HTTP responses that are correct on the wire: one
// value describes a response (Response), and one writer (Write) turns it
// into fields and content the way the registry (package status) and RFC
// 9110 say that status must look.
//
// The writer knows which codes may not have content (1xx, 204, 205, 304;
// RFC 9110, 6.4.1) and how 205 says so (Content-Length: 0, 15.3.6), that
// HEAD gets the fields of GET without content (9.3.2), content negotiation
// of text, JSON, HTML and RFC 9457 problem details (12.5.1), and the
// fields the registry requires or recommends with a code: Retry-After and
// Cache-Control: no-store on 429 and 503, Allow on 405, a challenge on 401
// and 407, Upgrade on 426, Content-Length: 0 on 205, and the friendly page
// a browser gets with a 503. It has no link to any server: statuskit's
// status server, its gateway and its tests all write through it.
//
// Handlers that can fail return an error; HandlerFunc turns an *Error into
// the negotiated response (Write with the error's status and message).
//
// Links a response carries are relative to the path its handler is
// mounted under, which Base reads from the request, so a handler mounted
// with http.StripPrefix("/sk", h) writes /sk/codes/503, not /codes/503.
package reply

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/precondition"
)

// Field is one response field. Name is in canonical form
// (http.CanonicalHeaderKey): the writer assigns it to the header map as is.
type Field struct{ Name, Value string }

// Response describes one final response before it is written.
//
// The zero values mean "the writer's default": no Content (nil, and
// HasContent false) sends the negotiated description of Status, RetryAfter
// "" sends the code's default (if any), and so on. A Response is read, never kept, by Write: build it
// on the stack.
type Response struct {
	// Status is the status code, 100-599. A 1xx here is sent as a final
	// response only by Write's caller's choice; interim responses go
	// through WriteInterim.
	Status int
	// Content, when HasContent or not nil, replaces the negotiated
	// description of the status; ContentType is its media type. It is
	// dropped for codes that cannot have content and for HEAD.
	Content     []byte
	ContentType string
	// HasContent says Content is the content even when it is empty: a
	// stored empty representation is sent as Content-Length: 0 with its
	// own Content-Type, not replaced by the description of the status.
	// Callers whose content comes from data (a store, a client, a
	// computed length) set it; a nil Content without it means "no
	// content given".
	HasContent bool
	// Message is statuskit's explanation for a person, put into the
	// negotiated description (JSON "message" and problem "detail").
	Message string
	// Location is the Location field value (already checked by the caller
	// against its origin policy); "" sends none.
	Location string
	// RetryAfter is the Retry-After value in the form a sender uses
	// (delay-seconds or IMF-fixdate, RFC 9110, 10.2.3); "" sends the
	// code's default: 3 seconds on 429 and 503, nothing elsewhere.
	RetryAfter string
	// Allow, when HasAllow, is the Allow value of a 405 (an empty value
	// means nothing is allowed, RFC 9110, 10.2.1); otherwise a 405 allows
	// every standard method but the refused one (GET and HEAD both, when
	// either is refused: 9.3.2).
	Allow    string
	HasAllow bool
	// Upgrade is the protocol list a 426 (or 101) names in Upgrade
	// (RFC 9110, 7.8); "" offers DefaultUpgrade.
	Upgrade string
	// Fields go out after everything the writer sets. The first field of a
	// name replaces the writer's value; later ones of the same name add
	// lines, so callers must not repeat a field that is not a list (RFC
	// 9110, 5.3). A Vary given here keeps Accept when the writer
	// negotiated the content, since the content still depends on it.
	Fields []Field
}

// DefaultUpgrade is what a 426 offers in Upgrade when the Response names
// nothing.
const DefaultUpgrade = "websocket"

// Shared header values: assigning a prebuilt slice avoids an allocation per
// request on the hot path. net/http only reads them.
var (
	varyAccept = []string{"Accept"}
	zeroLength = []string{"0"}
	noStore    = []string{"no-store"}
)

// Write writes resp as the answer to r: the fields the registry asks for
// with resp.Status, the content (negotiated from Accept when resp has
// none), and no content where the status or the method forbids it.
func Write(w http.ResponseWriter, r *http.Request, resp *Response) {
	number := resp.Status
	c := Code(number)
	h := w.Header()
	format := Negotiate(first(r.Header["Accept"]))
	for _, p := range fieldPlan(number) {
		if v := produce(p.kind, resp, r); v != nil {
			h[p.key] = v
		}
	}
	// Retry-After may be given with any code, not only those whose rules
	// list it (a temporary 413, a 202 poll interval).
	if resp.RetryAfter != "" {
		h["Retry-After"] = []string{resp.RetryAfter}
	}
	row := &rows[number]
	for _, f := range row.static {
		h[f.name] = f.values
	}
	var body []byte
	negotiated := false
	forbidden := c.ContentForbidden
	switch {
	case forbidden && c.ContentLengthZero:
		// RFC 9110, 15.3.6: the server MUST NOT generate content and
		// says so with Content-Length: 0 (net/http would otherwise let a
		// body through after WriteHeader(205)).
		h.Del("Content-Type")
		h["Content-Length"] = zeroLength
	case forbidden:
		// 1xx, 204 and 304: no Content-Type or Content-Length (8.6).
		h.Del("Content-Type")
		h.Del("Content-Length")
	case resp.HasContent || resp.Content != nil:
		body = resp.Content
		h.Set("Content-Type", resp.ContentType)
		h.Set("Content-Length", strconv.Itoa(len(body)))
	default:
		body = negotiatedContent(h, r, resp, format, row)
		negotiated = true
	}
	for i, f := range resp.Fields {
		if firstOfName(resp.Fields[:i], f.Name) {
			h[f.Name] = []string{f.Value}
		} else {
			h[f.Name] = append(h[f.Name], f.Value)
		}
	}
	if negotiated && len(resp.Fields) > 0 && !field.HasToken(h["Vary"], "Accept") && !field.HasToken(h["Vary"], "*") {
		// A Vary that drops Accept would let a cache hand this
		// description to a client that asked for another format (RFC
		// 9110, 12.5.5).
		h["Vary"] = append(h["Vary"], "Accept")
	}
	if _, ok := h["Upgrade"]; ok && r.ProtoMajor == 1 && !field.HasToken(h["Connection"], "upgrade") {
		// A sender of Upgrade MUST also send the "upgrade" connection
		// option (RFC 9110, 7.8).
		h["Connection"] = append(h["Connection"], "Upgrade")
	}
	w.WriteHeader(number)
	if !forbidden && r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// negotiatedContent sets the fields of, and returns, the description of
// the status in format: a prebuilt body when there is nothing to say
// beyond the registry, else a fresh one.
func negotiatedContent(h http.Header, r *http.Request, resp *Response, format Format, row *codeRow) []byte {
	number := resp.Status
	h["Vary"] = varyAccept
	base := Base(r)
	if format == HTML && row.page != nil {
		body := row.page(h, base)
		h.Set("Content-Type", HTML.ContentType())
		h.Set("Content-Length", strconv.Itoa(len(body)))
		return body
	}
	if resp.Message == "" && (base == "" || format != HTML) {
		cb := defaultBody(number, format)
		h["Content-Type"] = cb.contentType
		h["Content-Length"] = cb.contentLength
		return cb.body
	}
	body := Render(format, number, resp.Message, base)
	h.Set("Content-Type", contentType(format, number))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return body
}

func firstOfName(fields []Field, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return false
		}
	}
	return true
}

// first is Header.Get for a name already in canonical form: net/http
// stores request fields under canonical keys (HTTP/1 and HTTP/2 alike), so
// the hot path can skip Get's canonicalisation.
func first(values []string) string {
	if len(values) > 0 {
		return values[0]
	}
	return ""
}

// Base is the path prefix the handler serving r is mounted under: "" at
// the root, "/sk" under http.StripPrefix("/sk", h). Every link a response
// carries is Base(r) + its path. It compares the request target as
// received (RequestURI) with the path the handler sees, so no
// configuration is needed; a request built without RequestURI (a handler
// called directly in a test) is at the root.
func Base(r *http.Request) string {
	uri := r.RequestURI
	if uri == "" || uri == "*" {
		return ""
	}
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if uri[0] != '/' {
		// absolute-form (RFC 9112, 3.2.2): the path starts after the
		// authority.
		if i := strings.Index(uri, "://"); i >= 0 {
			rest := uri[i+3:]
			j := strings.IndexByte(rest, '/')
			if j < 0 {
				return ""
			}
			uri = rest[j:]
		}
	}
	// EscapedPath, not Path: a path with characters that are escaped by
	// default ("/a%20b", "/a%22b") has no RawPath, and its Path no longer
	// matches the request target as sent.
	p := r.URL.EscapedPath()
	if len(uri) <= len(p) || !strings.HasSuffix(uri, p) {
		return ""
	}
	base := uri[:len(uri)-len(p)]
	// StripPrefix("/sk/", h) leaves "200" without its slash; the links
	// this package writes start with "/".
	return strings.TrimSuffix(base, "/")
}

// Link is path (which starts with "/") under the base r is served from.
func Link(r *http.Request, path string) string { return Base(r) + path }

// StandardMethods are the methods statuskit recognises (RFC 9110, 9.3, and
// PATCH from RFC 5789), in the order Allow lists them. Method names are
// case-sensitive (9.1): "get" is an unknown method.
var StandardMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

// AllMethods is the Allow value of a resource that takes every standard
// method.
var AllMethods = strings.Join(StandardMethods, ", ")

// WriteJSON answers with v encoded as JSON (application/json, HTML
// characters not escaped), whatever Accept says: the content of an
// endpoint whose representation is JSON. Errors are still negotiated.
func WriteJSON(w http.ResponseWriter, r *http.Request, number int, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	Write(w, r, &Response{Status: number, Content: b.Bytes(), HasContent: true, ContentType: "application/json"})
	return nil
}

// Conditional answers a request whose preconditions decide the response,
// by the one evaluation of RFC 9110, 13.2.2 (package precondition)
// against v: 304 Not Modified with the fields a 200 would have carried
// that the caller has already set (ETag, Cache-Control; 15.4.5), or an
// *Error: 412 saying which condition failed, 400 for a malformed If-Match
// or If-None-Match. It reports false, having written nothing, when the
// request should go on. Call it only where the response without
// preconditions would be 2xx or 412 (13.2.1): not for a missing resource.
func Conditional(w http.ResponseWriter, r *http.Request, v precondition.Validators) (bool, error) {
	res, err := precondition.Evaluate(r.Method, r.Header, v)
	h := w.Header()
	switch {
	case err != nil:
		// The answer describes this request, not the representation.
		h.Del("Etag")
		h.Del("Content-Encoding")
		return true, BadRequest(err)
	case res.Status == http.StatusNotModified:
		Write(w, r, &Response{Status: http.StatusNotModified})
		return true, nil
	case res.Status != 0:
		h.Del("Etag")
		h.Del("Content-Encoding")
		return true, Errorf(res.Status, "%s", res.Reason)
	}
	return false, nil
}
