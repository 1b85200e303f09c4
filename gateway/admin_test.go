package gateway

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const adminRules = `
rules:
  - id: flaky-orders
    match: {method: POST, path: /orders*}
    abort: {status: 503, percent: 30, retry_after: 2}
  - id: slow
    match: {path: /search}
    delay: {lognormal: {median: 80ms, sigma: 0.4, max: 2s}}
`

func put(t *testing.T, url, contentType, body string, fields ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		req.Header.Set(fields[i], fields[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRulesAreReadAsJSONOrYAMLByAccept(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, withRules(t, testConfig("http://127.0.0.1:9"), adminRules))
	for _, tc := range []struct{ accept, contentType, contains string }{
		{"", "application/json", `"id":"flaky-orders"`},
		{"application/json", "application/json", `"retry_after":2`},
		{"application/yaml", "application/yaml", "- id: flaky-orders\n"},
		{"text/yaml;q=0.9, application/json;q=0.5", "application/yaml", "median: 80ms"},
		{"application/json, application/yaml;q=0.5", "application/json", `"median":"80ms"`},
	} {
		res := get(t, gw.admin+RulesPath, "Accept", tc.accept)
		body := readBody(t, res)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != tc.contentType || !strings.Contains(body, tc.contains) {
			t.Errorf("Accept %q: %d %s %q; want %s containing %q", tc.accept, res.StatusCode, res.Header.Get("Content-Type"), body, tc.contentType, tc.contains)
		}
		if res.Header.Get("Etag") == "" || res.Header.Get("Vary") != "Accept" {
			t.Errorf("Accept %q: ETag %q Vary %q; the representation depends on Accept and has a validator", tc.accept, res.Header.Get("Etag"), res.Header.Get("Vary"))
		}
	}
}

// What GET returns is what PUT takes: a round trip changes nothing.
func TestRulesRoundTripThroughGetAndPut(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, withRules(t, testConfig("http://127.0.0.1:9"), adminRules+sequenceRules[len("\nrules:"):]))
	jsonTag := get(t, gw.admin+RulesPath).Header.Get("Etag")
	for _, format := range []string{"application/json", "application/yaml"} {
		res := get(t, gw.admin+RulesPath, "Accept", format)
		doc := readBody(t, res)
		res = put(t, gw.admin+RulesPath, format, doc)
		body := readBody(t, res)
		// PUT answers with the JSON representation: the same rules have
		// the same JSON ETag.
		if res.StatusCode != 200 || res.Header.Get("Etag") != jsonTag {
			t.Errorf("%s: PUT of GET's document = %d %q with ETag %s, want 200 and the same ETag %s", format, res.StatusCode, body, res.Header.Get("Etag"), jsonTag)
		}
	}
}

// The JSON and YAML documents are different representations, so they
// have different entity tags (RFC 9110, 8.8.3); a PUT's If-Match holds
// with the tag of either, since both stand for the rules in force.
func TestTheJSONAndYAMLRulesHaveTheirOwnETagsAndIfMatchTakesEither(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, withRules(t, testConfig("http://127.0.0.1:9"), adminRules))
	jsonTag := get(t, gw.admin+RulesPath, "Accept", "application/json").Header.Get("Etag")
	yamlTag := get(t, gw.admin+RulesPath, "Accept", "application/yaml").Header.Get("Etag")
	if jsonTag == "" || jsonTag == yamlTag {
		t.Fatalf("ETag of JSON %s, of YAML %s; two representations need two tags (RFC 9110, 8.8.3)", jsonTag, yamlTag)
	}
	for _, tc := range []struct {
		name, accept, ifNoneMatch string
		want                      int
	}{
		{"YAML revalidated with its own tag", "application/yaml", yamlTag, 304},
		{"YAML revalidated with the JSON tag", "application/yaml", jsonTag, 200},
		{"JSON revalidated with its own tag", "application/json", jsonTag, 304},
		{"JSON revalidated with the YAML tag", "application/json", yamlTag, 200},
	} {
		res := get(t, gw.admin+RulesPath, "Accept", tc.accept, "If-None-Match", tc.ifNoneMatch)
		readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d (RFC 9110, 13.1.2)", tc.name, res.StatusCode, tc.want)
		}
	}
	for _, tc := range []struct {
		name, ifMatch string
		want          int
	}{
		{"a stale tag", `"0000"`, 412},
		{"the stale YAML form of a stale tag", `"0000-yaml"`, 412},
		{"the YAML tag", yamlTag, 200},
	} {
		res := put(t, gw.admin+RulesPath, "application/yaml", adminRules, "If-Match", tc.ifMatch)
		body := readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("PUT with If-Match %s (%s): %d %q, want %d", tc.ifMatch, tc.name, res.StatusCode, body, tc.want)
		}
	}
	// The PUT above installed the same rules again: the JSON tag still
	// identifies them.
	res := put(t, gw.admin+RulesPath, "application/json", `{"rules": []}`, "If-Match", jsonTag)
	body := readBody(t, res)
	if res.StatusCode != 200 {
		t.Errorf("PUT with If-Match of the JSON tag: %d %q, want 200", res.StatusCode, body)
	}
}

func TestPutReplacesTheRulesOrSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	up := recordingUpstream(t)
	cfg := withRules(t, testConfig(up.URL), adminRules)
	cfg.Limits.MaxBytes = 4096
	gw := startGateway(t, cfg)
	before := get(t, gw.admin+RulesPath).Header.Get("Etag")
	for _, tc := range []struct {
		name, contentType, body string
		fields                  []string
		status                  int
		says                    []string
	}{
		{"a bad field", "application/yaml", "rules:\n  - id: x\n    abort: {status: 700}\n", nil, 400, []string{"3:21", "rules[0].abort.status", "200-599"}},
		{"bad JSON", "application/json", `{"rules": [`, nil, 400, []string{"not valid YAML (or JSON)"}},
		{"not YAML or JSON", "text/plain", "rules: []", nil, 415, []string{"application/json, application/yaml"}},
		{"too large", "application/yaml", "rules: []\n#" + strings.Repeat("x", 5000), nil, 413, []string{"4096", "--max-rules-bytes"}},
		{"a stale If-Match", "application/yaml", "rules: []", []string{"If-Match", `"0000"`}, 412, []string{"If-Match"}},
	} {
		res := put(t, gw.admin+RulesPath, tc.contentType, tc.body, tc.fields...)
		body := readBody(t, res)
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d %q, want %d", tc.name, res.StatusCode, body, tc.status)
		}
		for _, s := range tc.says {
			if !strings.Contains(body, s) {
				t.Errorf("%s: %q does not say %q", tc.name, body, s)
			}
		}
		if tc.status == 415 && res.Header.Get("Accept") == "" {
			t.Errorf("%s: a 415 names what it would accept (RFC 9110, 15.5.16)", tc.name)
		}
	}
	if after := get(t, gw.admin+RulesPath).Header.Get("Etag"); after != before {
		t.Errorf("refused PUTs changed the rules (ETag %s, was %s)", after, before)
	}
	res := put(t, gw.admin+RulesPath, "application/yaml", "rules: [{id: teapot, abort: {status: 418}}]\n", "If-Match", before)
	readBody(t, res)
	if res.StatusCode != 200 || status(t, gw.url+"/anything") != 418 {
		t.Errorf("a valid PUT with the current ETag = %d; the new rule must be in force at once", res.StatusCode)
	}
	if up.count() != 0 {
		t.Error("a request reached the upstream although the new rule aborts everything")
	}
}

func TestAdminEndpointsRefuseWhatTheyDoNotTake(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, testConfig("http://127.0.0.1:9"))
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"DELETE", RulesPath, 405, "GET, HEAD, PUT, OPTIONS"},
		{"GET", ResetPath, 405, "POST, OPTIONS"},
		{"GET", "/__statuskit/nothing", 404, ""},
		{"GET", LogPath + "?limit=3", 400, ""},
		{"GET", "/healthz", 200, ""},
		{"GET", "/readyz", 200, ""},
	} {
		req, _ := http.NewRequest(tc.method, gw.admin+tc.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, res)
		if res.StatusCode != tc.status || res.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s = %d Allow %q (%q); want %d Allow %q", tc.method, tc.path, res.StatusCode, res.Header.Get("Allow"), body, tc.status, tc.allow)
		}
	}
}

// A limit of one byte is "1 byte", not "1 bytes".
func TestTooLargeRulesSayOneByteInTheSingular(t *testing.T) {
	t.Parallel()
	cfg := testConfig("http://127.0.0.1:9")
	cfg.Limits.MaxBytes = 1
	gw := startGateway(t, cfg)
	// No Content-Length: the limit is found while reading.
	req, _ := http.NewRequest(http.MethodPut, gw.admin+RulesPath, io.MultiReader(strings.NewReader("rules: []")))
	req.Header.Set("Content-Type", "application/yaml")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, res)
	if res.StatusCode != 413 || !strings.Contains(body, "more than 1 byte,") {
		t.Errorf("a 9-byte document over a 1-byte limit: %d %q; want 413 saying \"more than 1 byte\"", res.StatusCode, body)
	}
}

// The fault log of a rule id the gateway does not know is 404 naming the
// ids it knows: an empty 200 would read as "that rule injected nothing".
func TestTheLogOfAnUnknownRuleIs404ListingTheKnownIds(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, withRules(t, testConfig("http://127.0.0.1:9"), adminRules))
	for _, tc := range []struct {
		query string
		want  int
		says  []string
	}{
		{"?rule=unknown", 404, []string{`unknown`, "flaky-orders, slow", "header and max-in-flight", "e.g. /__statuskit/log?rule="}},
		{"?rule=slow", 200, []string{`"faults":[]`}},
		{"?rule=max-in-flight", 200, []string{`"faults":[]`}},
		{"", 200, []string{`"faults":[]`}},
	} {
		res := get(t, gw.admin+LogPath+tc.query, "Accept", "application/json")
		body := readBody(t, res)
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s%s: Cache-Control %q; the log changes with every fault and every PUT, so no-store", LogPath, tc.query, cc)
		}
		if res.StatusCode != tc.want {
			t.Errorf("GET %s%s = %d %q, want %d", LogPath, tc.query, res.StatusCode, body, tc.want)
		}
		for _, s := range tc.says {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s%s: %q does not say %q", LogPath, tc.query, body, s)
			}
		}
	}
}

// PUT takes the rules as JSON or YAML under their registered (or
// customary) media types and nothing else: 415 with Accept listing them
// (RFC 9110, 15.5.16).
func TestPutTakesOnlyTheJSONAndYAMLMediaTypes(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, testConfig("http://127.0.0.1:9"))
	const accept = "application/json, application/yaml, application/x-yaml, text/yaml"
	for _, tc := range []struct {
		contentType string
		want        int
	}{
		{"application/json", 200},
		{"application/yaml", 200},
		{"application/x-yaml", 200},
		{"text/yaml", 200},
		{"Application/YAML; charset=UTF-8", 200},
		{"text/x-yaml", 415},
		{"text/plain", 415},
		{"application/octet-stream", 415},
		{"application/x-www-form-urlencoded", 415},
		{"application/yaml; charset=latin1", 415},
		{"application/json; version=2", 415},
		{"", 415},
		{"yaml", 415},
	} {
		res := put(t, gw.admin+RulesPath, tc.contentType, "rules: []\n")
		body := readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("PUT as %q: %d %q, want %d", tc.contentType, res.StatusCode, body, tc.want)
		}
		if tc.want == 415 && (res.Header.Get("Accept") != accept || !strings.Contains(body, accept)) {
			t.Errorf("PUT as %q: 415 with Accept %q and %q; both must list %s (RFC 9110, 15.5.16)", tc.contentType, res.Header.Get("Accept"), body, accept)
		}
	}
}

// The admin API takes the rules document without a content coding: a
// coded one is refused with 415 and Accept-Encoding: identity (RFC 9110,
// 15.5.16 and 12.5.3), never parsed as the coded bytes.
func TestPutWithAContentCodingIs415AskingForIdentity(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, testConfig("http://127.0.0.1:9"))
	gzipped := "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
	for _, tc := range []struct {
		coding string
		want   int
	}{
		{"gzip", 415},
		{"br", 415},
		{"GZIP", 415},
		{"identity", 200},
	} {
		res := put(t, gw.admin+RulesPath, "application/yaml", map[bool]string{true: "rules: []\n", false: gzipped}[tc.want == 200], "Content-Encoding", tc.coding)
		body := readBody(t, res)
		if res.StatusCode != tc.want {
			t.Errorf("PUT with Content-Encoding: %s = %d %q, want %d (RFC 9110, 15.5.16)", tc.coding, res.StatusCode, body, tc.want)
			continue
		}
		if tc.want == 415 && (res.Header.Get("Accept-Encoding") != "identity" || !strings.Contains(body, "Content-Encoding") || strings.ContainsRune(body, 0x8b)) {
			t.Errorf("PUT with Content-Encoding: %s: 415 with Accept-Encoding %q and %q; want Accept-Encoding: identity (12.5.3) and a message naming Content-Encoding, not the coded bytes", tc.coding, res.Header.Get("Accept-Encoding"), body)
		}
	}
}

// A mistyped query parameter of the log is refused naming the one meant.
func TestAMistypedLogParameterSuggestsRule(t *testing.T) {
	t.Parallel()
	gw := startGateway(t, testConfig("http://127.0.0.1:9"))
	for _, tc := range []struct {
		query, want string
	}{
		{"?rul=slow", "did you mean ?rule=? e.g. " + LogPath + "?rule=slow"},
		{"?rules=slow", "did you mean ?rule=?"},
		{"?limit=3", "takes rule"},
	} {
		res := get(t, gw.admin+LogPath+tc.query)
		body := readBody(t, res)
		if res.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s%s = %d %q, want 400 saying %q", LogPath, tc.query, res.StatusCode, body, tc.want)
		}
	}
}
