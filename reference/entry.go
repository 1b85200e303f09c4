package reference

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/statuskit/statuskit/status"
)

// Entry is one code in the JSON API (GET /codes, GET /codes/{code}):
// status.Code's one JSON form, with "class" ("4xx").
type Entry = status.Code

// List is the JSON body of GET /codes.
type List struct {
	// Count is len(Codes).
	Count int `json:"count"`
	// Codes are the matching codes in numeric order.
	Codes []Entry `json:"codes"`
}

// NewList wraps codes for the API.
func NewList(codes []status.Code) List {
	l := List{Count: len(codes), Codes: make([]Entry, 0, len(codes))}
	l.Codes = append(l.Codes, codes...)
	return l
}

// JSON encodes v as the API writes it: indented two spaces, so curl output
// reads well, and without HTML escaping, so "<" stays "<".
func JSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the API's types always encode
	return b.Bytes()
}

// standingNote is the mark beside a code that is not plainly official,
// the same words in the page, the text list and the CLI.
func standingNote(c status.Code) string {
	switch c.Standing {
	case status.Official:
		return ""
	case status.Unofficial:
		if c.Origin != "" {
			return "unofficial · " + c.Origin
		}
		return "unofficial"
	default:
		return string(c.Standing)
	}
}

// TextList renders codes one per line for terminals: number, phrase,
// standing mark, summary.
func TextList(codes []status.Code) []byte {
	var b bytes.Buffer
	for _, c := range codes {
		mark := ""
		if n := standingNote(c); n != "" {
			mark = " [" + n + "]"
		}
		fmt.Fprintf(&b, "%d %s%s\n    %s\n", c.Number, c.Phrase, mark, c.Summary)
	}
	if len(codes) == 0 {
		b.WriteString("no status code matches; try a number (404), a phrase (not found), a word (retry) or a class (4xx)\n")
	}
	return b.Bytes()
}

// Text renders one code for a terminal, with the facts of its page.
func Text(c status.Code) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d %s", c.Number, c.Phrase)
	if n := standingNote(c); n != "" {
		fmt.Fprintf(&b, " [%s]", n)
	}
	fmt.Fprintf(&b, "\n%s %s\n\n%s\n\n%s\n\n", c.Class(), c.Class().Name(), c.Summary, c.Description)
	field := func(label, value string) { fmt.Fprintf(&b, "%-14s %s\n", label+":", value) }
	field("Spec", c.Spec.String()+" "+c.Spec.URL)
	for _, f := range facts(c) {
		field(f.Label, f.Text)
	}
	for _, h := range c.Headers {
		field("Header", fmt.Sprintf("%s (%s, %s): %s", h.Name, h.Level, h.Spec, h.Note))
	}
	field("Retry", retryText[c.Advice.Retry])
	if c.Advice.Text != "" {
		field("Advice", c.Advice.Text)
	}
	if len(c.AlsoKnownAs) > 0 {
		field("Also known as", strings.Join(c.AlsoKnownAs, "; "))
	}
	return b.Bytes()
}

// fact is one line of a code's protocol facts.
type fact struct{ Label, Text string }

// facts says what a code means for content, caches and redirects, from
// the registry's data.
func facts(c status.Code) []fact {
	var out []fact
	if c.ContentForbidden {
		out = append(out, fact{"Content", "never has content (RFC 9110, 6.4.1)"})
	} else {
		out = append(out, fact{"Content", "may have content"})
	}
	if c.Cacheable {
		out = append(out, fact{"Caching", "heuristically cacheable: a cache may store it without explicit freshness information (RFC 9110, 15.1)"})
	} else {
		out = append(out, fact{"Caching", "cached only with explicit freshness (Cache-Control or Expires, RFC 9111, 3)"})
	}
	if r := c.Redirect; r != nil {
		kind := "temporary: keep using the original URL"
		if r.Permanent {
			kind = "permanent: clients and caches may replace the original URL"
		}
		out = append(out, fact{"Redirect", kind + "; " + methodText[r.MethodRule]})
	}
	return out
}

// retryText explains each retry rule to a person.
var retryText = map[status.RetryRule]string{
	status.NoRetry:          "do not retry: the same request will get the same answer",
	status.RetryAfterChange: "retry only after changing the request",
	status.RetryAfterDelay:  "retry later: wait for Retry-After if sent, else back off exponentially with jitter",
	status.RetryImmediately: "the request may be repeated at once",
	status.NotApplicable:    "nothing to retry",
}

// methodText explains what following a redirect does to the method.
var methodText = map[status.MethodRule]string{
	status.MayChangeToGET: "for historical reasons a client may change POST to GET when it follows",
	status.ChangeToGET:    "the follow-up request is a GET (or HEAD), whatever the method was",
	status.KeepMethod:     "the follow-up keeps the method and the content",
}
