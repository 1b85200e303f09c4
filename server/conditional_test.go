package server

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// This file proves the conditional and range endpoints: /cache and
// /cache/{seconds} evaluate If-None-Match, If-Modified-Since, If-Match and
// If-Unmodified-Since in RFC 9110, 13.2.2's order, /etag/{etag} compares
// strongly for If-Match and weakly for If-None-Match (13.1.1, 13.1.2), a
// 304 carries the fields a 200 would (15.4.5), and /range/{n} is a real
// range resource (14).

const (
	condLastModified = "Mon, 01 Jan 2024 00:00:00 GMT"
	condEarlier      = "Sun, 31 Dec 2023 23:59:59 GMT"
	condLater        = "Tue, 02 Jan 2024 00:00:00 GMT"
)

func TestCacheIs200WithValidatorsAndCacheControl(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, cacheControl string }{
		{"/cache", "no-cache"},
		{"/cache/0", "public, max-age=0"},
		{"/cache/60", "public, max-age=60"},
		{"/cache/2147483648", "public, max-age=2147483648"},
	} {
		res := get(t, ts, tc.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tc.path, res.StatusCode)
			continue
		}
		for field, want := range map[string]string{
			"Etag": `"statuskit-1"`, "Last-Modified": condLastModified, "Cache-Control": tc.cacheControl, "Content-Type": "application/json",
		} {
			if got := res.Header.Get(field); got != want {
				t.Errorf("GET %s: %s %q, want %q", tc.path, field, got, want)
			}
		}
		var body validatorsBody
		if err := json.Unmarshal(res.body, &body); err != nil || body.ETag != `"statuskit-1"` {
			t.Errorf("GET %s: content %q (%v), want JSON naming the validators", tc.path, res.body, err)
		}
	}
}

func TestCacheAnswers304OnlyWhenAValidatorMatchesInTheRFCOrder(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		name   string
		header http.Header
		want   int
	}{
		{"no condition", nil, 200},
		{"If-None-Match with the ETag", hdr("If-None-Match", `"statuskit-1"`), 304},
		{"If-None-Match compares weakly", hdr("If-None-Match", `W/"statuskit-1"`), 304},
		{"If-None-Match list", hdr("If-None-Match", `"a", "statuskit-1"`), 304},
		{"If-None-Match on two lines", http.Header{"If-None-Match": {`"a"`, `"statuskit-1"`}}, 304},
		{"If-None-Match *", hdr("If-None-Match", "*"), 304},
		{"If-None-Match another tag", hdr("If-None-Match", `"other"`), 200},
		{"If-None-Match empty list", hdr("If-None-Match", ", ,"), 200},
		{"If-Modified-Since = Last-Modified", hdr("If-Modified-Since", condLastModified), 304},
		{"If-Modified-Since later", hdr("If-Modified-Since", condLater), 304},
		{"If-Modified-Since earlier", hdr("If-Modified-Since", condEarlier), 200},
		{"If-Modified-Since obsolete RFC 850 date", hdr("If-Modified-Since", "Monday, 01-Jan-24 00:00:00 GMT"), 304},
		{"invalid If-Modified-Since is ignored", hdr("If-Modified-Since", "yesterday"), 200},
		// 13.2.2: If-None-Match decides and If-Modified-Since is ignored.
		{"If-None-Match mismatch beats a fresh If-Modified-Since", hdr("If-None-Match", `"other"`, "If-Modified-Since", condLater), 200},
		{"If-None-Match match beats a stale If-Modified-Since", hdr("If-None-Match", `"statuskit-1"`, "If-Modified-Since", condEarlier), 304},
		{"If-Match another tag", hdr("If-Match", `"other"`), 412},
		{"If-Match compares strongly", hdr("If-Match", `W/"statuskit-1"`), 412},
		{"If-Match with the ETag", hdr("If-Match", `"statuskit-1"`), 200},
		{"If-Match *", hdr("If-Match", "*"), 200},
		{"If-Match before If-None-Match", hdr("If-Match", `"other"`, "If-None-Match", `"statuskit-1"`), 412},
		{"If-Match holds, then If-None-Match", hdr("If-Match", `"statuskit-1"`, "If-None-Match", `"statuskit-1"`), 304},
		{"If-Unmodified-Since earlier", hdr("If-Unmodified-Since", condEarlier), 412},
		{"If-Unmodified-Since = Last-Modified", hdr("If-Unmodified-Since", condLastModified), 200},
		{"If-Unmodified-Since is ignored with If-Match", hdr("If-Match", "*", "If-Unmodified-Since", condEarlier), 200},
		{"invalid If-Unmodified-Since is ignored", hdr("If-Unmodified-Since", "never"), 200},
	} {
		for _, path := range []string{"/cache", "/cache/60"} {
			q := request{path: path, header: tc.header}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != tc.want {
				t.Errorf("%s (%s): status %d, want %d (RFC 9110, 13.2.2):\n%s", q, tc.name, res.StatusCode, tc.want, res.body)
				continue
			}
			if res.StatusCode != http.StatusNotModified {
				continue
			}
			// 15.4.5: no content, but the ETag and Cache-Control a 200
			// would have carried.
			if len(res.body) != 0 || res.Header.Get("Content-Type") != "" {
				t.Errorf("%s: a 304 with content %q and Content-Type %q", q, res.body, res.Header.Get("Content-Type"))
			}
			ok := get(t, ts, path)
			for _, f := range []string{"Etag", "Cache-Control"} {
				if got, want := res.Header.Get(f), ok.Header.Get(f); got != want || got == "" {
					t.Errorf("%s: 304 %s %q, but the 200 has %q; RFC 9110, 15.4.5 wants the same", q, f, got, want)
				}
			}
		}
	}
}

func TestConditionalEndpointsRefuseMalformedEntityTagListsWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, h := range []http.Header{
		hdr("If-None-Match", "statuskit-1"),     // unquoted: a common client bug
		hdr("If-None-Match", `"a" "b"`),         // no comma
		hdr("If-None-Match", `*, "a"`),          // * stands alone
		hdr("If-Match", `W/statuskit-1`),        // weak, unquoted
		hdr("If-Match", `"unterminated`),        // no closing quote
		hdr("If-None-Match", `"a b"`),           // space is not etagc
		hdr("If-Match", `"statuskit-1"junk`),    // text after the tag
		hdr("If-None-Match", `w/"statuskit-1"`), // W/ is case-sensitive
	} {
		for _, path := range []string{"/cache", "/etag/statuskit-1", "/range/10"} {
			q := request{path: path, header: h}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "entity-tag") {
				t.Errorf("%s: status %d, want 400 explaining entity-tag syntax:\n%s", q, res.StatusCode, res.body)
			}
			if res.Header.Get("Etag") != "" {
				t.Errorf("%s: the 400 carries ETag %q, which describes a representation it is not", q, res.Header.Get("Etag"))
			}
		}
	}
}

func TestCacheSecondsRefusesBadNumbersWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/cache/abc", "/cache/-1", "/cache/+5", "/cache/1.5", "/cache/1e3", "/cache/2147483649", "/cache/99999999999999999999", "/cache?x=1", "/cache/60?max-age=5"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", path, res.StatusCode)
		}
	}
}

func TestETagAnswersConditionalRequestsWithStrongAndWeakComparison(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path     string
		header   http.Header
		want     int
		wantETag string
	}{
		{"/etag/abc", nil, 200, `"abc"`},
		{"/etag/abc", hdr("If-None-Match", `"abc"`), 304, `"abc"`},
		{"/etag/abc", hdr("If-None-Match", `W/"abc"`), 304, `"abc"`},
		{"/etag/abc", hdr("If-None-Match", `"x", "abc"`), 304, `"abc"`},
		{"/etag/abc", hdr("If-None-Match", "*"), 304, `"abc"`},
		{"/etag/abc", hdr("If-None-Match", `"x"`), 200, `"abc"`},
		{"/etag/abc", hdr("If-Match", `"abc"`), 200, `"abc"`},
		{"/etag/abc", hdr("If-Match", `"x", "abc"`), 200, `"abc"`},
		{"/etag/abc", hdr("If-Match", "*"), 200, `"abc"`},
		{"/etag/abc", hdr("If-Match", `"x"`), 412, `"abc"`},
		{"/etag/abc", hdr("If-Match", `W/"abc"`), 412, `"abc"`},
		{"/etag/abc", hdr("If-Match", `"x"`, "If-None-Match", `"abc"`), 412, `"abc"`},
		// No Last-Modified: the date conditions must be ignored (RFC
		// 9110, 13.1.3 and 13.1.4).
		{"/etag/abc", hdr("If-Modified-Since", condLater), 200, `"abc"`},
		{"/etag/abc", hdr("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"), 200, `"abc"`},
		// A full entity-tag in the path, weak or strong.
		{"/etag/W%2F%22abc%22", nil, 200, `W/"abc"`},
		{"/etag/W%2F%22abc%22", hdr("If-None-Match", `"abc"`), 304, `W/"abc"`},
		{"/etag/W%2F%22abc%22", hdr("If-Match", `W/"abc"`), 412, `W/"abc"`},
		{"/etag/W%2F%22abc%22", hdr("If-Match", `"abc"`), 412, `W/"abc"`},
		{"/etag/%22quoted%22", hdr("If-Match", `"quoted"`), 200, `"quoted"`},
		{"/etag/v1.2-x_y", hdr("If-None-Match", `"v1.2-x_y"`), 304, `"v1.2-x_y"`},
	} {
		q := request{path: tc.path, header: tc.header}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d:\n%s", q, res.StatusCode, tc.want, res.body)
			continue
		}
		if got := res.Header.Get("Etag"); res.StatusCode != http.StatusPreconditionFailed && got != tc.wantETag {
			t.Errorf("%s: ETag %q, want %q", q, got, tc.wantETag)
		}
		if res.StatusCode == http.StatusNotModified && len(res.body) != 0 {
			t.Errorf("%s: a 304 with content %q", q, res.body)
		}
	}
}

func TestETagRefusesMalformedTagsWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{
		"/etag/a%22b",
		"/etag/%22abc",
		"/etag/%22a%22b%22",
		"/etag/W%2F%22abc",
		"/etag/a%20b",
		"/etag/caf%C3%A9",
		"/etag/" + strings.Repeat("a", maxETagLength+1),
		"/etag/abc?weak=true",
	} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400 saying what an entity-tag may hold", path, res.StatusCode)
		}
	}
}

func TestRangeIsARangeResourceOfNBytes(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		name         string
		header       http.Header
		want         int
		contentRange string
		content      string
	}{
		{"no Range", nil, 200, "", alphabet(0, 25)},
		{"one range", hdr("Range", "bytes=0-4"), 206, "bytes 0-4/26", alphabet(0, 4)},
		{"open range", hdr("Range", "bytes=20-"), 206, "bytes 20-25/26", alphabet(20, 25)},
		{"suffix range", hdr("Range", "bytes=-3"), 206, "bytes 23-25/26", alphabet(23, 25)},
		{"range past the end is clamped", hdr("Range", "bytes=24-99"), 206, "bytes 24-25/26", alphabet(24, 25)},
		{"unsatisfiable", hdr("Range", "bytes=26-"), 416, "bytes */26", ""},
		{"invalid Range is ignored", hdr("Range", "bytes=abc"), 200, "", alphabet(0, 25)},
		{"other units are ignored", hdr("Range", "items=0-1"), 200, "", alphabet(0, 25)},
		{"If-Range with the ETag", hdr("Range", "bytes=1-2", "If-Range", `"statuskit-1"`), 206, "bytes 1-2/26", alphabet(1, 2)},
		{"If-Range with the date", hdr("Range", "bytes=1-2", "If-Range", condLastModified), 206, "bytes 1-2/26", alphabet(1, 2)},
		{"stale If-Range gets everything", hdr("Range", "bytes=1-2", "If-Range", `"old"`), 200, "", alphabet(0, 25)},
		{"preconditions first: 304", hdr("Range", "bytes=1-2", "If-None-Match", `"statuskit-1"`), 304, "", ""},
		{"preconditions first: 412", hdr("Range", "bytes=1-2", "If-Match", `"old"`), 412, "", ""},
	} {
		q := request{path: "/range/26", header: tc.header}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != tc.want {
			t.Errorf("%s (%s): status %d, want %d:\n%s", q, tc.name, res.StatusCode, tc.want, res.body)
			continue
		}
		if got := res.Header.Get("Content-Range"); got != tc.contentRange {
			t.Errorf("%s (%s): Content-Range %q, want %q (RFC 9110, 14.4)", q, tc.name, got, tc.contentRange)
		}
		if tc.content != "" && string(res.body) != tc.content {
			t.Errorf("%s (%s): content %q, want %q", q, tc.name, res.body, tc.content)
		}
		if (tc.want == 200 || tc.want == 206) && res.Header.Get("Accept-Ranges") != "bytes" {
			t.Errorf("%s (%s): Accept-Ranges %q, want bytes (RFC 9110, 14.3)", q, tc.name, res.Header.Get("Accept-Ranges"))
		}
		if tc.want == 200 && res.Header.Get("Content-Length") != "26" {
			t.Errorf("%s (%s): Content-Length %q, want 26", q, tc.name, res.Header.Get("Content-Length"))
		}
	}
}

func TestRangeSendsSeveralRangesAsMultipartByteranges(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{path: "/range/100", header: hdr("Range", "bytes=0-1, 50-51")}
	res := send(t, noRedirects(ts), ts.URL, q)
	mt, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if res.StatusCode != http.StatusPartialContent || err != nil || mt != "multipart/byteranges" {
		t.Fatalf("%s: status %d, Content-Type %q; want 206 multipart/byteranges (RFC 9110, 14.6)", q, res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, part := range []string{"Content-Range: bytes 0-1/100\r\n\r\n" + alphabet(0, 1), "Content-Range: bytes 50-51/100\r\n\r\n" + alphabet(50, 51)} {
		if !strings.Contains(string(res.body), part) {
			t.Errorf("%s: no part %q in:\n%s", q, part, res.body)
		}
	}
	if !strings.HasSuffix(string(res.body), "--"+params["boundary"]+"--\r\n") {
		t.Errorf("%s: the multipart content does not end with the closing boundary:\n%s", q, res.body)
	}
}

func TestRangeRefusesBadLengthsWith400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxRangeSize: 100})
	if res := get(t, ts, "/range/100"); res.StatusCode != http.StatusOK || len(res.body) != 100 {
		t.Errorf("GET /range/100 with MaxRangeSize 100: status %d, %d bytes; want 200 with 100", res.StatusCode, len(res.body))
	}
	for _, tc := range []struct{ path, wantInMessage string }{
		{"/range/101", "--max-range-size"},
		{"/range/0", "1 to 100"},
		{"/range/-1", "1 to 100"},
		{"/range/abc", "1 to 100"},
		{"/range/+5", "1 to 100"},
		{"/range/" + strconv.FormatUint(1<<63, 10), "1 to 100"},
		{"/range/10?chunk_size=5", "not supported"},
		{"/range/10?duration=1", "not supported"},
	} {
		res := get(t, ts, tc.path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.wantInMessage) {
			t.Errorf("GET %s: status %d, want 400 mentioning %q:\n%s", tc.path, res.StatusCode, tc.wantInMessage, res.body)
		}
	}
}
