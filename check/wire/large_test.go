package wire

import (
	"errors"
	"strings"
	"testing"
)

// RFC 9110, 8.6: any Content-Length of zero or more is valid, and "a
// recipient MUST anticipate potentially large decimal numerals and
// prevent parsing errors due to integer conversion overflows". A number
// too large for an int64 is the reader's limit, not a malformed message:
// the content is read as far as the limits allow, and TooLarge says why it
// was not counted to its end. The same holds for a chunk size (RFC 9112,
// 7.1: 1*HEXDIG).
func TestReadResponseReadsNumbersTooLargeToCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, raw, tooLarge string
		framing             Framing
		content             string
		incomplete          bool
		truncated           bool
	}{
		{"content-length above 2^63-1, cut short", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nhello",
			"Content-Length 99999999999999999999999 is larger than this checker can read (at most 9223372036854775807)", Length, "hello", true, false},
		{"content-length above 2^63-1, more than MaxRead", "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n" + strings.Repeat("x", 5000),
			"Content-Length 9223372036854775808 is larger than this checker can read (at most 9223372036854775807)", Length, strings.Repeat("x", 1024), false, true},
		{"identical huge values are one value", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999, 099999999999999999999999\r\n\r\nhello",
			"Content-Length 99999999999999999999999, 099999999999999999999999 is larger than this checker can read (at most 9223372036854775807)", Length, "hello", true, false},
		{"content-length with leading zeros", "HTTP/1.1 200 OK\r\nContent-Length: 000000000000000000000000005\r\n\r\nhello", "", Length, "hello", false, false},
		{"chunk size above 2^63-1", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello",
			"chunk size FFFFFFFFFFFFFFFFFFFF is larger than this checker can read (at most 7fffffffffffffff)", Chunked, "hello", true, false},
		{"chunk size with leading zeros", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000000000000000000005\r\nhello\r\n0\r\n\r\n", "", Chunked, "hello", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := read(t, "GET", tc.raw)
			if err != nil {
				t.Fatalf("%v; a valid number the reader cannot count is not a malformed message (RFC 9110, 8.6)", err)
			}
			got := ""
			if resp.TooLarge != nil {
				got = resp.TooLarge.Error()
			}
			if got != tc.tooLarge {
				t.Errorf("TooLarge %q, want %q", got, tc.tooLarge)
			}
			if resp.Framing != tc.framing || string(resp.Content) != tc.content || resp.Incomplete != tc.incomplete || resp.Truncated != tc.truncated {
				t.Errorf("framing %s, content %q, incomplete %v, truncated %v; want %s, %q, %v, %v",
					resp.Framing, resp.Content, resp.Incomplete, resp.Truncated, tc.framing, tc.content, tc.incomplete, tc.truncated)
			}
		})
	}
}

func TestParseContentLengthTellsMalformedFromTooLarge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lines    []string
		n        int64
		tooLarge bool
		bad      bool
	}{
		{[]string{"42"}, 42, false, false},
		{[]string{"42", "042"}, 42, false, false},
		{[]string{"99999999999999999999999"}, -1, true, false},
		{[]string{"1e3"}, -1, false, true},
		{[]string{"+5"}, -1, false, true},
		{[]string{""}, -1, false, true},
		{[]string{"99999999999999999999999", "5"}, -1, false, true},
	} {
		n, err := ParseContentLength(tc.lines)
		var tl *TooLargeError
		var se *SyntaxError
		if n != tc.n || errors.As(err, &tl) != tc.tooLarge || errors.As(err, &se) != tc.bad {
			t.Errorf("ParseContentLength(%q) = %d, %v; want %d, too large %v, malformed %v", tc.lines, n, err, tc.n, tc.tooLarge, tc.bad)
		}
	}
}
