package field

import (
	"math"
	"strconv"
	"time"
)

// MaxRetryAfterDigits bounds delay-seconds in Retry-After: at most 10
// digits, so 0 to 9999999999 seconds (about 316 years). The grammar has
// no limit (1*DIGIT); anything longer is a broken or hostile sender.
const MaxRetryAfterDigits = 10

// maxDurationSeconds is the largest whole number of seconds a
// time.Duration holds.
const maxDurationSeconds = math.MaxInt64 / int64(time.Second)

// RetryAfter is a Retry-After field value (RFC 9110, 10.2.3): either a
// delay in whole seconds or an HTTP-date. The zero value is a delay of 0
// seconds ("retry at once").
type RetryAfter struct {
	seconds int64
	date    time.Time
	isDate  bool
}

// RetryAfterIn is the delay-seconds form for d, rounded up to whole
// seconds so that a client that waits that long is never early; a
// negative d is 0.
func RetryAfterIn(d time.Duration) RetryAfter {
	if d <= 0 {
		return RetryAfter{}
	}
	s := int64(d / time.Second)
	if d%time.Second != 0 {
		s++
	}
	return RetryAfter{seconds: s}
}

// RetryAfterAt is the HTTP-date form for t, rounded up to the next whole
// second (an HTTP-date has no fractions, and rounding down would make a
// client early) and clamped to the years 0 to 9999 as FormatHTTPDate does.
func RetryAfterAt(t time.Time) RetryAfter {
	t = t.UTC()
	if t.Nanosecond() != 0 {
		t = t.Truncate(time.Second).Add(time.Second)
	}
	switch {
	case t.Before(minHTTPDate):
		t = minHTTPDate
	case t.After(maxHTTPDate):
		t = maxHTTPDate
	}
	return RetryAfter{date: t, isDate: true}
}

// ParseRetryAfter reads a Retry-After field value: delay-seconds (1*DIGIT,
// at most MaxRetryAfterDigits of them) or an HTTP-date in any of the
// three formats (RFC 9110, 10.2.3 and 5.6.7). A sign, a fraction, a unit
// or a list is an error.
func ParseRetryAfter(v string) (RetryAfter, error) {
	s := trimOWS(v)
	if isDigits(s) {
		if len(s) > MaxRetryAfterDigits {
			return RetryAfter{}, newError("Retry-After", v, "has more than "+strconv.Itoa(MaxRetryAfterDigits)+
				" digits; delay-seconds here are 0 to 9999999999, e.g. Retry-After: 120 (RFC 9110, 10.2.3)")
		}
		n, _ := strconv.ParseInt(s, 10, 64)
		return RetryAfter{seconds: n}, nil
	}
	t, _, why := parseHTTPDate(s, time.Now())
	if why != "" {
		if s == "" || !isLetter(s[0]) {
			why = "it is neither delay-seconds nor an HTTP-date"
		}
		return RetryAfter{}, newError("Retry-After", v, "is not valid: "+why+
			"; send whole seconds without a sign or unit, e.g. Retry-After: 120, or an IMF-fixdate, e.g. Retry-After: Wed, 21 Oct 2026 07:28:00 GMT (RFC 9110, 10.2.3)")
	}
	return RetryAfter{date: t, isDate: true}, nil
}

// Seconds returns the delay in seconds, and false for the HTTP-date form.
func (r RetryAfter) Seconds() (int64, bool) { return r.seconds, !r.isDate }

// Date returns the date in UTC, and false for the delay-seconds form.
func (r RetryAfter) Date() (time.Time, bool) { return r.date, r.isDate }

// Delay is how long a client that received r at now waits: the
// delay-seconds, or the time until the date (0 for a date in the past).
// It saturates at the largest time.Duration (about 292 years).
func (r RetryAfter) Delay(now time.Time) time.Duration {
	if r.isDate {
		return max(0, r.date.Sub(now))
	}
	if r.seconds > maxDurationSeconds {
		return math.MaxInt64
	}
	return time.Duration(r.seconds) * time.Second
}

// String is the value a sender generates: the digits of the delay
// without leading zeros ("120"), or an IMF-fixdate.
func (r RetryAfter) String() string {
	if r.isDate {
		return FormatHTTPDate(r.date)
	}
	return strconv.FormatInt(r.seconds, 10)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
