package server

import (
	"fmt"
	"github.com/statuskit/statuskit/responder"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

// This file proves bad input is a precise 4xx (never a panic, a hang or a
// 500) and every limit holds: code ranges, code lists and weights, request
// body and header size.

func TestCodesOutsideTheRangeAre400NamingTheRange(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/600", "/99", "/1000", "/0200", "/000", "/099", "/99999999999999999999", "/status/600", "/status/99", "/status/0200"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), "100 to 599") {
			t.Errorf("GET %s: status %d, want 400 naming the valid range 100 to 599:\n%s", path, res.StatusCode, res.body)
		}
	}
}

func TestPathsThatAreNotCodesAre404(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, path := range []string{"/abc", "/2OO", "/+200", "/-200", "/200x", "/nothing/here/at/all", "/%20200"} {
		res := get(t, ts, path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(res.body), "/{code}") {
			t.Errorf("GET %s: status %d, want 404 pointing at /{code}:\n%s", path, res.StatusCode, res.body)
		}
	}
}

func TestBadCodeListsAre400(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, tc := range []struct{ list, says string }{
		{"50,50", `"50" is not a status code`},
		{"600,600", `"600" is not a status code`},
		{"200,abc", `"abc" is not a status code`},
		{"200:NaN", "finite number"},
		{"200:Inf,503:1", "finite number"},
		{"200:-Inf", "finite number"},
		{"200:-1,503:2", "finite number"},
		{"200:x", "finite number"},
		{"200:", "finite number"},
		{"200:0,503:0", "at least one must be positive"},
		{"200:1e308,503:1e308", "sum finite"},
		{"200,,503", "empty status code"},
		{"200,", "empty status code"},
		{",200", "empty status code"},
		{strings.Repeat("200,", 100) + "200", fmt.Sprintf("at most %d", 100)},
	} {
		path := "/status/" + tc.list
		res := get(t, ts, path)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(res.body), tc.says) {
			t.Errorf("GET %s: status %d, want 400 saying %q:\n%s", truncate(path, 60), res.StatusCode, tc.says, res.body)
		}
	}
}

func TestWeightedListsNeverPickAZeroWeight(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{})
	for _, list := range []string{"200:1,503:0", "503:0,200:0.001", "500:0,200:1,504:0"} {
		for range 30 {
			if res := get(t, ts, "/status/"+list); res.StatusCode != 200 {
				t.Fatalf("GET /status/%s: status %d; a weight of 0 must never be picked", list, res.StatusCode)
			}
		}
	}
	for range 20 {
		if res := get(t, ts, "/status/418"); res.StatusCode != 418 {
			t.Fatalf("GET /status/418: status %d", res.StatusCode)
		}
	}
}

// TestPickFollowsTheWeights draws directly (no HTTP) and checks the shares
// with bounds loose enough never to flake: 6 standard deviations and more.
func TestPickFollowsTheWeights(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		list  string
		share map[int]float64
	}{
		{"200,503", map[int]float64{200: 0.5, 503: 0.5}},
		{"200:0.9,503:0.1", map[int]float64{200: 0.9, 503: 0.1}},
		{"200:3,404:1,500:0", map[int]float64{200: 0.75, 404: 0.25}},
		{"201,202,203,204", map[int]float64{201: 0.25, 202: 0.25, 203: 0.25, 204: 0.25}},
	} {
		l, err := responder.ParseCodeList(tc.list, "")
		if err != nil {
			t.Fatalf("ParseCodeList(%q): %v", tc.list, err)
		}
		const draws = 4000
		counts := map[int]int{}
		for range draws {
			counts[l.Pick()]++
		}
		for code := range counts {
			if tc.share[code] == 0 {
				t.Errorf("%s: picked %d, which has no weight", tc.list, code)
			}
		}
		for code, p := range tc.share {
			want := p * draws
			tolerance := 6*math.Sqrt(draws*p*(1-p)) + 1
			if got := float64(counts[code]); math.Abs(got-want) > tolerance {
				t.Errorf("%s: %d picked %v times in %d draws, want about %v (±%.0f)", tc.list, code, got, draws, want, tolerance)
			}
		}
	}
}

func TestRequestBodiesOverMaxBodyAre413(t *testing.T) {
	t.Parallel()
	ts := testServer(t, Config{MaxBody: 100})
	big := strings.Repeat("x", 101)
	for _, path := range []string{"/200", "/100", "/404", "/status/201"} {
		// Declared: refused before it is read (RFC 9110, 15.5.14).
		res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodPost, path: path, body: big})
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.body), "at most 100") {
			t.Errorf("POST %s with a declared 101-byte body and MaxBody 100: status %d, want 413 naming the limit:\n%s", path, res.StatusCode, res.body)
		}
	}
	// Chunked: cut off while it is read, by the endpoints that read it.
	for _, path := range []string{"/200", "/100"} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, io.MultiReader(strings.NewReader(big), strings.NewReader(big)))
		req.ContentLength = -1 // unknown length: Go sends it chunked
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("POST %s chunked: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "at most 100") {
			t.Errorf("POST %s with a 202-byte chunked body and MaxBody 100: status %d, want 413:\n%s", path, resp.StatusCode, body)
		}
	}
	if res := send(t, noRedirects(ts), ts.URL, request{method: http.MethodPost, path: "/200", body: strings.Repeat("x", 100)}); res.StatusCode != 200 {
		t.Errorf("POST /200 with exactly MaxBody bytes: status %d, want 200", res.StatusCode)
	}
}

// TestRequestHeadersOverMaxHeaderBytesAre431 needs the production
// http.Server from Serve, which enforces MaxHeaderBytes (RFC 6585, 5).
func TestRequestHeadersOverMaxHeaderBytesAre431(t *testing.T) {
	t.Parallel()
	srv := serveReal(t, Config{MaxHeaderBytes: 1024})
	client := &http.Client{Timeout: 10 * time.Second}
	// net/http allows 4096 bytes of slack over MaxHeaderBytes.
	res := send(t, client, "http://"+srv.addr, request{path: "/200", header: hdr("X-Big", strings.Repeat("x", 8<<10))})
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("GET /200 with an 8 KiB header and MaxHeaderBytes 1024: status %d, want 431 (RFC 6585, 5)", res.StatusCode)
	}
	if res := send(t, client, "http://"+srv.addr, request{path: "/200", header: hdr("X-Small", "x")}); res.StatusCode != 200 {
		t.Errorf("GET /200 with small headers: status %d, want 200", res.StatusCode)
	}
}
