package check

import (
	"strings"
	"testing"
)

// An empty Location is the URI-reference "" (RFC 3986, 4.1: relative-ref
// may be an empty path), which resolves to the request's own URI (RFC
// 3986, 4.4: a same-document reference). It is valid syntax; on a
// redirect it is a redirect to itself, which is a loop.
func TestEmptyLocationIsValidAndARedirectToItselfIsALoop(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, response string
		want           []string // rules above INFO
	}{
		{"302 to itself", "HTTP/1.1 302 Found\r\nDate: DATE\r\nLocation: \r\nContent-Length: 0\r\n\r\n", []string{"redirect-loop"}},
		{"200 with an empty Location", "HTTP/1.1 200 OK\r\nDate: DATE\r\nLocation: \r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			response := tc.response
			if strings.HasPrefix(response, "HTTP/1.1 200") {
				// HEAD gets the same fields without the content.
				response = strings.TrimSuffix(response, "ok")
			}
			base := rawAPI(t, func(req rawRequest) string {
				if bad := rejectsMalformed(req); bad != "" || req.path != "/r" {
					return bad
				}
				switch req.method {
				case "GET":
					return tc.response
				case "HEAD":
					return response
				}
				return ""
			})
			rep := checkURLs(t, testConfig(), base, "/r")
			if hasRule(rep.Findings, "location-invalid") {
				t.Errorf("Location: (empty) reported as location-invalid; \"\" is a valid URI-reference, the request's own URI (RFC 3986, 4.1, 4.4):\n%s", describe(rep.Findings))
			}
			if got := rulesAbove(rep.Findings, May); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("rules above INFO %v, want %v:\n%s", got, tc.want, describe(rep.Findings))
			}
			for _, f := range rep.Findings {
				if f.Rule == "redirect-loop" && !strings.Contains(f.Message, "to itself") {
					t.Errorf("redirect-loop says %q; a Location that resolves to the request's own URL is a redirect to itself", f.Message)
				}
			}
		})
	}
}
