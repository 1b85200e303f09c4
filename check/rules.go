package check

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/check/wire"
	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/status"
)

func rfc(number, section string) status.Spec {
	return status.Spec{Title: "RFC " + number, Section: section,
		URL: "https://www.rfc-editor.org/rfc/rfc" + number + ".html#section-" + section}
}

var specRateLimit = status.Spec{Title: "draft-ietf-httpapi-ratelimit-headers", Section: "3, 4",
	URL: "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/"}

// rules is the table of rules the checker applies besides those it
// reads from the registry (registryRules). Each row says what it finds,
// how strongly the text it cites asks for it, and how to fix it; check
// looks at the whole observation of one target.
var rules = []Rule{
	{ID: "unreachable", Severity: Info, Spec: rfc("9110", "15"),
		Summary: "No response at all: the connection failed, timed out or closed before a status line.",
		Fix:     "Check the URL, the server and the network; statuskit check exits 1 when a URL's first request gets no response, since nothing about it could be checked.",
		check:   ruleUnreachable},
	{ID: "malformed-response", Severity: Must, Spec: rfc("9112", "2.2"),
		Summary: "The response is not an HTTP/1.1 message: a broken status line, field line or chunked coding, or conflicting Content-Length values.",
		Fix:     "Write the status line, field lines and framing as RFC 9112 defines them; usually a hand-written response or a broken proxy.",
		check:   ruleMalformed},
	{ID: "interim-as-final", Severity: Must, Spec: rfc("9110", "15"),
		Summary: "A 1xx (interim) response with no final response after it.",
		Fix:     "After any 1xx, send the final response (2xx to 5xx); a 1xx never ends an exchange.",
		check:   ruleInterimAsFinal},
	{ID: "status-out-of-range", Severity: Must, Spec: rfc("9110", "15"),
		Summary: "A status code outside 100-599, which RFC 9110 says is invalid; clients treat it as a 5xx.",
		Fix:     "Send a status code from 100 to 599; an application-specific error belongs in the content (RFC 9457 problem details).",
		check:   ruleOutOfRange},
	{ID: "code-standing", Severity: Info, Spec: rfc("9110", "15"),
		Summary: "A status code that is unofficial, unassigned, deprecated, unused or historic: generic clients know it only by its class.",
		Fix:     "Prefer a registered code with the meaning you want (statuskit explain CODE shows the alternatives).",
		check:   ruleStanding},
	{ID: "switching-without-upgrade", Severity: Must, Spec: rfc("9110", "7.8"),
		Summary: "101 Switching Protocols to a request that sent no Upgrade field.",
		Fix:     "Send 101 only to switch to a protocol the client named in its Upgrade field.",
		check:   ruleSwitchingWithoutUpgrade},
	{ID: "content-on-bodiless", Severity: Must, Spec: rfc("9110", "6.4.1"),
		Summary: "Content in a response that cannot have any: a response to HEAD, or 1xx, 204, 205, 304.",
		Fix:     "End these responses with the header section; the bytes that follow are read as the next response and break the connection.",
		check:   ruleContentOnBodiless},
	{ID: "content-length-on-204", Severity: Must, Spec: rfc("9110", "8.6"),
		Summary: "Content-Length on a 204 or a 1xx, where a server MUST NOT send it.",
		Fix:     "Leave Content-Length out of 204 and 1xx responses.",
		check:   ruleContentLengthOn204},
	{ID: "content-length-mismatch", Severity: Must, Spec: rfc("9112", "6.3"),
		Summary: "Content-Length does not match the content: fewer bytes arrived, more followed, or Transfer-Encoding came too.",
		Fix:     "Compute Content-Length from the bytes actually sent (or leave it out and let the server frame the message); never send it with Transfer-Encoding.",
		check:   ruleContentLengthMismatch},
	{ID: "date-missing", Severity: Must, Spec: rfc("9110", "6.6.1"),
		Summary: "A 2xx, 3xx or 4xx without Date (on 1xx and 5xx it is optional).",
		Fix:     "Send Date with every 2xx, 3xx and 4xx response, as an IMF-fixdate.",
		check:   ruleDateMissing},
	{ID: "field-syntax", Severity: Must, Spec: rfc("9110", "5.5"),
		Summary: "A field value that does not match its grammar: Date, Last-Modified, ETag, Cache-Control, Allow, Accept-Ranges, Vary, Link, Content-Type or Age.",
		Fix:     "Write the field as its section defines it; the message names the field and an example.",
		check:   ruleFieldSyntax},
	{ID: "singleton-field-repeated", Severity: Must, Spec: rfc("9110", "5.3"),
		Summary: "A field that is not a list (Location, ETag, Content-Type, Retry-After...) on more than one field line.",
		Fix:     "Send the field once; two values leave each recipient to pick one.",
		check:   ruleSingletonRepeated},
	{ID: "retry-after-syntax", Severity: Must, Spec: rfc("9110", "10.2.3"),
		Summary: "Retry-After that is neither delay-seconds nor an HTTP-date.",
		Fix:     "Send whole seconds (Retry-After: 120) or an IMF-fixdate (Retry-After: Wed, 21 Oct 2026 07:28:00 GMT); no units, fractions or lists.",
		check:   ruleRetryAfterSyntax},
	{ID: "ratelimit-syntax", Severity: Should, Spec: specRateLimit,
		Summary: "RateLimit or RateLimit-Policy that is not the draft's Structured Field (a draft, not yet an RFC: SHOULD, not MUST).",
		Fix:     `Send RateLimit-Policy: "default";q=100;w=60 and RateLimit: "default";r=50;t=30 (quoted names, r and q required).`,
		check:   ruleRateLimitSyntax},
	{ID: "content-range-syntax", Severity: Must, Spec: rfc("9110", "14.4"),
		Summary: "Content-Range that is not bytes FIRST-LAST/LENGTH (or bytes */LENGTH on a 416), or that does not match the content of a 206.",
		Fix:     "Send Content-Range: bytes 0-499/1234 on a 206 (LAST inclusive, LAST < LENGTH) and bytes */1234 on a 416.",
		check:   ruleContentRangeSyntax},
	{ID: "location-invalid", Severity: Must, Spec: rfc("9110", "10.2.2"),
		Summary: "Location that is not a URI reference (spaces, non-ASCII, bad percent-encoding).",
		Fix:     "Percent-encode the target: Location: /search?q=a%20b, not /search?q=a b.",
		check:   ruleLocationInvalid},
	{ID: "status-for-method", Severity: Should, Spec: rfc("9110", "9.3.3"),
		Summary: "206, 304 or 416, which only a GET (or HEAD) can produce, answering another method.",
		Fix:     "Answer other methods with what happened to them (405 with Allow: GET, HEAD if they are refused).",
		check:   ruleStatusForMethod},
	{ID: "problem-status-mismatch", Severity: Must, Spec: rfc("9457", "3.1.2"),
		Summary: "A problem details document (application/problem+json) whose status member differs from the status code.",
		Fix:     `Make "status" equal the status code actually sent, or leave it out.`,
		check:   ruleProblemStatus},
	{ID: "error-in-2xx-body", Severity: Should, Spec: rfc("9110", "15.3"),
		Summary: "A 2xx whose content reports an error: problem details, a non-empty \"error\", \"success\": false, or an error status member.",
		Fix:     "Send the 4xx or 5xx that describes the error; caches, retries and monitoring read the status code, not the content.",
		check:   ruleErrorIn2xx},
	{ID: "transient-error-cacheable", Severity: May, Spec: rfc("9111", "5.2.2.5"),
		Summary: "A response to wait out and retry (429, 503; the registry's advice) that a cache may store: no Cache-Control: no-store.",
		Fix:     "Send Cache-Control: no-store with 429 and 503, so no cache serves the error after the condition has cleared.",
		check:   ruleTransientCacheable},
	{ID: "precondition-failed-without-precondition", Severity: Should, Spec: rfc("9110", "15.5.13"),
		Summary: "412 Precondition Failed to a request that carried no precondition.",
		Fix:     "412 means a condition the client sent was false; to demand one, send 428 Precondition Required (RFC 6585, 3).",
		check:   rulePreconditionWithout},
	{ID: "allow-lists-refused-method", Severity: Must, Spec: rfc("9110", "15.5.6"),
		Summary: "405 whose Allow lists the very method it refused.",
		Fix:     "List in Allow only the methods the resource supports now.",
		check:   ruleAllowListsRefused},
	{ID: "get-head-refused", Severity: Must, Spec: rfc("9110", "9.1"),
		Summary: "501 to GET, or HEAD refused (405, 501) where GET is not: every general-purpose server supports GET and HEAD.",
		Fix:     "Implement GET and HEAD; HEAD is GET without the content (Go's net/http does it for you).",
		check:   ruleGetHeadRefused},
	{ID: "head-differs-from-get", Severity: Should, Spec: rfc("9110", "9.3.2"),
		Summary: "HEAD answered with another status or Content-Type than GET (seen twice, so not a changing resource).",
		Fix:     "Answer HEAD exactly as GET, without the content.",
		check:   ruleHeadDiffers},
	{ID: "head-content-length", Severity: Must, Spec: rfc("9110", "8.6"),
		Summary: "A Content-Length on a response to HEAD that is not the length GET's content has.",
		Fix:     "Send on HEAD the Content-Length GET would send, or none.",
		check:   ruleHeadContentLength},
	{ID: "unknown-method-not-501", Severity: Should, Spec: rfc("9110", "9.1"),
		Summary: "A method no server knows (FOO) answered with something other than 501 Not Implemented.",
		Fix:     "Answer methods the server does not implement with 501; keep 405 (with Allow) for known methods the resource refuses.",
		check:   ruleUnknownMethod},
	{ID: "refused-method-not-405", Severity: Should, Spec: rfc("9110", "9.1"),
		Summary: "501 for a method the server knows (it lists it in Allow elsewhere) but this resource refuses.",
		Fix:     "Answer 405 Method Not Allowed with Allow listing what the resource supports.",
		check:   ruleRefusedNot405},
	{ID: "if-none-match-ignored", Severity: Must, Spec: rfc("9110", "13.1.2"),
		Summary: "A GET with If-None-Match naming the current ETag answered 200 with that same ETag instead of 304.",
		Fix:     "Evaluate If-None-Match (weak comparison) and answer 304 Not Modified when it matches.",
		check:   ruleINMIgnored},
	{ID: "if-modified-since-ignored", Severity: Should, Spec: rfc("9110", "13.1.3"),
		Summary: "A GET with If-Modified-Since equal to Last-Modified answered 200 with that same Last-Modified instead of 304.",
		Fix:     "Evaluate If-Modified-Since (when there is no If-None-Match) and answer 304 when the representation is not newer.",
		check:   ruleIMSIgnored},
	{ID: "if-match-ignored", Severity: Must, Spec: rfc("9110", "13.1.1"),
		Summary: "A GET with an If-Match that cannot match answered 2xx instead of 412.",
		Fix:     "Evaluate If-Match (strong comparison) and answer 412 Precondition Failed when it is false.",
		check:   ruleIfMatchIgnored},
	{ID: "soft-404", Severity: Should, Spec: rfc("9110", "15.5.5"),
		Summary: "A random path that cannot exist answered 2xx: a soft 404.",
		Fix:     "Answer 404 Not Found for resources that do not exist (a single-page app's fallback should not cover API paths).",
		check:   ruleSoft404},
	{ID: "malformed-request-accepted", Severity: Must, Spec: rfc("9112", "5.1"),
		Summary: "A request with whitespace between a field name and its colon accepted instead of answered 400.",
		Fix:     "Reject such requests with 400 Bad Request: accepting them is how request smuggling starts.",
		check:   ruleMalformedAccepted},
	{ID: "server-error-for-client-error", Severity: Should, Spec: rfc("9110", "15.5"),
		Summary: "500 for a request that was the client's fault: malformed, an unknown method, an unsupported media type.",
		Fix:     "Validate requests before processing and answer 4xx (400, 501, 415); 500 tells the client to retry what will never work.",
		check:   ruleServerErrorForClient},
	{ID: "unsupported-media-type-400", Severity: May, Spec: rfc("9110", "15.5.16"),
		Summary: "400 for content in a media type the resource does not support (sent with --allow-unsafe).",
		Fix:     "Answer 415 Unsupported Media Type, with Accept-Post (or Accept) listing what is supported.",
		check:   ruleMediaType400},
	{ID: "forbidden-without-credentials", Severity: Info, Spec: rfc("9110", "15.5.4"),
		Summary: "403 to a request that carried no credentials, where 401 with a challenge would say how to authenticate.",
		Fix:     "If authenticating could help, answer 401 with WWW-Authenticate; keep 403 for clients that authenticated but may not.",
		check:   ruleForbiddenWithout},
	{ID: "redirect-after-post", Severity: May, Spec: rfc("9110", "15.4.3"),
		Summary: "A POST answered with 301 or 302, which clients may or may not follow with GET.",
		Fix:     "Answer 303 See Other to send the client to a result with GET, or 307/308 to repeat the POST elsewhere.",
		check:   ruleRedirectAfterPost},
	{ID: "redirect-loop", Severity: Should, Spec: rfc("9110", "15.4"),
		Summary: "Redirects that lead back to a URL already visited, or to the request's own URL (an empty Location is one).",
		Fix:     "Make every redirect chain end at a resource that answers 2xx (or 4xx).",
		check:   ruleRedirectLoop},
	{ID: "redirect-chain-too-long", Severity: May, Spec: rfc("9110", "15.4"),
		Summary: "More than five redirects in a row (RFC 9110 notes that clients were told to stop at five).",
		Fix:     "Redirect straight to the final URL.",
		check:   ruleRedirectChain},
}

var (
	allRules     []Rule
	allRulesOnce sync.Once
)

// Rules returns every rule: the table above, then those read from the
// registry (a header field a code requires: allow-on-405,
// www-authenticate-on-401...), in a stable order. The slice is a copy.
func Rules() []Rule {
	allRulesOnce.Do(func() { allRules = append(slices.Clone(rules), registryRules()...) })
	return slices.Clone(allRules)
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// judged are the exchanges whose responses the single-message rules
// judge: all but the answer to the malformed request, which usually comes
// from the HTTP library's request parser rather than the API (Go's
// net/http sends its 400 without Date), and is judged only on whether it
// rejects the request.
func (o *observation) judged() []*exchange {
	out := make([]*exchange, 0, len(o.all))
	for _, x := range o.all {
		if x.probe != probeMalformed {
			out = append(out, x)
		}
	}
	return out
}

// finals calls f for each judged exchange that brought a whole response.
func (o *observation) finals(f func(x *exchange)) {
	for _, x := range o.judged() {
		if x.ok() {
			f(x)
		}
	}
}

// lookup is the registry's entry for a status code in 100-599.
func lookup(n int) (status.Code, bool) {
	c, err := status.Lookup(n)
	return c, err == nil
}

func ruleUnreachable(o *observation, r *reporter) {
	for _, x := range o.judged() {
		if m, noFinal := failure(x); x.err != nil && m == nil && !noFinal && x.probe != probeMalformed {
			r.add(x, "no response to %s %s: %v", x.req.Method, x.req.URL.Redacted(), x.err)
		}
	}
}

func ruleMalformed(o *observation, r *reporter) {
	for _, x := range o.judged() {
		if m, _ := failure(x); m != nil {
			r.add(x, "the response is not an HTTP/1.1 message: %v", m)
		} else if x.ok() && x.resp.Framing == wire.Chunked && x.resp.Incomplete {
			r.add(x, "the chunked content ended without its last chunk (RFC 9112, 7.1)")
		}
	}
}

func ruleInterimAsFinal(o *observation, r *reporter) {
	for _, x := range o.judged() {
		if _, noFinal := failure(x); noFinal {
			r.add(x, "%d interim response(s) (first: %d) and then no final response; a request gets exactly one final response after any 1xx",
				len(x.resp.Interim), x.resp.Interim[0].Status)
		}
	}
}

// statuses calls f with the final status and every interim status of x.
func statuses(x *exchange, f func(n int)) {
	if x.resp == nil {
		return
	}
	for _, in := range x.resp.Interim {
		f(in.Status)
	}
	if x.ok() {
		f(x.resp.Status)
	}
}

func ruleOutOfRange(o *observation, r *reporter) {
	for _, x := range o.judged() {
		statuses(x, func(n int) {
			if n < 100 || n > 599 {
				r.add(x, "status code %03d is outside 100-599; RFC 9110, 15 calls such values invalid and has clients treat them as 5xx", n)
			}
		})
	}
}

func ruleStanding(o *observation, r *reporter) {
	for _, x := range o.judged() {
		statuses(x, func(n int) {
			c, ok := lookup(n)
			if !ok {
				return
			}
			switch c.Standing {
			case status.Official:
			case status.Unofficial:
				r.add(x, "%d %s is not registered with IANA: it is %s's; generic clients treat it as %d00", n, c.Phrase, c.Origin, n/100)
			case status.Unassigned:
				r.add(x, "%d is not assigned in the IANA registry; clients treat it as %d00", n, n/100)
			default:
				r.add(x, "%d %s is %s in the IANA registry", n, c.Phrase, c.Standing)
			}
		})
	}
}

func ruleSwitchingWithoutUpgrade(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if _, asked := x.req.Get("Upgrade"); x.resp.Status == 101 && !asked {
			r.add(x, "101 Switching Protocols to a request without Upgrade: a server MUST NOT switch to a protocol the client did not ask for")
		}
	})
}

func ruleContentOnBodiless(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		resp := x.resp
		c, ok := lookup(resp.Status)
		if resp.Status == 101 || !(x.req.Method == http.MethodHead || ok && c.ContentForbidden) {
			return
		}
		size := resp.AfterSize
		if resp.Framing != wire.NoContent {
			size += resp.ContentSize // 205: framed like any response
		}
		if size == 0 {
			return
		}
		what := fmt.Sprintf("%d %s", resp.Status, c.Phrase)
		if x.req.Method == http.MethodHead {
			what = "the response to HEAD (" + what + ")"
		}
		r.add(x, "%s carried %d bytes of content; it never has any", what, size)
	})
}

func ruleContentLengthOn204(o *observation, r *reporter) {
	for _, x := range o.judged() {
		if x.resp == nil {
			continue
		}
		for _, in := range x.resp.Interim {
			if cl := in.Header.Values("Content-Length"); len(cl) > 0 {
				r.add(x, "the interim %d response carried Content-Length: %s", in.Status, strings.Join(cl, ", "))
			}
		}
		if cl := x.resp.Header.Values("Content-Length"); x.ok() && x.resp.Status == 204 && len(cl) > 0 {
			r.add(x, "204 No Content carried Content-Length: %s", strings.Join(cl, ", "))
		}
	}
}

func ruleContentLengthMismatch(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		resp := x.resp
		switch {
		case resp.Framing == wire.Chunked && len(resp.Header.Values("Content-Length")) > 0:
			r.add(x, "Content-Length: %s came with Transfer-Encoding: %s; a sender MUST NOT send both (RFC 9112, 6.2)",
				resp.Header.Get("Content-Length"), resp.Header.Get("Transfer-Encoding"))
		case resp.Framing != wire.Length || resp.Truncated:
		case resp.Incomplete:
			// As sent: a value too large to count has no ContentLength.
			r.add(x, "Content-Length: %s, but the connection ended after %d bytes of content", strings.Join(resp.Header.Values("Content-Length"), ", "), resp.ContentSize)
		case resp.AfterSize > 0:
			r.add(x, "Content-Length: %d, but %d more bytes followed the content", resp.ContentLength, resp.AfterSize)
		}
	})
}

func ruleDateMissing(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		n := x.resp.Status
		if n >= 200 && n < 500 && len(x.resp.Header.Values("Date")) == 0 {
			r.add(x, "%d without Date; an origin server with a clock MUST send it on every 2xx, 3xx and 4xx", n)
		}
	})
}

// syntaxChecks validate a field's value; each returns nil or an error that
// names the field, says what is allowed and cites the section.
var syntaxChecks = []struct {
	name  string
	check func(lines []string) error
}{
	{"Date", checkDate("Date")},
	{"Last-Modified", checkDate("Last-Modified")},
	{"ETag", func(lines []string) error { _, err := field.ParseETag(lines[0]); return err }},
	{"Cache-Control", func(lines []string) error {
		cc, err := field.ParseCacheControl(lines)
		if err != nil {
			return err
		}
		return cc.Validate()
	}},
	{"Allow", func(lines []string) error { _, err := field.ParseTokenList("Allow", lines); return err }},
	{"Accept-Ranges", func(lines []string) error { _, err := field.ParseTokenList("Accept-Ranges", lines); return err }},
	{"Vary", func(lines []string) error {
		if strings.TrimSpace(strings.Join(lines, "")) == "*" {
			return nil
		}
		_, err := field.ParseTokenList("Vary", lines)
		return err
	}},
	{"Link", func(lines []string) error { _, err := field.ParseLinks(lines); return err }},
	{"Content-Type", func(lines []string) error {
		if _, _, err := mime.ParseMediaType(lines[0]); err != nil || !strings.Contains(lines[0], "/") {
			return &field.Error{Field: "Content-Type", Value: lines[0], Reason: "is not a media type, type/subtype with optional parameters, e.g. application/json; charset=utf-8 (RFC 9110, 8.3.1)"}
		}
		return nil
	}},
	{"Age", func(lines []string) error {
		if _, err := field.ParseDeltaSeconds(strings.TrimSpace(lines[0])); err != nil {
			return &field.Error{Field: "Age", Value: lines[0], Reason: "is not a number of seconds, e.g. Age: 60 (RFC 9111, 5.1)"}
		}
		return nil
	}},
}

// checkDate checks an HTTP-date field, which a sender MUST write as an
// IMF-fixdate (RFC 9110, 5.6.7).
func checkDate(name string) func([]string) error {
	return func(lines []string) error {
		_, format, err := field.ParseHTTPDateFormat(lines[0], timeNow())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if format != field.IMFFixdate {
			return &field.Error{Field: name, Value: lines[0], Reason: "is in the obsolete " + format.String() + " format; a sender MUST generate an IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110, 5.6.7)"}
		}
		return nil
	}
}

func ruleFieldSyntax(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		for _, sc := range syntaxChecks {
			if lines := x.resp.Header.Values(sc.name); len(lines) > 0 {
				if err := sc.check(lines); err != nil {
					r.add(x, "%v", err)
				}
			}
		}
	})
}

func ruleSingletonRepeated(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		for name, values := range x.resp.Header {
			if len(values) > 1 && field.Singleton(name) {
				r.add(x, "%s appears on %d field lines (%s); it is a single value (%s)", name, len(values), strings.Join(values, " | "), field.SingletonSection(name))
			}
		}
	})
}

func ruleRetryAfterSyntax(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if v := x.resp.Header.Values("Retry-After"); len(v) > 0 {
			if _, err := field.ParseRetryAfter(v[0]); err != nil {
				r.add(x, "%v", err)
			}
		}
	})
}

func ruleRateLimitSyntax(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if v := x.resp.Header.Values("RateLimit"); len(v) > 0 {
			if _, err := field.ParseRateLimit(v); err != nil {
				r.add(x, "%v", err)
			}
		}
		if v := x.resp.Header.Values("RateLimit-Policy"); len(v) > 0 {
			if _, err := field.ParseRateLimitPolicy(v); err != nil {
				r.add(x, "%v", err)
			}
		}
	})
}

func isMultipart(resp *wire.Response) bool {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return mt == "multipart/byteranges"
}

func ruleContentRangeSyntax(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		resp := x.resp
		v := resp.Header.Values("Content-Range")
		if len(v) == 0 {
			return
		}
		cr, err := field.ParseContentRange(v[0])
		switch {
		case err != nil:
			r.add(x, "%v", err)
		case resp.Status == 206 && cr.Unsatisfied:
			r.add(x, "206 with Content-Range: %s, the form a 416 uses; a 206 names the range it encloses, e.g. bytes 0-499/1234", v[0])
		case resp.Status == 206 && resp.Framing != wire.NoContent && !isMultipart(resp) && !resp.Incomplete && !resp.Truncated && cr.Last-cr.First+1 != resp.ContentSize:
			r.add(x, "Content-Range: %s announces %d bytes, but the content has %d", v[0], cr.Last-cr.First+1, resp.ContentSize)
		}
	})
}

// validURIReference checks the characters of a URI-reference (RFC 3986,
// 4.1): unreserved, reserved and percent-encoded octets only.
func validURIReference(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("%q has a %% not followed by two hex digits", s)
			}
			i += 2
		default:
			return fmt.Errorf("%q holds %q, which a URI must percent-encode", s, string(c))
		}
	}
	return nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func ruleLocationInvalid(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		// An empty value is valid: "" is a relative reference to the
		// request's own URI (RFC 3986, 4.1, 4.4). On a redirect that is a
		// redirect to itself, which redirect-loop reports.
		for _, v := range x.resp.Header.Values("Location") {
			if err := validURIReference(v); err != nil {
				r.add(x, "Location: %v (RFC 3986)", err)
			}
		}
	})
}

func ruleStatusForMethod(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if c, ok := lookup(x.resp.Status); ok && !c.Answers(x.req.Method) {
			r.add(x, "%d %s answered %s; it only answers %s", c.Number, c.Phrase, x.req.Method, strings.Join(c.Methods, " and "))
		}
	})
}

// jsonObject decodes complete JSON object content, or returns nil.
func jsonObject(resp *wire.Response) map[string]any {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !(mt == "application/json" || strings.HasSuffix(mt, "+json")) || resp.Incomplete || resp.Truncated || int64(len(resp.Content)) != resp.ContentSize {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(resp.Content, &m) != nil {
		return nil
	}
	return m
}

func ruleProblemStatus(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		mt, _, _ := mime.ParseMediaType(x.resp.Header.Get("Content-Type"))
		if mt != "application/problem+json" {
			return
		}
		if n, ok := jsonObject(x.resp)["status"].(float64); ok && int(n) != x.resp.Status {
			r.add(x, `the problem details say "status": %v, the status line %d`, n, x.resp.Status)
		}
	})
}

// errorSign returns what in a 2xx's JSON content reports an error, or "".
func errorSign(m map[string]any) string {
	nonEmpty := func(v any) bool {
		switch v := v.(type) {
		case nil:
			return false
		case bool:
			return v
		case string:
			return v != ""
		case []any:
			return len(v) > 0
		case map[string]any:
			return len(v) > 0
		}
		return true
	}
	for _, k := range []string{"error", "errors"} {
		if nonEmpty(m[k]) {
			b, _ := json.Marshal(m[k])
			return fmt.Sprintf("%q: %s", k, wire.Excerpt(b, 80))
		}
	}
	for _, k := range []string{"success", "ok"} {
		if v, ok := m[k].(bool); ok && !v {
			return fmt.Sprintf("%q: false", k)
		}
	}
	for _, k := range []string{"status", "statusCode", "status_code"} {
		switch v := m[k].(type) {
		case float64:
			if v >= 400 && v < 600 {
				return fmt.Sprintf("%q: %v", k, v)
			}
		case string:
			if strings.EqualFold(v, "error") || strings.EqualFold(v, "fail") {
				return fmt.Sprintf("%q: %q", k, v)
			}
		}
	}
	return ""
}

func ruleErrorIn2xx(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if x.resp.Status/100 != 2 {
			return
		}
		mt, _, _ := mime.ParseMediaType(x.resp.Header.Get("Content-Type"))
		if mt == "application/problem+json" {
			r.add(x, "%d with problem details (application/problem+json), which describe an error", x.resp.Status)
			return
		}
		if sign := errorSign(jsonObject(x.resp)); sign != "" {
			r.add(x, "%d whose content says %s", x.resp.Status, sign)
		}
	})
}

func ruleTransientCacheable(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		c, ok := lookup(x.resp.Status)
		if !ok || c.Advice.Retry != status.RetryAfterDelay || !c.Advice.HonourRetryAfter {
			return
		}
		cc, err := field.ParseCacheControl(x.resp.Header.Values("Cache-Control"))
		if err == nil && cc.NoStore() {
			return
		}
		if secs, ok := cc.MaxAge(); ok && secs > 0 {
			r.add(x, "%d %s with Cache-Control max-age=%d and no no-store: caches keep serving the error after the condition clears", c.Number, c.Phrase, secs)
			return
		}
		r.add(x, "%d %s without Cache-Control: no-store: a cache configured to keep errors may serve it after the condition clears", c.Number, c.Phrase)
	})
}

var preconditionFields = []string{"If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range"}

func rulePreconditionWithout(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if x.resp.Status != 412 {
			return
		}
		for _, f := range preconditionFields {
			if _, ok := x.req.Get(f); ok {
				return
			}
		}
		r.add(x, "412 Precondition Failed, but the request had no If-* field")
	})
}

// allowList is the methods a response's Allow lists (an invalid Allow
// lists none; field-syntax reports it).
func allowList(resp *wire.Response) []string {
	m, _ := field.ParseTokenList("Allow", resp.Header.Values("Allow"))
	return m
}

func ruleAllowListsRefused(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		if x.resp.Status == 405 && slices.Contains(allowList(x.resp), x.req.Method) {
			r.add(x, "405 refused %s, and Allow: %s lists it", x.req.Method, strings.Join(x.resp.Header.Values("Allow"), ", "))
		}
	})
}

func ruleGetHeadRefused(o *observation, r *reporter) {
	refused := func(x *exchange) bool { return x.status() == 405 || x.status() == 501 }
	if o.get.status() == 501 {
		r.add(o.get, "GET answered 501 Not Implemented; all general-purpose servers MUST support GET and HEAD")
	}
	if o.head.ok() && refused(o.head) && o.get.ok() && !refused(o.get) {
		r.add(o.head, "HEAD answered %d while GET answered %d; a resource that answers GET answers HEAD", o.head.status(), o.get.status())
	}
}

// confirmed reports whether GET and HEAD, each sent again, agree with
// themselves on what f extracts, so a difference between them is not a
// resource that changes from one request to the next.
func confirmed[T comparable](o *observation, f func(*wire.Response) T) bool {
	return o.getAgain.ok() && f(o.getAgain.resp) == f(o.get.resp) &&
		o.headAgain.ok() && f(o.headAgain.resp) == f(o.head.resp)
}

func ruleHeadDiffers(o *observation, r *reporter) {
	if !o.get.ok() || !o.head.ok() {
		return
	}
	g, h := o.get.resp, o.head.resp
	if (h.Status == 405 || h.Status == 501) && g.Status != h.Status {
		return // get-head-refused
	}
	statusOf := func(w *wire.Response) int { return w.Status }
	typeOf := func(w *wire.Response) string { return w.Header.Get("Content-Type") }
	if g.Status != h.Status && confirmed(o, statusOf) {
		r.add(o.head, "HEAD answered %d, GET %d (twice)", h.Status, g.Status)
	} else if g.Status == h.Status && typeOf(g) != typeOf(h) && confirmed(o, typeOf) {
		r.add(o.head, "HEAD answered Content-Type: %q, GET %q (twice)", typeOf(h), typeOf(g))
	}
}

func ruleHeadContentLength(o *observation, r *reporter) {
	if !o.get.ok() || !o.head.ok() || o.get.resp.Status != o.head.resp.Status {
		return
	}
	n, ok := headLength(o.head.resp)
	g := getLength(o.get.resp)
	if ok && g >= 0 && n != g && confirmed(o, getLength) {
		r.add(o.head, "HEAD said Content-Length: %s, but GET's content has %d bytes (twice)", o.head.resp.Header.Get("Content-Length"), g)
	}
}

func ruleUnknownMethod(o *observation, r *reporter) {
	x := o.unknown
	if !x.ok() {
		return
	}
	n := x.resp.Status
	switch {
	case n == 501, n/100 == 3, n/100 == 5, slices.Contains([]int{401, 403, 407, 408, 413, 414, 429, 431}, n):
		// 501 is right; redirects, authentication and limits may come
		// before method dispatch; 500 is server-error-for-client-error.
	case n/100 == 2:
		r.add(x, "the unknown method %s was answered %d as if the server knew it", unknownMethod, n)
	default:
		r.add(x, "the unknown method %s was answered %d", unknownMethod, n)
	}
}

func ruleRefusedNot405(o *observation, r *reporter) {
	for _, x := range o.refused {
		if x.status() == 501 && o.originAllow[x.req.Method] {
			r.add(x, "%s answered 501 Not Implemented, but the server lists %[1]s in Allow elsewhere: it knows the method", x.req.Method)
		}
	}
}

func ruleINMIgnored(o *observation, r *reporter) {
	x := o.inm
	if !x.ok() || x.resp.Status/100 != 2 {
		return
	}
	sent, _ := x.req.Get("If-None-Match")
	a, err1 := field.ParseETag(sent)
	b, err2 := field.ParseETag(x.resp.Header.Get("ETag"))
	if err1 == nil && err2 == nil && a.WeakMatch(b) {
		r.add(x, "If-None-Match: %s answered %d with ETag: %s, the same tag; that is 304 Not Modified", sent, x.resp.Status, b)
	}
}

func ruleIMSIgnored(o *observation, r *reporter) {
	x := o.ims
	if !x.ok() || x.resp.Status/100 != 2 {
		return
	}
	sent, _ := x.req.Get("If-Modified-Since")
	if x.resp.Header.Get("Last-Modified") == sent {
		r.add(x, "If-Modified-Since: %s answered %d with the same Last-Modified; that is 304 Not Modified", sent, x.resp.Status)
	}
}

func ruleIfMatchIgnored(o *observation, r *reporter) {
	if x := o.ifMatch; x.ok() && x.resp.Status/100 == 2 {
		sent, _ := x.req.Get("If-Match")
		r.add(x, "If-Match: %s, which matches no representation, answered %d; the method MUST NOT be performed (412)", sent, x.resp.Status)
	}
}

func ruleSoft404(o *observation, r *reporter) {
	if x := o.random; x.ok() && x.resp.Status/100 == 2 {
		r.add(x, "%s, a path that cannot exist, answered %d", x.req.URL.Path, x.resp.Status)
	}
}

func ruleMalformedAccepted(o *observation, r *reporter) {
	if x := o.bad; x.ok() && (x.resp.Status/100 == 2 || x.resp.Status/100 == 3) {
		r.add(x, "the field line %q (whitespace before the colon) was accepted with %d; a server MUST reject it with 400", x.req.RawLines[0], x.resp.Status)
	}
}

func ruleServerErrorForClient(o *observation, r *reporter) {
	for _, x := range []*exchange{o.bad, o.unknown, o.media} {
		if x.status() == 500 {
			r.add(x, "500 Internal Server Error to a %s: the client erred, which is a 4xx (or 501 for an unknown method)", x.probe)
		}
	}
}

func ruleMediaType400(o *observation, r *reporter) {
	if x := o.media; x.status() == 400 {
		r.add(x, "POST with Content-Type: %s answered 400; 415 Unsupported Media Type says exactly what was wrong", unsupportedType)
	}
}

// hasCredentials reports whether req carries credentials: an
// Authorization, Proxy-Authorization or Cookie field, or any field given
// in Config.Header.
func hasCredentials(o *observation, req *wire.Request) bool {
	for _, f := range append([]string{"Authorization", "Proxy-Authorization", "Cookie"}, o.credentials...) {
		if _, ok := req.Get(f); ok {
			return true
		}
	}
	return false
}

func ruleForbiddenWithout(o *observation, r *reporter) {
	for _, x := range []*exchange{o.get, o.anon} {
		if x.status() == 403 && !hasCredentials(o, x.req) {
			r.add(x, "403 Forbidden to a request without credentials; if credentials would help, 401 with WWW-Authenticate says how to send them")
		}
	}
}

func ruleRedirectAfterPost(o *observation, r *reporter) {
	o.finals(func(x *exchange) {
		c, ok := lookup(x.resp.Status)
		if ok && x.req.Method == http.MethodPost && c.Redirect != nil && c.Redirect.MethodRule == status.MayChangeToGET {
			r.add(x, "POST answered %d %s: clients may follow it with GET or repeat the POST", c.Number, c.Phrase)
		}
	})
}

func (o *observation) lastHop() *exchange {
	if len(o.hops) > 0 {
		return o.hops[len(o.hops)-1]
	}
	return o.get
}

func ruleRedirectLoop(o *observation, r *reporter) {
	if !o.loop {
		return
	}
	last := o.lastHop()
	next, _ := redirectTarget(last)
	self := *last.req.URL
	self.Fragment = ""
	if next.String() == self.String() {
		c, _ := lookup(last.resp.Status) // a redirect: the registry has it
		r.add(last, "%d %s with Location: %q, which resolves to the request's own URL %s: a redirect to itself", c.Number, c.Phrase, last.resp.Header.Get("Location"), next.Redacted())
		return
	}
	r.add(last, "after %d redirect(s) from %s, Location leads back to %s", len(o.hops)+1, o.url.Redacted(), next.Redacted())
}

func ruleRedirectChain(o *observation, r *reporter) {
	n := 0
	for _, x := range append([]*exchange{o.get}, o.hops...) {
		if _, ok := redirectTarget(x); ok {
			n++
		}
	}
	switch {
	case o.endless:
		r.add(o.lastHop(), "still redirecting after %d hops from %s", len(o.hops), o.url.Redacted())
	case n > longChain:
		r.add(o.lastHop(), "%d redirects in a row from %s", n, o.url.Redacted())
	}
}
