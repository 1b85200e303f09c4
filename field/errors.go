package field

import (
	"strconv"
	"strings"
)

// Error is a field value that cannot be used. Its message names the field,
// shows the value (escaped and shortened, so it is safe to echo in a
// response), and says what is allowed, with an example and the section of
// the specification, e.g.
//
//	If-None-Match: abc is not "*" or a list of entity-tags; an entity-tag is in double quotes, e.g. If-None-Match: "abc", W/"xyz" (RFC 9110, 8.8.3)
type Error struct {
	// Field is the field name, e.g. "If-None-Match"; empty when the parser
	// does not know which field the value came from (ParseHTTPDate).
	Field string
	// Value is the field value as received; several field lines are
	// joined with ", ".
	Value string
	// Reason completes the sentence that starts with the value: what is
	// wrong, what is allowed, an example, and the section.
	Reason string
	// Err is a sentinel that classifies the error for errors.Is, such as
	// ErrRangeIgnored, or nil.
	Err error
}

// maxShownValue bounds how much of a value an error message repeats.
const maxShownValue = 80

func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(showValue(e.Value))
	b.WriteByte(' ')
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns Err, so errors.Is(err, ErrRangeIgnored) works.
func (e *Error) Unwrap() error { return e.Err }

// showValue makes v safe and short enough to repeat in a message: bytes
// outside visible ASCII and space become \xNN, and a long value is cut.
func showValue(v string) string {
	if v == "" {
		return "(empty)"
	}
	return shorten(v, maxShownValue)
}

// maxShownPart bounds a part of a value (a name, a member) that a message
// repeats besides the value itself.
const maxShownPart = 40

// showPart is showValue for a part of the value.
func showPart(v string) string { return shorten(v, maxShownPart) }

func shorten(v string, limit int) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if b.Len() >= limit {
			b.WriteString("...")
			break
		}
		c := v[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			continue
		}
		b.WriteString(`\x`)
		s := strconv.FormatUint(uint64(c), 16)
		if len(s) < 2 {
			b.WriteByte('0')
		}
		b.WriteString(s)
	}
	return b.String()
}

func newError(field, value, reason string) *Error {
	return &Error{Field: field, Value: value, Reason: reason}
}

// errTooManyMembers is the error for a list longer than MaxListMembers.
func errTooManyMembers(field, value string) *Error {
	return newError(field, value, "has more than "+strconv.Itoa(MaxListMembers)+
		" list elements (empty ones included), more than this parser accepts (RFC 9110, 5.6.1 lets a recipient bound them)")
}
