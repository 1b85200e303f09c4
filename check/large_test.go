package check

import (
	"strings"
	"testing"
)

// A Content-Length or chunk size above 2^63-1 is valid (RFC 9110, 8.6;
// RFC 9112, 7.1) but more than the checker can count. It is not reported
// as a malformed response; the content is read as far as it goes, so a
// connection that ends after a few bytes is still a short message, and
// the evidence says why the number was not counted.
func TestNumbersTooLargeToCountAreNotMalformed(t *testing.T) {
	t.Parallel()
	const huge = "99999999999999999999999"
	for _, tc := range []struct {
		name, get, head, rule, message, evidence string
	}{
		{"Content-Length", "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: " + huge + "\r\n\r\nhello",
			"HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: " + huge + "\r\n\r\n",
			"content-length-mismatch", "Content-Length: " + huge + ", but the connection ended after 5 bytes of content",
			"[Content-Length " + huge + " is larger than this checker can read (at most 9223372036854775807)]"},
		{"chunk size", "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello",
			"HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
			"malformed-response", "the chunked content ended without its last chunk",
			"[chunk size FFFFFFFFFFFFFFFFFFFF is larger than this checker can read (at most 7fffffffffffffff)]"},
		{"Content-Length of HEAD", "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
			"HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: " + huge + "\r\n\r\n",
			"head-content-length", "HEAD said Content-Length: " + huge + ", but GET's content has 5 bytes", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := rawAPI(t, func(req rawRequest) string {
				if bad := rejectsMalformed(req); bad != "" || req.path != "/r" {
					return bad
				}
				switch req.method {
				case "GET":
					return tc.get
				case "HEAD":
					return tc.head
				}
				return ""
			})
			rep := checkURLs(t, testConfig(), base, "/r")
			var found bool
			for _, f := range rep.Findings {
				if strings.Contains(f.Message, "not a decimal number") || strings.Contains(f.Message, "not hexadecimal") {
					t.Errorf("%s %s: %q calls a valid number malformed (RFC 9110, 8.6)", f.Rule, f.Method, f.Message)
				}
				if f.Rule == tc.rule {
					found = true
					if !strings.Contains(f.Message, tc.message) || !strings.Contains(f.Evidence.Response, tc.evidence) {
						t.Errorf("%s says %q with evidence\n%s\nwant %q and %q", f.Rule, f.Message, f.Evidence.Response, tc.message, tc.evidence)
					}
				}
			}
			if !found {
				t.Errorf("no %s finding: the length announced is not the length sent:\n%s", tc.rule, describe(rep.Findings))
			}
		})
	}
}
