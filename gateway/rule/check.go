package rule

import (
	"net/http"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
)

// The checks below refuse what the readers in parse.go would take but the
// gateway would not send as written: a field in an abort's headers that
// one of its own keys owns (Retry-After, Allow), that the response writer
// sets (Cache-Control: no-store on 429 and 503), or that its status cannot
// carry (Location outside 201 and 3xx); a field value package field cannot
// parse (Retry-After, ETag, Content-Range, Cache-Control, Expires,
// Last-Modified, Link, RateLimit); keys the status drops (allow outside
// 405, message on 204, 205 and 304); methods in allow written in lower
// case (RFC 9110, 9.1); numbers where a method or a header value to match
// is text; control characters in a message. Each reader calls its check
// with the node it read, for the position and for what the document wrote
// (5 or "5").

// checkMatch refuses a number where a method or a header value is text:
// YAML reads method: 5 as a number, which Parse would quietly turn into
// "5"; the document should say what it means.
func (p *parser) checkMatch(n ast.Node, path string) {
	if mn := lookup(n, "method"); mn != nil {
		items := []ast.Node{bare(mn)}
		if seq, ok := bare(mn).(*ast.SequenceNode); ok {
			items = seq.Values
		}
		for _, item := range items {
			if notText(item) {
				p.fail(item, join(path, "method"), "is %s, and a method is text (RFC 9110, 9.1): quote it, e.g. method: \"%s\"", describe(bare(item)), scalarText(bare(item)))
			}
		}
	}
	for _, pair := range mappingPairs(bare(lookup(n, "header"))) {
		if notText(pair.Value) {
			name, v := scalarText(pair.Key), scalarText(bare(pair.Value))
			p.fail(pair.Value, join(path, "header."+name), "is %s, and a field value to match is text: quote it, e.g. header: {%s: \"%s\"}", describe(bare(pair.Value)), name, v)
		}
	}
}

// noContent reports a status whose response has no content (RFC 9110,
// 6.4.1), so a message would be dropped.
func noContent(status int) bool {
	return status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified
}

func (p *parser) checkAbort(n ast.Node, path string, a *Abort) {
	if a.Message != "" && noContent(a.Status) {
		p.fail(lookup(n, "message"), join(path, "message"), "a %d (%s) has no content (RFC 9110, 6.4.1), so the message would never be sent; drop message, or answer with content, e.g. {status: 503, message: \"down for the migration\"}", a.Status, http.StatusText(a.Status))
	}
	if a.HasAllow {
		p.checkAllow(lookup(n, "allow"), join(path, "allow"), a)
	}
	pairs := mappingPairs(bare(lookup(n, "headers")))
	for _, pair := range pairs {
		name := http.CanonicalHeaderKey(scalarText(pair.Key))
		v, ok := a.Headers[name]
		if !ok {
			continue
		}
		p.checkField(pair, join(path, "headers."+name), name, v, a.Status)
	}
}

// checkMessage refuses control characters in a message other than tab and
// line feed: the message is the content of a text, HTML or JSON response,
// and an ESC or a NUL in it would reach a terminal or a parser raw.
func (p *parser) checkMessage(n ast.Node, path, msg string) {
	for i := 0; i < len(msg); i++ {
		if c := msg[i]; c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
			p.fail(n, path, "holds the control character %q at byte %d; a message is text, with tabs and line feeds at most; e.g. message: \"orders are paused for the migration\"", string(c), i)
			return
		}
	}
}

// checkAllow refuses allow outside a 405 (the writer sends Allow only on
// 405, so it would be dropped) and methods in lower case.
func (p *parser) checkAllow(n ast.Node, path string, a *Abort) {
	if a.Status != http.StatusMethodNotAllowed {
		p.fail(n, path, "is the Allow field of a 405 (RFC 9110, 15.5.6), and a %d never sends it; drop allow, or use status 405, e.g. {status: 405, allow: \"GET, HEAD\"}", a.Status)
		return
	}
	methods, _ := field.ParseTokenList("Allow", []string{a.Allow})
	for _, m := range methods {
		if upper := strings.ToUpper(m); upper != m && slices.Contains(append(slices.Clone(standardMethods), "CONNECT"), upper) {
			p.fail(n, path, "%q is not %s: method names are case-sensitive (RFC 9110, 9.1), so a client would not find %s allowed; write allow: %q", m, upper, upper, strings.ReplaceAll(a.Allow, m, upper))
			return
		}
	}
}

// ownedFields are the fields an abort's own keys set: the writer sends
// them from the key, and a header beside it would send a second value or
// silently replace the key's.
var ownedFields = map[string]string{
	"Retry-After": `retry_after: 5 (seconds) or retry_after: "Wed, 21 Oct 2026 07:28:00 GMT"`,
	"Allow":       `allow: "GET, HEAD" (on a 405)`,
}

// fieldParsers check the values of the fields package field can parse; a
// rule sending a value no client can parse tests nothing.
var fieldParsers = map[string]struct {
	parse   func(string) error
	example string
}{
	"Cache-Control": {func(v string) error {
		cc, err := field.ParseCacheControl([]string{v})
		if err != nil {
			return err
		}
		return cc.Validate()
	}, "Cache-Control: max-age=60"},
	"Content-Range":    {func(v string) error { _, err := field.ParseContentRange(v); return err }, `Content-Range: "bytes 0-99/1000"`},
	"Etag":             {func(v string) error { _, err := field.ParseETag(v); return err }, `ETag: "\"v1\""`},
	"Expires":          {func(v string) error { _, err := field.ParseHTTPDate(v); return err }, `Expires: "Wed, 21 Oct 2026 07:28:00 GMT"`},
	"Last-Modified":    {func(v string) error { _, err := field.ParseHTTPDate(v); return err }, `Last-Modified: "Wed, 21 Oct 2026 07:28:00 GMT"`},
	"Link":             {func(v string) error { _, err := field.ParseLinks([]string{v}); return err }, `Link: "</next>; rel=next"`},
	"Ratelimit":        {func(v string) error { _, err := field.ParseRateLimit([]string{v}); return err }, `RateLimit: "\"default\";r=0;t=5"`},
	"Ratelimit-Policy": {func(v string) error { _, err := field.ParseRateLimitPolicy([]string{v}); return err }, `RateLimit-Policy: "\"default\";q=100;w=60"`},
}

func (p *parser) checkField(pair *ast.MappingValueNode, path, name, v string, status int) {
	if key, owned := ownedFields[name]; owned {
		p.fail(pair.Key, path, "%s is set from the abort's own key, and a header beside it would contradict it; drop it from headers and write %s", name, key)
		return
	}
	switch {
	case name == "Location" && status != http.StatusCreated && (status < 300 || status > 399):
		p.fail(pair.Key, path, "a %d (%s) does not send a client anywhere: Location belongs to 201 and 3xx responses (RFC 9110, 10.2.2); drop it, or use a redirect, e.g. {status: 307, headers: {Location: /login}}", status, http.StatusText(status))
		return
	case name == "Cache-Control" && (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable):
		p.fail(pair.Key, path, "the writer sends Cache-Control: no-store on a %d, which describes this moment and must not be reused from a cache; drop Cache-Control from headers (e.g. headers: {X-Reason: overloaded})", status)
		return
	}
	if fp, ok := fieldParsers[name]; ok {
		if err := fp.parse(v); err != nil {
			p.fail(pair.Value, path, "%q is not a valid %s value (%v); e.g. headers: {%s}", param.Clip(v, 60), name, err, fp.example)
		}
	}
}

// bare is n without the tags that decorate it (Parse refused anchors and
// aliases).
func bare(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

// lookup is the value of key in the mapping n, nil when n is not a
// mapping or has no such key.
func lookup(n ast.Node, key string) ast.Node {
	if n == nil {
		return nil
	}
	for _, pair := range mappingPairs(bare(n)) {
		if scalarText(pair.Key) == key {
			return pair.Value
		}
	}
	return nil
}

// notText reports a scalar YAML reads as a number or a boolean, where the
// document means text.
func notText(n ast.Node) bool {
	switch bare(n).(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return true
	}
	return false
}
