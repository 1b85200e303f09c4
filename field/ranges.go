package field

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// DefaultMaxRanges is statuskit's bound on the ranges in one Range field:
// many small or overlapping ranges are a known denial-of-service pattern,
// and RFC 9110, 14.2 lets a server ignore such a field.
const DefaultMaxRanges = 32

// UnknownLength is ContentRange.Length for a complete length of "*".
const UnknownLength = -1

var (
	// ErrRangeIgnored classifies a Range field the server acts as if it
	// had not received (RFC 9110, 14.2): invalid syntax, a unit other
	// than bytes, more ranges than allowed, more than two overlapping
	// ranges, or a representation of zero length. The answer is the
	// whole representation, 200.
	ErrRangeIgnored = errors.New("the Range field is ignored")
	// ErrRangeNotSatisfiable classifies a valid Range field none of whose
	// ranges overlaps the representation: the answer is 416 with
	// Content-Range: bytes */length (RFC 9110, 15.5.17).
	ErrRangeNotSatisfiable = errors.New("no range in the Range field is satisfiable")
)

// ByteRange is a range resolved against a representation: the offsets of
// its first and last byte, inclusive, with 0 <= First <= Last < length.
type ByteRange struct {
	First, Last int64
}

// Length is the number of bytes in the range.
func (r ByteRange) Length() int64 { return r.Last - r.First + 1 }

// ContentRange is the Content-Range of a part that carries r out of a
// representation of length bytes.
func (r ByteRange) ContentRange(length int64) ContentRange {
	return ContentRange{First: r.First, Last: r.Last, Length: length}
}

const rangeExample = "e.g. Range: bytes=0-499, bytes=500-, bytes=-500 or bytes=0-0,-1 (RFC 9110, 14.1.2)"

// ParseRange reads a Range field (RFC 9110, 14.2) and resolves it against
// a representation of length bytes, returning the satisfiable ranges in
// the order requested (unsatisfiable ones dropped, nothing coalesced).
// Only the bytes unit is understood, case-insensitively.
//
// The error says what the server does instead of a 206:
//
//   - errors.Is(err, ErrRangeIgnored): act as if there were no Range field
//     and send the whole representation. That is the field being invalid
//     (14.1.1: a ranges-specifier with any invalid range-spec is
//     invalid), a unit other than bytes (14.2: an origin server MUST
//     ignore it), more than maxRanges ranges, more than two ranges that
//     overlap another (14.2 lets a server ignore both), or length 0 (14.2
//     lets a server ignore Range for a representation without content), or
//     a negative length (the length is not known).
//   - errors.Is(err, ErrRangeNotSatisfiable): no range overlaps the
//     representation; send 416 with Content-Range: bytes */length.
//
// Positions longer than int64 do not overflow: a last-pos or
// suffix-length beyond the representation means "to the end" and a
// first-pos beyond it is unsatisfiable, as 14.1.1 requires of large
// numerals. maxRanges < 1 ignores every Range field. Empty list elements
// count toward MaxListMembers, not maxRanges.
//
// Range applies to GET only (14.2) and is evaluated after the
// preconditions, If-Range included (see package precondition); that is the
// caller's business.
func ParseRange(v string, length int64, maxRanges int) ([]ByteRange, error) {
	s := trimOWS(v)
	ignore := func(reason string) ([]ByteRange, error) {
		return nil, &Error{Field: "Range", Value: v, Reason: reason, Err: ErrRangeIgnored}
	}
	unit, set, ok := strings.Cut(s, "=")
	if !ok || !IsToken(unit) {
		return ignore("is not a ranges-specifier (a range unit, \"=\" and ranges), so it is ignored; " + rangeExample)
	}
	if !strings.EqualFold(unit, "bytes") {
		return ignore("uses the range unit " + showPart(unit) + ", which this server does not understand; an origin server MUST ignore it (RFC 9110, 14.2); the unit here is bytes, " + rangeExample)
	}
	var (
		out      []ByteRange
		specs    int
		elements int
	)
	for spec := range strings.SplitSeq(set, ",") {
		if elements++; elements > MaxListMembers {
			return ignore("has more than " + strconv.Itoa(MaxListMembers) + " list elements, so it is ignored (RFC 9110, 5.6.1)")
		}
		spec = trimOWS(spec)
		if spec == "" {
			continue // empty list elements are allowed (RFC 9110, 5.6.1)
		}
		if specs++; specs > maxRanges {
			return ignore("asks for more than " + strconv.Itoa(maxRanges) + " ranges, more than this server serves, so it is ignored (RFC 9110, 14.2); ask for one range that covers them")
		}
		firstText, lastText, ok := strings.Cut(spec, "-")
		if !ok {
			return ignore("has the range " + showPart(spec) + ", which is not first-last, first- or -suffix, so the field is ignored; " + rangeExample)
		}
		if firstText == "" {
			// suffix-range: the last n bytes, or all of a shorter
			// representation.
			n, ok := parseDigitsSaturating(lastText, math.MaxInt64)
			if !ok {
				return ignore("has the range " + showPart(spec) + ", whose suffix-length is not digits, so the field is ignored; " + rangeExample)
			}
			if n > 0 && length > 0 {
				out = append(out, ByteRange{max(0, length-n), length - 1})
			}
			continue
		}
		first, ok := parseDigitsSaturating(firstText, math.MaxInt64)
		if !ok {
			return ignore("has the range " + showPart(spec) + ", whose first-pos is not digits, so the field is ignored; " + rangeExample)
		}
		last := int64(math.MaxInt64)
		if lastText != "" {
			if last, ok = parseDigitsSaturating(lastText, math.MaxInt64); !ok {
				return ignore("has the range " + showPart(spec) + ", whose last-pos is not digits, so the field is ignored; " + rangeExample)
			}
			if last < first {
				return ignore("has the range " + showPart(spec) + ", whose last-pos is before its first-pos, so the field is invalid and ignored (RFC 9110, 14.1.1); " + rangeExample)
			}
		}
		if first < length {
			out = append(out, ByteRange{first, min(last, length-1)})
		}
	}
	switch {
	case specs == 0:
		return ignore("has no ranges, so it is ignored; " + rangeExample)
	case length < 0:
		return ignore("cannot be applied: the representation's length is not known")
	case length == 0:
		return ignore("is ignored: the representation has no content (RFC 9110, 14.2)")
	case len(out) == 0:
		return nil, &Error{Field: "Range", Value: v, Err: ErrRangeNotSatisfiable,
			Reason: "has no range that overlaps the " + strconv.FormatInt(length, 10) + "-byte representation; positions start at 0 and end at " +
				strconv.FormatInt(length-1, 10) + " (RFC 9110, 14.1.1 and 15.5.17)"}
	case overlapping(out) > 2:
		return ignore("has more than two overlapping ranges, so it is ignored (RFC 9110, 14.2); ask for one range that covers them")
	}
	return out, nil
}

// overlapping counts the ranges that share a byte with another range.
func overlapping(rs []ByteRange) int {
	if len(rs) < 3 {
		return 0 // cannot be more than two
	}
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b ByteRange) int {
		switch {
		case a.First < b.First:
			return -1
		case a.First > b.First:
			return 1
		}
		return 0
	})
	n := 0
	reach := int64(-1) // the largest Last before i
	for i, r := range s {
		// Sorted by First, r overlaps a later range iff it overlaps the
		// next one, and an earlier one iff an earlier Last reaches it.
		if i > 0 && r.First <= reach || i+1 < len(s) && s[i+1].First <= r.Last {
			n++
		}
		reach = max(reach, r.Last)
	}
	return n
}

// ContentRange is a Content-Range field value for the bytes unit (RFC
// 9110, 14.4): "bytes First-Last/Length", "bytes First-Last/*" (Length is
// UnknownLength) or, in a 416, the unsatisfied-range "bytes */Length"
// (Unsatisfied; First and Last are unused).
type ContentRange struct {
	First, Last int64
	Length      int64
	Unsatisfied bool
}

const contentRangeExample = "e.g. Content-Range: bytes 0-499/1234, bytes 0-499/* or, in a 416, bytes */1234 (RFC 9110, 14.4)"

// ParseContentRange reads a Content-Range field value in the bytes unit
// (case-insensitive) and validates it: First <= Last, and Last < Length
// when Length is known (RFC 9110, 14.4). Numbers larger than an int64 are
// an error. Another range unit is an error too: statuskit only speaks
// bytes.
func ParseContentRange(v string) (ContentRange, error) {
	s := trimOWS(v)
	bad := func(why string) (ContentRange, error) {
		return ContentRange{}, newError("Content-Range", v, "is not valid: "+why+"; "+contentRangeExample)
	}
	unit, resp, ok := strings.Cut(s, " ")
	if !ok || !IsToken(unit) {
		return bad("it is not a range unit, one space, and a range")
	}
	if !strings.EqualFold(unit, "bytes") {
		return bad("the range unit " + showPart(unit) + " is not bytes")
	}
	rng, complete, ok := strings.Cut(resp, "/")
	if !ok {
		return bad("the range and the complete length are separated by \"/\"")
	}
	var c ContentRange
	if complete == "*" {
		c.Length = UnknownLength
	} else {
		n, err := strconv.ParseInt(complete, 10, 64)
		if err != nil || !isDigits(complete) {
			return bad("the complete length is not \"*\" or digits (at most " + strconv.FormatInt(math.MaxInt64, 10) + ")")
		}
		c.Length = n
	}
	if rng == "*" {
		if c.Length == UnknownLength {
			return bad("an unsatisfied-range needs the complete length, not \"*/*\"")
		}
		c.Unsatisfied = true
		return c, nil
	}
	firstText, lastText, ok := strings.Cut(rng, "-")
	first, err1 := strconv.ParseInt(firstText, 10, 64)
	last, err2 := strconv.ParseInt(lastText, 10, 64)
	if !ok || err1 != nil || err2 != nil || !isDigits(firstText) || !isDigits(lastText) {
		return bad("the range is not first-last in digits (at most " + strconv.FormatInt(math.MaxInt64, 10) + ") or \"*\"")
	}
	c.First, c.Last = first, last
	if err := c.Validate(); err != nil {
		return ContentRange{}, newError("Content-Range", v, err.(*Error).Reason)
	}
	return c, nil
}

// Validate checks the rules of RFC 9110, 14.4: First <= Last < Length (or
// Length is UnknownLength), and an unsatisfied-range has a known Length;
// no number is negative.
func (c ContentRange) Validate() error {
	bad := func(why string) error {
		return newError("Content-Range", c.String(), "is not valid: "+why+" (RFC 9110, 14.4); "+contentRangeExample)
	}
	switch {
	case c.Length < UnknownLength:
		return bad("the complete length is negative")
	case c.Unsatisfied && c.Length == UnknownLength:
		return bad("an unsatisfied-range needs the complete length")
	case c.Unsatisfied:
		return nil
	case c.First < 0 || c.Last < 0:
		return bad("a position is negative")
	case c.Last < c.First:
		return bad("last-pos is less than first-pos")
	case c.Length != UnknownLength && c.Last >= c.Length:
		return bad("last-pos is not less than the complete length")
	}
	return nil
}

// String is the field value: "bytes 0-499/1234", "bytes 0-499/*" or
// "bytes */1234". It does not validate.
func (c ContentRange) String() string {
	length := "*"
	if c.Length != UnknownLength {
		length = strconv.FormatInt(c.Length, 10)
	}
	if c.Unsatisfied {
		return "bytes */" + length
	}
	return "bytes " + strconv.FormatInt(c.First, 10) + "-" + strconv.FormatInt(c.Last, 10) + "/" + length
}
