// Package field parses and formats HTTP header fields, the one
// implementation that statuskit's server, gateway, checker and grader
// share so that they agree on every value.
//
// Everything here is pure: no I/O and no state. The one clock reading is
// ParseHTTPDate's (and so ParseRetryAfter's): an obsolete rfc850-date has
// a two-digit year, placed relative to the current year;
// ParseHTTPDateFormat takes that time as a parameter instead. Parsers return a *Error whose message says what
// was wrong, what is allowed, and gives an example, citing the
// specification section; a person can read it in a 400 response or a
// checker report as it is.
//
// # Field values and field lines
//
// A field may arrive as several field lines (RFC 9110, 5.2); parsers of
// list-based fields take them all, as http.Header.Values returns them, and
// treat them as one comma-separated list (RFC 9110, 5.3). Leading and
// trailing whitespace of a value is ignored (RFC 9110, 5.5).
//
// # Limits
//
// Every parser bounds what client input can make it allocate:
//
//   - MaxListMembers elements in a #list (RFC 9110, 5.6.1), counting the
//     empty elements a recipient has to skip, across all field lines;
//   - the Structured Field limits MaxSFMembers, MaxSFInnerItems,
//     MaxSFParams, MaxSFKeyLength, MaxSFStringLength, MaxSFTokenLength and
//     MaxSFByteSequenceLength, which are the minimums RFC 9651, 3 requires
//     of every parser;
//   - MaxRetryAfterDigits digits of delay-seconds;
//   - a caller-chosen number of ranges in ParseRange (DefaultMaxRanges is
//     statuskit's choice).
//
// Work is linear in the length of the input, which the HTTP server or
// client reading the message has already bounded (net/http's
// MaxHeaderBytes and MaxResponseHeaderBytes).
package field
