// Package precondition is statuskit's one evaluation of conditional
// requests (RFC 9110, 13): If-Match, If-Unmodified-Since, If-None-Match,
// If-Modified-Since and If-Range, in the order of RFC 9110, 13.2.2. It is
// pure: the caller says what the target resource's current state is
// (Validators) and gets back the status that replaces the normal response.
//
// # When to call it
//
// A server evaluates preconditions only when the response it would send
// without them is a 2xx or a 412 (RFC 9110, 13.2.1): redirects and failures
// found before significant processing take precedence. So the caller does
// NOT call Evaluate for a GET, HEAD or DELETE of a resource that does not
// exist (that is 404 or 410, whatever If-Match says), nor for a request
// that fails authentication or validation. It DOES call it for a PUT that
// would create a resource (a 201 without preconditions), with Exists
// false: If-Match: * then fails with 412 and If-None-Match: * holds.
//
// Preconditions belong to the origin server; a gateway that forwards the
// request leaves them to the origin (13.2.1).
package precondition

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
)

// Validators describe the target resource's current state, as the origin
// server knows it when the request arrives.
type Validators struct {
	// ETag is the selected representation's entity-tag, when HasETag.
	ETag    field.ETag
	HasETag bool
	// LastModified is the selected representation's modification date;
	// the zero time means the resource has none, and then
	// If-Modified-Since and If-Unmodified-Since are ignored (13.1.3,
	// 13.1.4). It is compared at one-second resolution, that of an
	// HTTP-date (8.8.2), so a time with nanoseconds equals the
	// Last-Modified the server sent for it.
	LastModified time.Time
	// StrongLastModified says the origin server knows the
	// representation did not change twice within the second of
	// LastModified, which makes the date a strong validator (8.8.2.2).
	// Only then can If-Range with a date hold (13.1.5). False (the safe
	// default) sends the whole representation to such a request.
	StrongLastModified bool
	// Exists says the target resource has a current representation. It
	// decides If-Match: * and If-None-Match: * (13.1.1, 13.1.2); when
	// false, ETag and LastModified are ignored, since there is nothing
	// to compare them with.
	Exists bool
}

// Result is the outcome of Evaluate.
type Result struct {
	// Status is 0 when the request goes on (perform the method, then
	// see RangeApplies for a GET), 304 (Not Modified) or 412
	// (Precondition Failed).
	Status int
	// Field is the precondition that decided: "If-Match",
	// "If-Unmodified-Since", "If-None-Match" or "If-Modified-Since"; ""
	// when Status is 0.
	Field string
	// Reason is a sentence for a person, citing the section, suitable
	// for the body of a 412; "" when Status is 0.
	Reason string
}

// Evaluate applies the preconditions of a request with method and header
// h to a resource in state v, in the order of RFC 9110, 13.2.2:
//
//  1. If-Match, with the strong comparison: "*" holds iff a current
//     representation exists; false is 412 (13.1.1).
//  2. Otherwise If-Unmodified-Since: false (modified after the date) is
//     412 (13.1.4). Ignored when the resource has no modification date
//     or the field is not exactly one valid HTTP-date.
//  3. If-None-Match, with the weak comparison: "*" is false iff a current
//     representation exists; false is 304 for GET and HEAD, 412 for every
//     other method (13.1.2).
//  4. Otherwise, for GET and HEAD only, If-Modified-Since: false (not
//     modified since the date) is 304 (13.1.3). Ignored like
//     If-Unmodified-Since.
//
// Step 5, If-Range, is RangeApplies. Preconditions are ignored for
// CONNECT, OPTIONS and TRACE (13.2.1), which select no representation.
// Method names are case-sensitive (9.1).
//
// A failed If-Match or If-Unmodified-Since on a state-changing request
// that has in fact already succeeded MAY be answered 2xx instead of 412
// (13.1.1); deciding that is the caller's business.
//
// The error is a malformed If-Match or If-None-Match (a *field.Error): the
// caller answers 400 with err.Error(). Both fields are checked before any
// is evaluated, so the answer does not depend on which would decide. A tag
// without its quotes (If-None-Match: abc) is the common case: it would
// otherwise silently never match. Malformed dates are not errors; 13.1.3
// and 13.1.4 require them to be ignored.
func Evaluate(method string, h http.Header, v Validators) (Result, error) {
	switch method {
	case http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return Result{}, nil
	}
	matchLines, noneMatchLines := h.Values("If-Match"), h.Values("If-None-Match")
	var match, noneMatch field.ETagList
	var err error
	if len(matchLines) > 0 {
		if match, err = field.ParseETagList("If-Match", matchLines); err != nil {
			return Result{}, err
		}
	}
	if len(noneMatchLines) > 0 {
		if noneMatch, err = field.ParseETagList("If-None-Match", noneMatchLines); err != nil {
			return Result{}, err
		}
	}
	cur := current(v)
	safe := method == http.MethodGet || method == http.MethodHead

	// Step 1 and 2: the "lost update" preconditions.
	if len(matchLines) > 0 {
		if !holds(match, cur, true) {
			return fail(http.StatusPreconditionFailed, "If-Match", ifMatchReason(matchLines, cur))
		}
	} else if date, ok := singleDate(h, "If-Unmodified-Since"); ok && cur.hasDate {
		if cur.lastModified.After(date) {
			return fail(http.StatusPreconditionFailed, "If-Unmodified-Since", fmt.Sprintf(
				"the representation was modified (Last-Modified: %s) after If-Unmodified-Since: %s; GET it again and retry (RFC 9110, 13.1.4)",
				field.FormatHTTPDate(cur.lastModified), field.FormatHTTPDate(date)))
		}
	}
	// Step 3 and 4: cache validation.
	if len(noneMatchLines) > 0 {
		if holds(noneMatch, cur, false) {
			if safe {
				return fail(http.StatusNotModified, "If-None-Match", fmt.Sprintf(
					"If-None-Match: %s matches the current representation (%s), so the client's copy is current (RFC 9110, 13.1.2)",
					shorten(strings.Join(noneMatchLines, ", ")), cur.describe()))
			}
			return fail(http.StatusPreconditionFailed, "If-None-Match", ifNoneMatchReason(method, noneMatchLines, noneMatch, cur))
		}
	} else if safe {
		if date, ok := singleDate(h, "If-Modified-Since"); ok && cur.hasDate && !cur.lastModified.After(date) {
			return fail(http.StatusNotModified, "If-Modified-Since", fmt.Sprintf(
				"the representation has not been modified (Last-Modified: %s) since If-Modified-Since: %s (RFC 9110, 13.1.3)",
				field.FormatHTTPDate(cur.lastModified), field.FormatHTTPDate(date)))
		}
	}
	return Result{}, nil
}

// RangeApplies is step 5 of RFC 9110, 13.2.2, called after Evaluate let the
// request go on: whether the server processes the request's Range field
// (with field.ParseRange) or ignores it and sends the whole
// representation, 200. It is false for any method but GET (14.2), without
// exactly one Range field line, or without a current representation. It
// is true without If-Range, and with If-Range only if the If-Range
// condition holds (13.1.5):
//
//   - an entity-tag strong-matches the current ETag (8.8.3.2), so a weak
//     tag never does;
//   - an HTTP-date exactly equals LastModified (at one-second resolution)
//     and StrongLastModified says that date is a strong validator
//     (8.8.2.2).
//
// An If-Range that is neither, or on several lines, is false: the client
// gets the whole representation, which is always safe.
func RangeApplies(method string, h http.Header, v Validators) bool {
	if method != http.MethodGet || len(h.Values("Range")) != 1 || !v.Exists {
		return false
	}
	lines := h.Values("If-Range")
	switch len(lines) {
	case 0:
		return true
	case 1:
	default:
		return false
	}
	value := strings.Trim(lines[0], " \t")
	cur := current(v)
	// An entity-tag starts with DQUOTE within its first three
	// characters (13.1.5); a date never does.
	if strings.HasPrefix(value, `"`) || strings.HasPrefix(value, `W/"`) {
		tag, err := field.ParseETag(value)
		return err == nil && cur.hasTag && tag.StrongMatch(cur.tag)
	}
	date, err := field.ParseHTTPDate(value)
	return err == nil && cur.hasDate && v.StrongLastModified && date.Equal(cur.lastModified)
}

// Conditional reports whether the request carries a precondition that
// protects a write from the "lost update" problem (RFC 9110, 13.1.1,
// 13.1.2, 13.1.4): If-Match, If-None-Match or If-Unmodified-Since. A server
// that requires conditional writes answers 428 (RFC 6585, 3) when it is
// false.
func Conditional(h http.Header) bool {
	return len(h.Values("If-Match")) > 0 || len(h.Values("If-None-Match")) > 0 || len(h.Values("If-Unmodified-Since")) > 0
}

// state is Validators normalised for comparison.
type state struct {
	exists       bool
	tag          field.ETag
	hasTag       bool
	lastModified time.Time
	hasDate      bool
}

func current(v Validators) state {
	if !v.Exists {
		return state{}
	}
	return state{
		exists:       true,
		tag:          v.ETag,
		hasTag:       v.HasETag,
		lastModified: v.LastModified.UTC().Truncate(time.Second),
		hasDate:      !v.LastModified.IsZero(),
	}
}

func (s state) describe() string {
	switch {
	case !s.exists:
		return "there is none"
	case s.hasTag:
		return "ETag: " + shorten(s.tag.String())
	}
	return "it has no entity-tag"
}

// holds is the match part of If-Match (strong) and If-None-Match (weak):
// "*" matches an existing representation, a list matches its tag.
func holds(l field.ETagList, cur state, strong bool) bool {
	if !cur.exists {
		return false
	}
	return l.Any || cur.hasTag && l.Match(cur.tag, strong)
}

func ifMatchReason(lines []string, cur state) string {
	sent := shorten(strings.Join(lines, ", "))
	if !cur.exists {
		return fmt.Sprintf("If-Match: %s cannot hold: the resource has no current representation (RFC 9110, 13.1.1); to create it only if it does not exist, send If-None-Match: * instead", sent)
	}
	return fmt.Sprintf("If-Match: %s does not match the current representation (%s); If-Match uses the strong comparison, so weak tags never match; GET it again and retry with its ETag (RFC 9110, 13.1.1)", sent, cur.describe())
}

func ifNoneMatchReason(method string, lines []string, l field.ETagList, cur state) string {
	if l.Any {
		return fmt.Sprintf("If-None-Match: * does not hold: the resource already has a current representation (%s), and %s is not GET or HEAD (RFC 9110, 13.1.2)", cur.describe(), method)
	}
	return fmt.Sprintf("If-None-Match: %s matches the current representation (%s), and %s is not GET or HEAD (RFC 9110, 13.1.2)",
		shorten(strings.Join(lines, ", ")), cur.describe(), method)
}

// singleDate reads If-Modified-Since or If-Unmodified-Since; ok is false
// when the field must be ignored: absent, on several lines (a list), or
// not a valid HTTP-date (13.1.3, 13.1.4).
func singleDate(h http.Header, name string) (time.Time, bool) {
	lines := h.Values(name)
	if len(lines) != 1 {
		return time.Time{}, false
	}
	t, err := field.ParseHTTPDate(lines[0])
	return t, err == nil
}

func fail(status int, name, reason string) (Result, error) {
	return Result{Status: status, Field: name, Reason: reason}, nil
}

// shorten keeps a repeated field value readable and safe in a message.
func shorten(s string) string {
	const limit = 80
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if b.Len() >= limit {
			b.WriteString("...")
			break
		}
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	return b.String()
}
