package field

import (
	"strconv"
	"strings"
	"time"
)

// DateFormat is which of the three HTTP-date formats a value used (RFC
// 9110, 5.6.7). A recipient must accept all three; a sender must generate
// IMF-fixdate, so a checker reports the other two.
type DateFormat int

const (
	// IMFFixdate is the preferred format: Sun, 06 Nov 1994 08:49:37 GMT.
	IMFFixdate DateFormat = iota + 1
	// RFC850Date is the obsolete RFC 850 format, with a two-digit year:
	// Sunday, 06-Nov-94 08:49:37 GMT.
	RFC850Date
	// ASCTimeDate is the obsolete format of ANSI C's asctime(), in UTC:
	// Sun Nov  6 08:49:37 1994.
	ASCTimeDate
)

func (f DateFormat) String() string {
	switch f {
	case IMFFixdate:
		return "IMF-fixdate"
	case RFC850Date:
		return "rfc850-date"
	case ASCTimeDate:
		return "asctime-date"
	}
	return "unknown date format"
}

// imfFixdateLayout is IMF-fixdate as a time layout; http.TimeFormat.
const imfFixdateLayout = "Mon, 02 Jan 2006 15:04:05 GMT"

// dateExample ends every HTTP-date error message.
const dateExample = "send an IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110, 5.6.7)"

var (
	dayNames     = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	longDayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// ParseHTTPDate reads an HTTP-date in any of the three formats of RFC
// 9110, 5.6.7 and returns it in UTC. A two-digit rfc850-date year is read
// relative to the current time, as ParseHTTPDateFormat explains.
func ParseHTTPDate(v string) (time.Time, error) {
	t, _, err := ParseHTTPDateFormat(v, time.Now())
	return t, err
}

// ParseHTTPDateFormat reads an HTTP-date (RFC 9110, 5.6.7) and says which
// format it used. now only matters for rfc850-date: a two-digit year is
// the year within 50 years of now's year, so a date that would be more
// than 50 years in the future is read as the most recent past year with
// those two digits, as 5.6.7 requires.
//
// The grammar is followed exactly: names are case-sensitive (%s"Mon",
// %s"Jan", %s"GMT"), spacing is as the grammar has it, the time is
// 00:00:00 to 23:59:60 (a leap second becomes the next second), and the
// day-name must be the weekday of the date (RFC 5322, 3.3, which 5.6.7
// refers to). Leading and trailing whitespace is ignored. The error says
// which part is wrong.
func ParseHTTPDateFormat(v string, now time.Time) (time.Time, DateFormat, error) {
	t, f, why := parseHTTPDate(trimOWS(v), now)
	if why != "" {
		return time.Time{}, 0, newError("", v, "is not an HTTP-date: "+why+"; "+dateExample)
	}
	return t, f, nil
}

// parseHTTPDate is ParseHTTPDateFormat with the reason for a failure as
// text, for callers that word their own message.
func parseHTTPDate(s string, now time.Time) (time.Time, DateFormat, string) {
	var (
		d   dateParts
		f   DateFormat
		why string
	)
	switch {
	case len(s) > 3 && s[3] == ',':
		f = IMFFixdate
		d, why = parseIMFFixdate(s)
	case strings.IndexByte(s, ',') > 3:
		f = RFC850Date
		d, why = parseRFC850(s, now)
	case len(s) > 3 && s[3] == ' ':
		f = ASCTimeDate
		d, why = parseASCTime(s)
	default:
		why = "does not have the shape of any of the three formats"
	}
	if why == "" {
		why = d.check()
	}
	if why != "" {
		return time.Time{}, 0, why
	}
	return d.time(), f, ""
}

// dateParts are the fields of a parsed date before validation.
type dateParts struct {
	weekday                          int // index into dayNames
	year, month, day, hour, min, sec int
}

func (d dateParts) check() string {
	switch {
	case d.hour > 23 || d.min > 59 || d.sec > 60:
		return "the time of day is not between 00:00:00 and 23:59:60"
	case d.sec == 60 && (d.hour != 23 || d.min != 59):
		return "a leap second can only be 23:59:60"
	case d.day < 1:
		return "the day of the month is 00"
	}
	t := time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)
	if t.Day() != d.day {
		return monthNames[d.month-1] + " " + strconv.Itoa(d.year) + " has no day " + strconv.Itoa(d.day)
	}
	if int(t.Weekday()) != d.weekday {
		return strconv.Itoa(d.day) + " " + monthNames[d.month-1] + " " + strconv.Itoa(d.year) + " is a " +
			longDayNames[t.Weekday()] + ", not a " + longDayNames[d.weekday]
	}
	return ""
}

func (d dateParts) time() time.Time {
	// time.Date turns 23:59:60 into the next day's 00:00:00.
	return time.Date(d.year, time.Month(d.month), d.day, d.hour, d.min, d.sec, 0, time.UTC)
}

// parseIMFFixdate reads "Sun, 06 Nov 1994 08:49:37 GMT".
func parseIMFFixdate(s string) (d dateParts, why string) {
	if len(s) != len(imfFixdateLayout) {
		return d, "an IMF-fixdate is exactly 29 characters, with single spaces"
	}
	var ok bool
	if d.weekday, ok = lookup(dayNames, s[0:3]); !ok {
		return d, "the day-name is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun (case-sensitive)"
	}
	if s[3:5] != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[25] != ' ' {
		return d, "the separators are not where IMF-fixdate has them"
	}
	if d.day, ok = digits(s[5:7]); !ok {
		return d, "the day is not two digits"
	}
	if why = d.setMonth(s[8:11]); why != "" {
		return d, why
	}
	if d.year, ok = digits(s[12:16]); !ok {
		return d, "the year is not four digits"
	}
	if why = d.setTime(s[17:25]); why != "" {
		return d, why
	}
	if s[26:29] != "GMT" {
		return d, "the time zone is not GMT (case-sensitive)"
	}
	return d, ""
}

// parseRFC850 reads "Sunday, 06-Nov-94 08:49:37 GMT".
func parseRFC850(s string, now time.Time) (d dateParts, why string) {
	name, rest, _ := strings.Cut(s, ", ")
	var ok bool
	if d.weekday, ok = lookup(longDayNames, name); !ok {
		return d, "an rfc850-date starts with a full day name (Monday to Sunday, case-sensitive) and \", \""
	}
	// "06-Nov-94 08:49:37 GMT"
	if len(rest) != 22 || rest[2] != '-' || rest[6] != '-' || rest[9] != ' ' || rest[18] != ' ' {
		return d, "an rfc850-date has the shape Sunday, 06-Nov-94 08:49:37 GMT"
	}
	if d.day, ok = digits(rest[0:2]); !ok {
		return d, "the day is not two digits"
	}
	if why = d.setMonth(rest[3:6]); why != "" {
		return d, why
	}
	yy, ok := digits(rest[7:9])
	if !ok {
		return d, "the two-digit year is not two digits"
	}
	d.year = fullYear(yy, now.UTC().Year())
	if why = d.setTime(rest[10:18]); why != "" {
		return d, why
	}
	if rest[19:] != "GMT" {
		return d, "the time zone is not GMT (case-sensitive)"
	}
	return d, ""
}

// fullYear reads a two-digit year as the year within 50 years of now
// (RFC 9110, 5.6.7).
func fullYear(yy, now int) int {
	y := now - now%100 + yy
	switch {
	case y > now+50:
		y -= 100
	case y <= now-50:
		y += 100
	}
	return y
}

// parseASCTime reads "Sun Nov  6 08:49:37 1994".
func parseASCTime(s string) (d dateParts, why string) {
	if len(s) != 24 || s[7] != ' ' || s[10] != ' ' || s[19] != ' ' {
		return d, "an asctime-date has the shape Sun Nov  6 08:49:37 1994"
	}
	var ok bool
	if d.weekday, ok = lookup(dayNames, s[0:3]); !ok {
		return d, "the day-name is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun (case-sensitive)"
	}
	if why = d.setMonth(s[4:7]); why != "" {
		return d, why
	}
	day := s[8:10]
	if day[0] == ' ' {
		day = day[1:] // ( SP 1DIGIT )
	}
	if d.day, ok = digits(day); !ok {
		return d, "the day is not two digits or a space and a digit"
	}
	if why = d.setTime(s[11:19]); why != "" {
		return d, why
	}
	if d.year, ok = digits(s[20:24]); !ok {
		return d, "the year is not four digits"
	}
	return d, ""
}

func (d *dateParts) setMonth(s string) string {
	m, ok := lookup(monthNames, s)
	if !ok {
		return "the month is not one of Jan, Feb, ..., Dec (case-sensitive)"
	}
	d.month = m + 1
	return ""
}

// setTime reads "08:49:37".
func (d *dateParts) setTime(s string) string {
	var ok1, ok2, ok3 bool
	d.hour, ok1 = digits(s[0:2])
	d.min, ok2 = digits(s[3:5])
	d.sec, ok3 = digits(s[6:8])
	if !ok1 || !ok2 || !ok3 || s[2] != ':' || s[5] != ':' {
		return "the time of day is not HH:MM:SS"
	}
	return ""
}

func lookup(names []string, s string) (int, bool) {
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	return 0, false
}

// digits reads a short all-digit string.
func digits(s string) (int, bool) {
	if !isDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// Bounds of what IMF-fixdate can express: a four-digit year.
var (
	minHTTPDate = time.Date(0, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxHTTPDate = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC)
)

// FormatHTTPDate writes t as an IMF-fixdate (RFC 9110, 5.6.7), the only
// format a sender may generate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
// Sub-second precision is dropped (truncated: a Last-Modified must not be
// later than the modification). A t before year 0 or after year 9999,
// which the four-digit year cannot express, is clamped to that range.
func FormatHTTPDate(t time.Time) string {
	t = t.UTC()
	switch {
	case t.Before(minHTTPDate):
		t = minHTTPDate
	case t.After(maxHTTPDate):
		t = maxHTTPDate
	}
	return t.Format(imfFixdateLayout)
}
