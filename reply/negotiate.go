package reply

import (
	"strconv"
	"strings"
)

// Format is a representation the writer can produce for a response whose
// content it chooses itself: the description of a status, or an error.
type Format uint8

// The formats, in the order Negotiate prefers them at equal quality.
const (
	// Text is text/plain, the default: what curl and a person read.
	Text Format = iota
	// JSON is application/json: the status's registry entry (status.Code's
	// JSON form) and statuskit's message; for a 4xx or 5xx also the RFC
	// 9457 problem members.
	JSON
	// HTML is a page for browsers.
	HTML
	// Problem is application/problem+json (RFC 9457): the same document as
	// JSON, sent under the problem media type to a client that asked for
	// it by name.
	Problem
	numFormats
)

var formatTypes = [numFormats]string{
	Text:    "text/plain; charset=utf-8",
	JSON:    "application/json",
	HTML:    "text/html; charset=utf-8",
	Problem: "application/problem+json",
}

// ContentType is the Content-Type field value of the format.
func (f Format) ContentType() string { return formatTypes[f] }

// JSONLike reports whether the format is a JSON document (JSON or Problem).
func (f Format) JSONLike() bool { return f == JSON || f == Problem }

// Negotiate picks a format from an Accept field value (RFC 9110, 12.5.1),
// honouring q-values and specificity. Text is the default: with no Accept,
// with */*, and when nothing listed is something the writer produces (a
// server may then disregard Accept rather than answer 406, 12.5.1).
// application/problem+json selects Problem; application/json and
// application/* select JSON; text/html and application/xhtml+xml select
// HTML. An error response in the Problem format is RFC 9457 problem
// details; any other status in that format is the JSON document under
// application/json, since problem details describe errors only.
func Negotiate(accept string) Format {
	// Fast paths for what curl and most clients send.
	if accept == "" || accept == "*/*" {
		return Text
	}
	if strings.IndexByte(accept, ',') < 0 && strings.IndexByte(accept, ';') < 0 {
		// One media range without parameters (Accept: application/json,
		// what API clients send): q is 1, so it wins if we produce it,
		// with no splitting or parsing on the way.
		if f, _, ok := matchRange(strings.TrimSpace(accept)); ok {
			return f
		}
		return Text
	}
	return negotiateList(accept)
}

// negotiateList is Negotiate's general case: a list of media ranges with
// parameters.
func negotiateList(accept string) Format {
	best, bestQ, bestSpec := Text, -1.0, -1
	for part := range strings.SplitSeq(accept, ",") {
		mediaRange, params, _ := strings.Cut(part, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
		}
		if q == 0 {
			continue
		}
		f, spec, ok := matchRange(strings.TrimSpace(mediaRange))
		if !ok {
			continue
		}
		// Higher q wins; at equal q the more specific range wins, and at
		// equal specificity the earlier one, which is how browsers order
		// their preferences.
		if q > bestQ || q == bestQ && spec > bestSpec {
			best, bestQ, bestSpec = f, q, spec
		}
	}
	return best
}

// matchRange maps a media range to the format it selects and how specific
// the range is (3 problem+json, 2 type/subtype, 1 type/*, 0 */*). Media
// types are case-insensitive (RFC 9110, 8.3.1); EqualFold avoids lowering
// (and allocating) on the request path.
func matchRange(r string) (Format, int, bool) {
	switch {
	case strings.EqualFold(r, "text/plain"):
		return Text, 2, true
	case strings.EqualFold(r, "application/json"):
		return JSON, 2, true
	case strings.EqualFold(r, "application/problem+json"):
		// More specific than application/json: a client that lists both
		// at the same q wants problem details for errors.
		return Problem, 3, true
	case strings.EqualFold(r, "text/html"), strings.EqualFold(r, "application/xhtml+xml"):
		return HTML, 2, true
	case strings.EqualFold(r, "text/*"):
		return Text, 1, true
	case strings.EqualFold(r, "application/*"):
		return JSON, 1, true
	case r == "*/*":
		return Text, 0, true
	}
	return 0, 0, false
}
