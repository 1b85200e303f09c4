package field

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestRetryAfterParsesDelaySecondsAndDates(t *testing.T) {
	now := time.Date(2026, 10, 21, 7, 27, 0, 0, time.UTC)
	for _, tc := range []struct {
		in        string
		delay     time.Duration
		canonical string
	}{
		{"120", 120 * time.Second, "120"},           // RFC 9110, 10.2.3 example
		{"0", 0, "0"},                               // retry at once
		{"0005", 5 * time.Second, "5"},              // leading zeros are digits too
		{" 7 ", 7 * time.Second, "7"},               // OWS around a field value
		{"9999999999", math.MaxInt64, "9999999999"}, // saturates past time.Duration
		{"Wed, 21 Oct 2026 07:28:00 GMT", time.Minute, "Wed, 21 Oct 2026 07:28:00 GMT"},
		{"Wednesday, 21-Oct-26 07:28:00 GMT", time.Minute, "Wed, 21 Oct 2026 07:28:00 GMT"},
		{"Wed Oct 21 07:28:00 2026", time.Minute, "Wed, 21 Oct 2026 07:28:00 GMT"},
		{"Fri, 31 Dec 1999 23:59:59 GMT", 0, "Fri, 31 Dec 1999 23:59:59 GMT"}, // in the past: at once
	} {
		r, err := ParseRetryAfter(tc.in)
		if err != nil {
			t.Errorf("ParseRetryAfter(%q): %v", tc.in, err)
			continue
		}
		if got := r.Delay(now); got != tc.delay {
			t.Errorf("ParseRetryAfter(%q).Delay = %v, want %v", tc.in, got, tc.delay)
		}
		if got := r.String(); got != tc.canonical {
			t.Errorf("ParseRetryAfter(%q).String() = %q, want %q", tc.in, got, tc.canonical)
		}
	}
}

func TestRetryAfterRejectsWhatIsNotDelaySecondsOrHTTPDate(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "neither"},
		{"-1", "neither"},
		{"+5", "neither"},
		{"1.5", "neither"},
		{"5s", "neither"},
		{"5, 6", "neither"},
		{"1e3", "neither"},
		{"99999999999", "more than 10 digits"},
		{"Sun, 06 Nov 1994 08:49:37 CET", "time zone"},
		{"Mon, 06 Nov 1994 08:49:37 GMT", "Sunday"},
		{"tomorrow", "shape"},
	} {
		_, err := ParseRetryAfter(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "Retry-After") {
			t.Errorf("ParseRetryAfter(%q) error = %v; want one naming Retry-After and mentioning %q (RFC 9110, 10.2.3)", tc.in, err, tc.why)
		}
	}
}

func TestRetryAfterInRoundsUpSoClientsAreNeverEarly(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{
		{0, "0"},
		{-time.Second, "0"},
		{time.Nanosecond, "1"},
		{time.Second, "1"},
		{time.Second + time.Nanosecond, "2"},
		{1500 * time.Millisecond, "2"},
		{time.Hour, "3600"},
		{math.MaxInt64, "9223372037"},
	} {
		r := RetryAfterIn(tc.in)
		if got := r.String(); got != tc.want {
			t.Errorf("RetryAfterIn(%v) = %q, want %q", tc.in, got, tc.want)
		}
		if r.Delay(time.Time{}) < tc.in {
			t.Errorf("RetryAfterIn(%v).Delay = %v, earlier than asked", tc.in, r.Delay(time.Time{}))
		}
		if s, ok := r.Seconds(); !ok || s < 0 {
			t.Errorf("RetryAfterIn(%v).Seconds() = %d, %v", tc.in, s, ok)
		}
	}
}

func TestRetryAfterAtRoundsUpToTheNextSecond(t *testing.T) {
	at := time.Date(2026, 10, 21, 7, 28, 0, 1, time.FixedZone("CEST", 7200))
	r := RetryAfterAt(at)
	d, ok := r.Date()
	if !ok || d.Before(at) || d.Nanosecond() != 0 || r.String() != "Wed, 21 Oct 2026 05:28:01 GMT" {
		t.Errorf("RetryAfterAt(%v) = %v (%q), want the next whole second in GMT", at, d, r)
	}
	if _, ok := r.Seconds(); ok {
		t.Error("RetryAfterAt(...).Seconds() reports the delay form")
	}
	if got := r.Delay(at); got != time.Second-time.Nanosecond {
		t.Errorf("Delay = %v", got)
	}
}
