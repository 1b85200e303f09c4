package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/status"
)

// This file proves content negotiation (RFC 9110, 12.5.1): text by
// default, JSON and HTML on request, q-values honoured, and Vary: Accept
// on every negotiated response (12.5.5).

func TestStatusBodiesAreNegotiatedByAccept(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct {
		accept, wantType string
	}{
		{"", "text/plain; charset=utf-8"},
		{"*/*", "text/plain; charset=utf-8"},
		{"text/plain", "text/plain; charset=utf-8"},
		{"application/json", "application/json"},
		{"application/problem+json", "application/problem+json"}, // 418 is an error: RFC 9457 problem details
		{"text/html", "text/html; charset=utf-8"},
		{"text/html;q=0.5, application/json", "application/json"},
		{"application/json;q=0.1, text/html;q=0.9", "text/html; charset=utf-8"},
		{"text/*, application/json;q=0.5", "text/plain; charset=utf-8"},
		{"application/*", "application/json"},
		{"TEXT/HTML", "text/html; charset=utf-8"},
		{"text/html;q=0, */*", "text/plain; charset=utf-8"},
		{"image/png", "text/plain; charset=utf-8"}, // nothing we make: text, not 406
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"},
	} {
		q := request{path: "/418", header: hdr("Accept", tc.accept)}
		res := send(t, noRedirects(ts), ts.URL, q)
		if ct := res.Header.Get("Content-Type"); ct != tc.wantType {
			t.Errorf("%s: Content-Type %q, want %q", q, ct, tc.wantType)
		}
		if !slices.Contains(res.Header.Values("Vary"), "Accept") {
			t.Errorf("%s: Vary %q, want Accept: the content depends on it (RFC 9110, 12.5.5)", q, res.Header.Values("Vary"))
		}
		switch tc.wantType {
		case "text/plain; charset=utf-8":
			if !strings.HasPrefix(string(res.body), "418 I'm a teapot\n") {
				t.Errorf("%s: text content starts %q, want \"418 I'm a teapot\"", q, truncate(string(res.body), 30))
			}
		case "text/html; charset=utf-8":
			if !strings.Contains(string(res.body), "<title>418 I&#39;m a teapot</title>") {
				t.Errorf("%s: HTML content has no title naming the code:\n%s", q, res.body)
			}
		}
	}
}

func TestJSONBodiesCarryTheRegistryFields(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, n := range []int{200, 299, 404, 418, 503, 599} {
		path := "/" + strconv.Itoa(n)
		res := send(t, noRedirects(ts), ts.URL, request{path: path, header: hdr("Accept", "application/json")})
		var got statusBody
		if err := json.Unmarshal(res.body, &got); err != nil {
			t.Fatalf("GET %s as JSON: %v\n%s", path, err, res.body)
		}
		c := status.MustLookup(n)
		want := statusBody{Code: n, Phrase: c.Phrase, Class: c.Class().String(), Standing: string(c.Standing),
			Summary: c.Summary, Description: c.Description, Spec: c.Spec}
		if got != want {
			t.Errorf("GET %s as JSON:\n got %+v\nwant %+v", path, got, want)
		}
		if got.Code != n || got.Phrase == "" || got.Summary == "" || got.Spec.URL == "" {
			t.Errorf("GET %s as JSON: missing fields in %+v", path, got)
		}
	}
	// An error explains itself in the message field.
	res := send(t, noRedirects(ts), ts.URL, request{path: "/600", header: hdr("Accept", "application/json")})
	var e statusBody
	if err := json.Unmarshal(res.body, &e); err != nil || e.Code != 400 || !strings.Contains(e.Message, "100 to 599") {
		t.Errorf("GET /600 as JSON: %v %+v, want code 400 and a message naming 100 to 599", err, e)
	}
}

// TestNegotiatedBodiesVaryOnAccept checks every code: where the content
// differs with Accept, both responses say Vary: Accept, or a cache would
// serve JSON to a browser.
func TestNegotiatedBodiesVaryOnAccept(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxSleep: 20 * time.Millisecond})
	client := noRedirects(ts)
	// Parallel subtests count the negotiated codes here.
	negotiated := make(chan struct{}, 600)
	t.Run("codes", func(t *testing.T) {
		for n := 100; n <= 599; n++ {
			if n == http.StatusSwitchingProtocols {
				continue
			}
			t.Run(strconv.Itoa(n), func(t *testing.T) {
				t.Parallel()
				path := "/" + strconv.Itoa(n)
				text := send(t, client, ts.URL, request{path: path, header: hdr("Accept", "text/plain")})
				js := send(t, client, ts.URL, request{path: path, header: hdr("Accept", "application/json")})
				if text.Header.Get("Content-Type") == js.Header.Get("Content-Type") && string(text.body) == string(js.body) {
					return
				}
				negotiated <- struct{}{}
				for _, res := range []exchangeResult{text, js} {
					if !slices.Contains(res.Header.Values("Vary"), "Accept") {
						t.Errorf("GET %s (Accept %s): content is negotiated but Vary is %q; RFC 9110, 12.5.5: a response that depends on Accept SHOULD say Vary: Accept", path, res.Request.Header.Get("Accept"), res.Header.Values("Vary"))
					}
				}
			})
		}
	})
	if len(negotiated) < 400 {
		t.Errorf("only %d codes have negotiated content; expected nearly all", len(negotiated))
	}
}
