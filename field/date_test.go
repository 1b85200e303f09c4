package field

import (
	"strings"
	"testing"
	"time"
)

var sunday = time.Date(1994, time.November, 6, 8, 49, 37, 0, time.UTC)

// now2026 is the reference clock for two-digit years.
var now2026 = time.Date(2026, time.November, 30, 12, 0, 0, 0, time.UTC)

func TestHTTPDateAcceptsAllThreeFormats(t *testing.T) {
	// RFC 9110, 5.6.7: a recipient MUST accept all three formats; the
	// examples are the RFC's own.
	for _, tc := range []struct {
		in     string
		want   time.Time
		format DateFormat
	}{
		{"Sun, 06 Nov 1994 08:49:37 GMT", sunday, IMFFixdate},
		{"Sunday, 06-Nov-94 08:49:37 GMT", sunday, RFC850Date},
		{"Sun Nov  6 08:49:37 1994", sunday, ASCTimeDate},
		{"Sun Nov 06 08:49:37 1994", sunday, ASCTimeDate}, // date3 allows 2DIGIT
		{"  Sun, 06 Nov 1994 08:49:37 GMT\t", sunday, IMFFixdate},
		{"Sat, 01 Jan 0000 00:00:00 GMT", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), IMFFixdate},
		{"Fri, 31 Dec 9999 23:59:59 GMT", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), IMFFixdate},
		{"Tue, 29 Feb 2028 10:00:00 GMT", time.Date(2028, 2, 29, 10, 0, 0, 0, time.UTC), IMFFixdate},
		// A leap second becomes the next second.
		{"Sat, 31 Dec 2016 23:59:60 GMT", time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), IMFFixdate},
	} {
		got, f, err := ParseHTTPDateFormat(tc.in, now2026)
		if err != nil || !got.Equal(tc.want) || f != tc.format || got.Location() != time.UTC {
			t.Errorf("ParseHTTPDateFormat(%q) = %v, %v, %v; want %v, %v (RFC 9110, 5.6.7)", tc.in, got, f, err, tc.want, tc.format)
		}
	}
}

func TestHTTPDateTwoDigitYearIsWithinFiftyYears(t *testing.T) {
	// RFC 9110, 5.6.7: a two-digit year that appears to be more than 50
	// years in the future is the most recent past year with those digits.
	for _, tc := range []struct {
		yy   string
		now  int
		want int
	}{
		{"94", 2026, 1994},
		{"26", 2026, 2026},
		{"76", 2026, 2076}, // exactly 50 years ahead: not more than 50
		{"77", 2026, 1977},
		{"05", 2090, 2105},
		{"40", 2090, 2140}, // exactly 50 years ahead again
		{"41", 2090, 2041},
	} {
		in := "Monday, 01-Jan-" + tc.yy + " 00:00:00 GMT"
		now := time.Date(tc.now, 6, 1, 0, 0, 0, 0, time.UTC)
		got := fullYear(int(tc.yy[0]-'0')*10+int(tc.yy[1]-'0'), now.Year())
		if got != tc.want {
			t.Errorf("%s at %d: year %d, want %d (RFC 9110, 5.6.7)", in, tc.now, got, tc.want)
		}
	}
	if _, _, err := ParseHTTPDateFormat("Tuesday, 01-Jan-02 00:00:00 GMT", now2026); err != nil {
		t.Errorf("1 Jan 2002 was a Tuesday: %v", err)
	}
}

func TestHTTPDateRejectsWhatTheGrammarDoesNot(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "shape"},
		{"yesterday", "shape"},
		{"1994-11-06T08:49:37Z", "shape"},
		{"sun, 06 Nov 1994 08:49:37 GMT", "day-name"},        // case-sensitive (5.6.7)
		{"Sun, 06 nov 1994 08:49:37 GMT", "month"},           // case-sensitive
		{"Sun, 06 Nov 1994 08:49:37 gmt", "GMT"},             // case-sensitive
		{"Sun, 06 Nov 1994 08:49:37 UTC", "GMT"},             // only GMT
		{"Sun, 6 Nov 1994 08:49:37 GMT", "29 characters"},    // day is 2DIGIT
		{"Sun,  06 Nov 1994 08:49:37 GMT", "29 characters"},  // extra space
		{"Sun, 06 Nov 94 08:49:37 GMT", "29 characters"},     // 4-digit year
		{"Sun, 06 Nov 1994 08:49:37 +0000", "29 characters"}, // no offsets
		{"Mon, 06 Nov 1994 08:49:37 GMT", "Sunday"},          // wrong weekday (RFC 5322, 3.3)
		{"Sun, 31 Nov 1994 08:49:37 GMT", "no day 31"},
		{"Thu, 29 Feb 2027 08:49:37 GMT", "no day 29"},
		{"Sun, 00 Nov 1994 08:49:37 GMT", "day of the month"},
		{"Sun, 06 Nov 1994 24:00:00 GMT", "time of day"},
		{"Sun, 06 Nov 1994 08:60:00 GMT", "time of day"},
		{"Sun, 06 Nov 1994 08:49:61 GMT", "time of day"},
		{"Sun, 06 Nov 1994 08:49:60 GMT", "leap second"},
		{"Sun, 06 Nov 1994 08-49-37 GMT", "HH:MM:SS"},
		{"Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT", "29 characters"}, // a list
		{"Sun, 06 Nov 1994 08:49:37 GMT ", ""},                                            // trailing OWS is fine; checked below
		{"Sunday, 06-Nov-1994 08:49:37 GMT", "rfc850-date has the shape"},
		{"Sun, 06-Nov-94 08:49:37 GMT", "29 characters"},
		{"Sunday, 06-Nov-94 08:49:37 UTC", "GMT"},
		{"Sun Nov 6 08:49:37 1994", "asctime-date"},
		{"Sun Nov  6 08:49:37 94", "asctime-date"},
		{"Sun Nov  6 08:49:37 1994 GMT", "asctime-date"},
		{"Sun Nov x6 08:49:37 1994", "day"},
	} {
		_, _, err := ParseHTTPDateFormat(tc.in, now2026)
		if tc.why == "" {
			if err != nil {
				t.Errorf("ParseHTTPDateFormat(%q): %v", tc.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "RFC 9110, 5.6.7") {
			t.Errorf("ParseHTTPDateFormat(%q) error = %v; want one mentioning %q and citing RFC 9110, 5.6.7", tc.in, err, tc.why)
		}
	}
}

func TestFormatHTTPDateIsIMFFixdate(t *testing.T) {
	// RFC 9110, 5.6.7: a sender MUST generate IMF-fixdate.
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{sunday, "Sun, 06 Nov 1994 08:49:37 GMT"},
		{sunday.Add(999 * time.Millisecond), "Sun, 06 Nov 1994 08:49:37 GMT"},
		{sunday.In(time.FixedZone("EST", -5*3600)), "Sun, 06 Nov 1994 08:49:37 GMT"},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "Fri, 31 Dec 9999 23:59:59 GMT"},
		{time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), "Sat, 01 Jan 0000 00:00:00 GMT"},
	} {
		got := FormatHTTPDate(tc.in)
		if got != tc.want {
			t.Errorf("FormatHTTPDate(%v) = %q, want %q", tc.in, got, tc.want)
		}
		back, f, err := ParseHTTPDateFormat(got, now2026)
		if err != nil || f != IMFFixdate || !back.Equal(tc.in.UTC().Truncate(time.Second)) && tc.in.Year() >= 0 && tc.in.Year() <= 9999 {
			t.Errorf("ParseHTTPDateFormat(FormatHTTPDate(%v)) = %v, %v, %v", tc.in, back, f, err)
		}
	}
}
