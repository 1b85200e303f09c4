package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// This file proves /206 is a real partial response (RFC 9110, 14 and
// 15.3.7): single ranges, multipart/byteranges, suffix ranges, 416 for
// ranges that miss, invalid Range ignored, If-Range.

// alphabet returns bytes first..last of the generated representation,
// computed independently of the server's generator.
func alphabet(first, last int) string {
	var b strings.Builder
	for i := first; i <= last; i++ {
		b.WriteByte("abcdefghijklmnopqrstuvwxyz"[i%26])
	}
	return b.String()
}

func TestStatus206SendsTheRangeAsked(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		path, rng    string
		first, last  int
		contentRange string
	}{
		{"/206", "bytes=0-9", 0, 9, "bytes 0-9/1024"},
		{"/206", "bytes=26-51", 26, 51, "bytes 26-51/1024"},
		{"/206", "bytes=1000-", 1000, 1023, "bytes 1000-1023/1024"},
		// A last position past the end is clamped (RFC 9110, 14.1.2).
		{"/206", "bytes=1020-5000", 1020, 1023, "bytes 1020-1023/1024"},
		// Suffix ranges: the last N bytes, or all when N is larger.
		{"/206", "bytes=-5", 1019, 1023, "bytes 1019-1023/1024"},
		{"/206?size=10", "bytes=-50", 0, 9, "bytes 0-9/10"},
		{"/206?size=100", "bytes=99-99", 99, 99, "bytes 99-99/100"},
		// Case-insensitive unit and whitespace around the list (5.6.1).
		{"/206", "Bytes= 3-4 ", 3, 4, "bytes 3-4/1024"},
		// With no usable Range the client still asked for a 206: the first half.
		{"/206", "", 0, 511, "bytes 0-511/1024"},
		{"/206", "bytes=abc", 0, 511, "bytes 0-511/1024"},
		{"/206", "bytes=5-1", 0, 511, "bytes 0-511/1024"},
		{"/206", "items=0-5", 0, 511, "bytes 0-511/1024"},
		{"/206", "bytes=" + strings.Repeat("0-0,", 32) + "0-0", 0, 511, "bytes 0-511/1024"},
	} {
		t.Run(tc.path+" "+truncate(tc.rng, 20), func(t *testing.T) {
			t.Parallel()
			q := request{path: tc.path}
			if tc.rng != "" {
				q.header = hdr("Range", tc.rng)
			}
			res := send(t, noRedirects(ts), ts.URL, q)
			if res.StatusCode != http.StatusPartialContent {
				t.Fatalf("%s: status %d, want 206", q, res.StatusCode)
			}
			if cr := res.Header.Get("Content-Range"); cr != tc.contentRange {
				t.Errorf("%s: Content-Range %q, want %q (RFC 9110, 14.4)", q, cr, tc.contentRange)
			}
			if want := alphabet(tc.first, tc.last); string(res.body) != want {
				t.Errorf("%s: content %q, want bytes %d-%d %q", q, truncate(string(res.body), 40), tc.first, tc.last, truncate(want, 40))
			}
			if res.Header.Get("Content-Length") != strconv.Itoa(tc.last-tc.first+1) {
				t.Errorf("%s: Content-Length %q, want %d", q, res.Header.Get("Content-Length"), tc.last-tc.first+1)
			}
			for _, f := range []string{"Accept-Ranges", "Etag", "Last-Modified"} {
				if res.Header.Get(f) == "" {
					t.Errorf("%s: no %s on a 206", q, f)
				}
			}
		})
	}
}

func TestStatus206SendsSeveralRangesAsMultipartByteranges(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	q := request{path: "/206", header: hdr("Range", "bytes=0-4, 100-109, -3")}
	res := send(t, noRedirects(ts), ts.URL, q)
	if res.StatusCode != http.StatusPartialContent {
		t.Fatalf("%s: status %d, want 206", q, res.StatusCode)
	}
	if cr := res.Header.Get("Content-Range"); cr != "" {
		t.Errorf("%s: Content-Range %q on the message; RFC 9110, 14.6: it belongs in each part", q, cr)
	}
	mt, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/byteranges" || params["boundary"] == "" {
		t.Fatalf("%s: Content-Type %q (%v), want multipart/byteranges with a boundary (RFC 9110, 14.6)", q, res.Header.Get("Content-Type"), err)
	}
	if res.Header.Get("Content-Length") != strconv.Itoa(len(res.body)) {
		t.Errorf("%s: Content-Length %s, but %d bytes", q, res.Header.Get("Content-Length"), len(res.body))
	}
	want := []struct {
		contentRange, content string
	}{
		{"bytes 0-4/1024", alphabet(0, 4)},
		{"bytes 100-109/1024", alphabet(100, 109)},
		{"bytes 1021-1023/1024", alphabet(1021, 1023)},
	}
	mr := multipart.NewReader(strings.NewReader(string(res.body)), params["boundary"])
	for i := 0; ; i++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			if i != len(want) {
				t.Errorf("%s: %d parts, want %d", q, i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatalf("%s: part %d: %v\n%s", q, i, err, res.body)
		}
		b, _ := io.ReadAll(part)
		if i >= len(want) {
			t.Errorf("%s: extra part %q", q, b)
			continue
		}
		if cr := part.Header.Get("Content-Range"); cr != want[i].contentRange {
			t.Errorf("%s: part %d Content-Range %q, want %q", q, i, cr, want[i].contentRange)
		}
		if part.Header.Get("Content-Type") == "" {
			t.Errorf("%s: part %d has no Content-Type (RFC 9110, 14.6)", q, i)
		}
		if string(b) != want[i].content {
			t.Errorf("%s: part %d content %q, want %q", q, i, b, want[i].content)
		}
	}
}

func TestStatus206WithAnUnsatisfiableRangeIs416(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ path, rng, want string }{
		{"/206", "bytes=1024-", "bytes */1024"},
		{"/206", "bytes=5000-6000", "bytes */1024"},
		{"/206", "bytes=-0", "bytes */1024"},
		{"/206?size=26", "bytes=26-30, 40-", "bytes */26"},
	} {
		q := request{path: tc.path, header: hdr("Range", tc.rng)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != http.StatusRequestedRangeNotSatisfiable || res.Header.Get("Content-Range") != tc.want {
			t.Errorf("%s: status %d, Content-Range %q; RFC 9110, 15.5.17: want 416 with %q", q, res.StatusCode, res.Header.Get("Content-Range"), tc.want)
		}
		if !strings.Contains(string(res.body), "overlaps") {
			t.Errorf("%s: the 416 does not explain which ranges exist:\n%s", q, res.body)
		}
	}
}

// TestStatus206HonoursIfRange: RFC 9110, 13.1.5: when the validator in
// If-Range does not match, the server ignores Range and sends the whole
// representation with 200.
func TestStatus206HonoursIfRange(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		ifRange string
		want    int
	}{
		{`"statuskit-1"`, 206},
		{rangeLastModified, 206},
		{`"stale"`, 200},
		{`W/"statuskit-1"`, 200}, // a weak validator never matches (13.1.5)
		{"Tue, 02 Jan 2024 00:00:00 GMT", 200},
	} {
		q := request{path: "/206?size=52", header: hdr("Range", "bytes=0-9", "If-Range", tc.ifRange)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d (RFC 9110, 13.1.5)", q, res.StatusCode, tc.want)
			continue
		}
		if tc.want == 200 {
			if string(res.body) != alphabet(0, 51) || res.Header.Get("Content-Range") != "" {
				t.Errorf("%s: a 200 must carry the whole representation and no Content-Range; got Content-Range %q and %q", q, res.Header.Get("Content-Range"), res.body)
			}
		}
	}
}

// TestRangeIsIgnoredForHEAD: RFC 9110, 14.2: a server MUST ignore Range for
// methods other than GET; HEAD gets the fields a plain GET /206 would.
func TestRangeIsIgnoredForHEAD(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	plain := get(t, ts, "/206")
	res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodHead, path: "/206", header: hdr("Range", "bytes=0-9")})
	if res.StatusCode != plain.StatusCode || res.Header.Get("Content-Range") != plain.Header.Get("Content-Range") {
		t.Errorf("HEAD /206 with Range: %d %q, want what GET /206 without Range sends: %d %q", res.StatusCode, res.Header.Get("Content-Range"), plain.StatusCode, plain.Header.Get("Content-Range"))
	}
}

func TestSizeModifierIsBounded(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxRangeSize: 100})
	for _, path := range []string{"/206?size=101", "/206?size=0", "/206?size=-1", "/416?size=x"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "from 1 to 100") {
			t.Errorf("GET %s with MaxRangeSize 100: status %d, want 400 naming the bounds:\n%s", path, res.StatusCode, res.body)
		}
	}
	if res := get(t, ts, "/206"); res.Header.Get("Content-Range") != "bytes 0-49/100" {
		t.Errorf("GET /206 with MaxRangeSize 100: Content-Range %q, want the default size capped to 100", res.Header.Get("Content-Range"))
	}
}

func TestCustomBodyCannotReplacePartialContent(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(New(DefaultConfig()))
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/206?body=hello")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Range") != "" {
		t.Errorf("GET /206?body=hello = %d with Content-Range %q; want 400: custom content would contradict Content-Range (RFC 9110, 14.4)",
			resp.StatusCode, resp.Header.Get("Content-Range"))
	}
}
