package server

import (
	"strconv"
	"strings"
)

// format is a representation the server can produce for a status body.
type format int

const (
	formatText format = iota
	formatJSON
	formatHTML
	numFormats
)

var formatTypes = [numFormats]string{
	formatText: "text/plain; charset=utf-8",
	formatJSON: "application/json",
	formatHTML: "text/html; charset=utf-8",
}

func (f format) contentType() string { return formatTypes[f] }

// negotiate picks text, JSON or HTML from an Accept field (RFC 9110, 12.5.1),
// honouring q-values and specificity. Text is the default: with no Accept,
// with */*, and when nothing listed is something we produce (the server
// may then ignore Accept rather than answer 406, 12.5.1).
func negotiate(accept string) format {
	// Fast paths for what curl and most clients send.
	if accept == "" || accept == "*/*" {
		return formatText
	}
	if strings.IndexByte(accept, ',') < 0 && strings.IndexByte(accept, ';') < 0 {
		// One media range without parameters (Accept: application/json,
		// what API clients send): q is 1, so it wins if we produce it,
		// with no splitting or parsing on the way.
		if f, _, ok := matchRange(strings.ToLower(strings.TrimSpace(accept))); ok {
			return f
		}
		return formatText
	}
	return negotiateList(accept)
}

// negotiateList is negotiate's general case: a list of media ranges with
// parameters.
func negotiateList(accept string) format {
	best, bestQ, bestSpec := formatText, -1.0, -1
	for part := range strings.SplitSeq(accept, ",") {
		mediaRange, params, _ := strings.Cut(part, ";")
		mediaRange = strings.ToLower(strings.TrimSpace(mediaRange))
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
		f, spec, ok := matchRange(mediaRange)
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
// the range is (2 type/subtype, 1 type/*, 0 */*).
func matchRange(r string) (format, int, bool) {
	switch r {
	case "text/plain":
		return formatText, 2, true
	case "application/json", "application/problem+json":
		return formatJSON, 2, true
	case "text/html", "application/xhtml+xml":
		return formatHTML, 2, true
	case "text/*":
		return formatText, 1, true
	case "application/*":
		return formatJSON, 1, true
	case "*/*":
		return formatText, 0, true
	}
	return 0, 0, false
}
