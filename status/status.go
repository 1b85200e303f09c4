// Package status is statuskit's registry of HTTP status codes: every code in
// the IANA HTTP Status Code Registry plus the unofficial codes seen in the
// wild, each with what it means and what the protocol requires of it.
//
// The registry is data. Other packages (the server, the CLI, the web
// reference) read the protocol facts here instead of branching on numbers,
// so a rule such as "405 requires Allow" is written exactly once.
package status

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Class is the first digit of a status code (RFC 9110, 15).
type Class int

// The five classes defined by RFC 9110, 15.
const (
	Informational Class = 1 // 1xx
	Successful    Class = 2 // 2xx
	Redirection   Class = 3 // 3xx
	ClientError   Class = 4 // 4xx
	ServerError   Class = 5 // 5xx
)

var classNames = [...]string{"", "Informational", "Successful", "Redirection", "Client Error", "Server Error"}

// Name is the class's name as RFC 9110, 15 gives it ("Client Error").
func (c Class) Name() string {
	if c < Informational || c > ServerError {
		return ""
	}
	return classNames[c]
}

// String is the class's short form, "4xx".
func (c Class) String() string {
	if c < Informational || c > ServerError {
		return "invalid class " + strconv.Itoa(int(c))
	}
	return strconv.Itoa(int(c)) + "xx"
}

// Standing says where a code comes from and whether it should still be sent.
type Standing string

// The standings a code can have.
const (
	// Official codes are registered with IANA and in current use.
	Official Standing = "official"
	// Unofficial codes are not in the IANA registry but are sent by widely
	// deployed software (nginx, Cloudflare, IIS...); Origin names it.
	Unofficial Standing = "unofficial"
	// Deprecated codes are registered but their specification says not to
	// use them any more (305 Use Proxy).
	Deprecated Standing = "deprecated"
	// Unused codes are reserved in the registry with no current meaning
	// (306, 418 as reserved by RFC 9110).
	Unused Standing = "unused"
	// Historic codes were registered by a specification that has since
	// removed them (102 Processing).
	Historic Standing = "historic"
	// Unassigned is the standing of a number in 100-599 that the registry
	// does not assign; it is served with the meaning of its class's x00
	// (RFC 9110, 15).
	Unassigned Standing = "unassigned"
)

// Level is how strongly a specification asks for a header field.
type Level string

// Requirement levels in the sense of RFC 2119.
const (
	Must   Level = "MUST"
	Should Level = "SHOULD"
	May    Level = "MAY"
)

// Condition says when a header rule applies. The zero value, Always, means
// with every response of the code; the others name the circumstance the
// specification attaches to the requirement, so a program (the server, the
// checker) can decide whether a rule is in force without reading the Note.
type Condition string

// The conditions the registry's header rules use.
const (
	// Always: with every response of the code.
	Always Condition = ""
	// WhenCreated: the response reports that resources were created (201
	// after a POST, RFC 9110, 9.3.3); after a PUT the target URI is the
	// new resource and Location is redundant.
	WhenCreated Condition = "resource-created"
	// WhenSinglePart: a 206 that encloses one range (RFC 9110, 15.3.7.1).
	WhenSinglePart Condition = "single-part"
	// WhenMultipleParts: a 206 that encloses several ranges as
	// multipart/byteranges (RFC 9110, 15.3.7.2).
	WhenMultipleParts Condition = "multiple-parts"
	// WhenSentOn200: a 200 to the same request would have carried the
	// field (the validators and caching fields of 206 and 304, RFC 9110,
	// 15.3.7 and 15.4.5).
	WhenSentOn200 Condition = "sent-on-200"
	// WhenPreferredChoice: the server has a preferred choice among the
	// representations a 300 lists (RFC 9110, 15.4.1).
	WhenPreferredChoice Condition = "preferred-choice"
	// WhenTemporary: the condition the code reports is temporary (413,
	// RFC 9110, 15.5.14).
	WhenTemporary Condition = "temporary-condition"
	// WhenCodingRefused: a 415 caused by the request's content coding
	// (RFC 9110, 15.5.16).
	WhenCodingRefused Condition = "content-coding-refused"
	// WhenMediaTypeRefused: a 415 caused by the request's media type
	// (RFC 9110, 15.5.16).
	WhenMediaTypeRefused Condition = "media-type-refused"
	// WhenPatchRefused: a 415 in answer to PATCH with a patch document
	// format the resource does not accept (RFC 5789, 2.2).
	WhenPatchRefused Condition = "patch-format-refused"
	// WhenByteRange: the request was a byte-range request (416, RFC 9110,
	// 15.5.17).
	WhenByteRange Condition = "byte-range-request"
)

// Conditions lists every Condition with what it means, in the order above.
var Conditions = []struct {
	Condition Condition
	Meaning   string
}{
	{Always, "with every response of the code"},
	{WhenCreated, "the response reports resources created by a POST"},
	{WhenSinglePart, "a 206 enclosing a single range"},
	{WhenMultipleParts, "a 206 enclosing several ranges as multipart/byteranges"},
	{WhenSentOn200, "a 200 to the same request would have carried the field"},
	{WhenPreferredChoice, "the server has a preferred choice among those a 300 lists"},
	{WhenTemporary, "the condition is temporary"},
	{WhenCodingRefused, "the request's content coding was refused"},
	{WhenMediaTypeRefused, "the request's media type was refused"},
	{WhenPatchRefused, "a PATCH document format was refused"},
	{WhenByteRange, "the request was a byte-range request"},
}

// HeaderRule is one header field a specification asks for with a code.
type HeaderRule struct {
	// Name is the field name in canonical form, "Retry-After".
	Name string `json:"name"`
	// Level is how strongly it is asked for.
	Level Level `json:"level"`
	// When is the circumstance in which the rule applies; Always (empty,
	// left out of the JSON) for every response of the code.
	When Condition `json:"when,omitempty"`
	// Note says when and why, for a person: "the methods the target resource
	// supports; an empty value means none".
	Note string `json:"note"`
	// Spec is the section that asks for it.
	Spec Spec `json:"spec"`
}

// Spec points at the text that defines something.
type Spec struct {
	// Title is the document, "RFC 9110"; for unofficial codes, the vendor's
	// documentation title.
	Title string `json:"title"`
	// Section is the section number within it, "15.5.6"; may be empty.
	Section string `json:"section,omitempty"`
	// URL links to the section (rfc-editor.org for RFCs).
	URL string `json:"url"`
}

// String renders "RFC 9110, 15.5.6".
func (s Spec) String() string {
	if s.Section == "" {
		return s.Title
	}
	return s.Title + ", " + s.Section
}

// RedirectRule describes how a client follows a 3xx that carries Location.
type RedirectRule struct {
	// Permanent redirects let clients and caches replace the target URI.
	Permanent bool `json:"permanent"`
	// MethodRule is what happens to the request method on follow-up.
	MethodRule MethodRule `json:"method"`
}

// MethodRule is what a client does to the method when it follows a redirect.
type MethodRule string

// Method rules for redirects (RFC 9110, 15.4).
const (
	// MayChangeToGET: for historical reasons a user agent may change POST to
	// GET (301, 302).
	MayChangeToGET MethodRule = "may-change-post-to-get"
	// ChangeToGET: the follow-up is a GET (or HEAD) whatever the method (303).
	ChangeToGET MethodRule = "change-to-get"
	// KeepMethod: method and content are preserved (307, 308).
	KeepMethod MethodRule = "keep-method-and-body"
)

// RetryRule is the registry's advice to a client that got this code.
type RetryRule string

// Retry advice values.
const (
	// NoRetry: repeating the same request will give the same answer.
	NoRetry RetryRule = "no"
	// RetryAfterChange: retry only after changing the request (credentials,
	// body, preconditions...).
	RetryAfterChange RetryRule = "after-changing-request"
	// RetryAfterDelay: retry the same request later, honouring Retry-After if
	// sent, else with exponential backoff and jitter.
	RetryAfterDelay RetryRule = "after-delay"
	// RetryImmediately: the request may be repeated at once (e.g. a 421
	// on a new connection, or following a redirect is not a retry).
	RetryImmediately RetryRule = "immediately"
	// NotApplicable: success or interim responses; nothing to retry.
	NotApplicable RetryRule = "not-applicable"
)

// Advice tells a client what to do with the response.
type Advice struct {
	// Retry says whether and when to repeat the request.
	Retry RetryRule `json:"retry"`
	// IdempotentOnly: automatic retry is only safe for idempotent methods
	// (RFC 9110, 9.2.2); a POST may have had effect.
	IdempotentOnly bool `json:"idempotent_only"`
	// HonourRetryAfter: the server may send Retry-After and a client should
	// wait at least that long.
	HonourRetryAfter bool `json:"honour_retry_after"`
	// Text is the advice in a sentence or two, for a person.
	Text string `json:"text"`
}

// Code is everything the registry knows about one status code.
type Code struct {
	// Number is the three-digit code.
	Number int `json:"code"`
	// Phrase is the reason phrase exactly as registered ("Not Found").
	Phrase string `json:"phrase"`
	// Standing says official, unofficial, deprecated, unused, historic or
	// unassigned.
	Standing Standing `json:"standing"`
	// Origin names who sends an unofficial code ("nginx", "Cloudflare");
	// empty for registered codes.
	Origin string `json:"origin,omitempty"`
	// Summary is one sentence.
	Summary string `json:"summary"`
	// Description is a fuller explanation for a developer: what it means,
	// when to send it, what a client should do.
	Description string `json:"description"`
	// Spec is the defining specification.
	Spec Spec `json:"spec"`
	// ContentForbidden: a response with this code never has content
	// (1xx, 204, 205 generated by a server, 304; RFC 9110, 6.4.1).
	ContentForbidden bool `json:"content_forbidden"`
	// Cacheable: heuristically cacheable by default (RFC 9110, 15.1).
	Cacheable bool `json:"heuristically_cacheable"`
	// Headers are the header fields specifications ask for with this code.
	Headers []HeaderRule `json:"headers,omitempty"`
	// Methods, when not empty, are the only request methods the code can
	// answer: 206, 304 and 416 describe a conditional or range GET (RFC
	// 9110, 9.3.3, 14.2, 15.4.5), so they answer GET and HEAD only. Empty
	// means any method.
	Methods []string `json:"methods,omitempty"`
	// ContentLengthZero marks a code whose response says it has no
	// content with Content-Length: 0 rather than leaving the field out
	// (205, RFC 9110, 15.3.6; of the three ways that section allows, the
	// one that keeps the connection open and needs no chunked coding).
	ContentLengthZero bool `json:"content_length_zero,omitempty"`
	// Redirect is set for codes a client follows via Location.
	Redirect *RedirectRule `json:"redirect,omitempty"`
	// Advice is what a client should do.
	Advice Advice `json:"advice"`
	// IANAName is the registry's description where it differs from the
	// phrase sent on the status line: 418 is sent as "I'm a teapot" but
	// registered as "(Unused)".
	IANAName string `json:"iana_name,omitempty"`
	// AlsoKnownAs lists other phrases seen for this code (older RFCs,
	// vendors): "Request Entity Too Large" for 413.
	AlsoKnownAs []string `json:"also_known_as,omitempty"`
}

// Class is the code's class.
func (c Code) Class() Class { return Class(c.Number / 100) }

// Slug is the phrase in lower-case words joined by hyphens: "not-found".
func (c Code) Slug() string { return slugify(c.Phrase) }

// String renders "404 Not Found".
func (c Code) String() string { return strconv.Itoa(c.Number) + " " + c.Phrase }

// Registered reports whether IANA lists the code (whatever its standing).
func (c Code) Registered() bool {
	return c.Standing != Unofficial && c.Standing != Unassigned
}

// Header returns the rule for a header field, if the code has one.
func (c Code) Header(name string) (HeaderRule, bool) {
	for _, h := range c.Headers {
		if equalFold(h.Name, name) {
			return h, true
		}
	}
	return HeaderRule{}, false
}

// RequiredHeaders are the fields a specification says MUST be sent.
func (c Code) RequiredHeaders() []HeaderRule { return c.headersAt(Must) }

// RecommendedHeaders are the fields asked for with SHOULD or MAY.
func (c Code) RecommendedHeaders() []HeaderRule {
	return append(c.headersAt(Should), c.headersAt(May)...)
}

func (c Code) headersAt(l Level) []HeaderRule {
	var out []HeaderRule
	for _, h := range c.Headers {
		if h.Level == l {
			out = append(out, h)
		}
	}
	return out
}

// Answers reports whether the code can answer a request with method
// (Methods is empty, or lists it).
func (c Code) Answers(method string) bool {
	return len(c.Methods) == 0 || slices.Contains(c.Methods, method)
}

// MarshalJSON is the one JSON form of a code, used by the CLI's --json,
// the JSON API (/codes) and the server's JSON bodies alike: every field's
// JSON name as tagged above, plus "class" ("4xx"). HTML characters are not
// escaped, so "<" stays "<".
func (c Code) MarshalJSON() ([]byte, error) {
	type plain Code // no MarshalJSON: no recursion
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		plain
		Class string `json:"class"`
	}{plain(c), c.Class().String()})
	return bytes.TrimRight(b.Bytes(), "\n"), err
}

// RangeError reports a number outside 100-599.
type RangeError struct{ Number int }

func (e *RangeError) Error() string {
	return fmt.Sprintf("%d is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15), e.g. 404", e.Number)
}

// SyntaxError reports text that is not written as a status code: three
// ASCII digits.
type SyntaxError struct{ Text string }

func (e *SyntaxError) Error() string {
	t := e.Text
	if len(t) > 20 {
		t = t[:20] + "…"
	}
	return fmt.Sprintf("%q is not a status code: write exactly three digits from 100 to 599 (RFC 9110, 15), e.g. 404", t)
}

// ParseCode reads a status code as URLs, flags, query parameters and status
// lines write it: exactly three ASCII digits, 100 to 599 (RFC 9110, 15). No
// sign, space, leading zero or fourth digit is accepted ("0200" is not 200).
// It returns a *SyntaxError for anything not three digits and a
// *RangeError for three digits outside 100-599. It does not allocate when
// the text is a valid code.
func ParseCode(s string) (int, error) {
	if len(s) != 3 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' {
		return 0, &SyntaxError{Text: s}
	}
	n := int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
	if n < 100 || n > 599 {
		return 0, &RangeError{Number: n}
	}
	return n, nil
}
