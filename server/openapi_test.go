package server

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// The OpenAPI document (openapi.json, served at /openapi.json) must be
// valid OpenAPI 3.1, describe every route the server registers, and agree
// with what the server really sends.

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	return doc
}

func TestOpenAPIDocumentIsValidOpenAPI31(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi.json declares OpenAPI %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("operationId %q is used by %s %s and %s", op.OperationID, method, path, other)
			}
			ids[op.OperationID] = method + " " + path
		}
	}
	// The document served is the one tested.
	ts := testServer(t, Config{})
	if res := get(t, ts, "/openapi.json"); string(res.body) != string(openAPIDocument) || res.Header.Get("Content-Type") != "application/json" {
		t.Errorf("GET /openapi.json answered %q and %d bytes, want the embedded document as application/json", res.Header.Get("Content-Type"), len(res.body))
	}
}

// registeredRoute is a pattern the server's code registers, with the
// methods it names (none: every method).
type registeredRoute struct {
	path    string
	methods []string
	where   string
}

// registeredRoutes reads the package's source for mux registrations, so a
// route added anywhere without a description fails this test.
func registeredRoutes(t *testing.T) []registeredRoute {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	registrars := map[string]bool{"Handle": true, "HandleFunc": true, "Resource": true, "Any": true}
	var out []registeredRoute
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !registrars[sel.Sel.Name] {
				return true
			}
			var pattern string
			var methods []string
			for _, arg := range call.Args {
				switch a := arg.(type) {
				case *ast.BasicLit:
					if s, err := strconv.Unquote(a.Value); err == nil && pattern == "" && strings.Contains(s, "/") {
						pattern = s
					}
				case *ast.CallExpr: // route.GET(handler)
					if m, ok := a.Fun.(*ast.SelectorExpr); ok {
						switch name := strings.TrimSuffix(m.Sel.Name, "Handler"); name {
						case "GET", "POST", "PUT", "DELETE", "PATCH":
							methods = append(methods, name)
						}
					}
				}
			}
			if pattern == "" || pattern == "/" { // "/" is the 404 fallback
				return true
			}
			if m, p, ok := strings.Cut(pattern, " "); ok {
				methods, pattern = append(methods, m), p
			}
			pattern = strings.Replace(pattern, "{$}", "", 1)
			pattern = regexp.MustCompile(`\{(\w+)\.\.\.\}`).ReplaceAllString(pattern, "{$1}")
			out = append(out, registeredRoute{path: pattern, methods: methods, where: fset.Position(call.Pos()).String()})
			return true
		})
	}
	if len(out) < 10 {
		t.Fatalf("found only %d route registrations in the source; the scan is broken", len(out))
	}
	return out
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	for _, r := range registeredRoutes(t) {
		item := doc.Paths.Value(r.path)
		if item == nil {
			t.Errorf("%s registers %s, which openapi.json does not describe", r.where, r.path)
			continue
		}
		for _, m := range r.methods {
			if item.GetOperation(m) == nil {
				t.Errorf("%s registers %s %s, which openapi.json does not describe", r.where, m, r.path)
			}
		}
	}
	registered := map[string]bool{}
	for _, r := range registeredRoutes(t) {
		registered[r.path] = true
	}
	for path := range doc.Paths.Map() {
		if !registered[path] {
			t.Errorf("openapi.json describes %s, which the server does not register", path)
		}
	}
}

var registerDecoders sync.Once

// conformanceCase is one real request whose response must match the
// document.
type conformanceCase struct {
	method   string
	template string // the document's path
	target   string // what is sent
	params   map[string]string
	header   http.Header
	body     string
	status   int // expected, so the case really exercises what it names
}

func TestRealResponsesMatchTheOpenAPIDocument(t *testing.T) {
	t.Parallel()
	registerDecoders.Do(func() {
		// Bodies the validator cannot parse as JSON are checked as text:
		// their schemas are strings.
		for _, ct := range []string{"text/html", "text/css", "text/javascript", "image/svg+xml", "message/http",
			"application/xml", "multipart/byteranges", "application/openmetrics-text"} {
			openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
		}
	})
	doc := loadOpenAPI(t)
	ts := testServer(t, Config{})
	client := noRedirects(ts)
	jsonH, htmlH, textH := hdr("Accept", "application/json"), hdr("Accept", "text/html"), hdr("Accept", "text/plain")
	code := func(c string) map[string]string { return map[string]string{"code": c} }
	cases := []conformanceCase{
		{"GET", "/{code}", "/200", code("200"), nil, "", 200},
		{"GET", "/{code}", "/200", code("200"), jsonH, "", 200},
		{"GET", "/{code}", "/503", code("503"), jsonH, "", 503},
		{"GET", "/{code}", "/503", code("503"), htmlH, "", 503},
		{"GET", "/{code}", "/404?retry-after=5", code("404"), nil, "", 404},
		{"GET", "/{code}", "/207", code("207"), jsonH, "", 207},
		{"GET", "/{code}", "/207", code("207"), nil, "", 207},
		{"GET", "/{code}", "/206", code("206"), nil, "", 206},
		{"GET", "/{code}", "/418?header=X-Test:1&body=short+and+stout", code("418"), nil, "", 418},
		{"GET", "/{code}", "/204", code("204"), nil, "", 204},
		{"POST", "/{code}", "/201", code("201"), jsonH, "hello", 201},
		{"DELETE", "/{code}", "/200", code("200"), nil, "", 200},
		{"TRACE", "/{code}", "/200", code("200"), nil, "", 200},
		{"GET", "/{code}", "/600", code("600"), jsonH, "", 400},
		{"GET", "/status/{codes}", "/status/429", map[string]string{"codes": "429"}, jsonH, "", 429},
		{"GET", "/", "/", nil, nil, "", 200},
		{"GET", "/", "/?q=retry", nil, htmlH, "", 200},
		{"GET", "/", "/?q=teapot", nil, jsonH, "", 200},
		{"GET", "/codes", "/codes", nil, nil, "", 200},
		{"GET", "/codes", "/codes?class=4xx&q=auth", nil, nil, "", 200},
		{"GET", "/codes", "/codes?standing=unofficial", nil, textH, "", 200},
		{"GET", "/codes", "/codes?class=9xx", nil, nil, "", 400},
		{"GET", "/codes/{code}", "/codes/503", code("503"), nil, "", 200},
		{"GET", "/codes/{code}", "/codes/299", code("299"), nil, "", 200},
		{"GET", "/codes/{code}", "/codes/308", code("308"), htmlH, "", 200},
		{"GET", "/codes/{code}", "/codes/405", code("405"), textH, "", 200},
		{"GET", "/codes/{code}", "/codes/abc", code("abc"), nil, "", 404},
		{"GET", "/codes/{code}", "/codes/600", code("600"), nil, "", 400},
		{"GET", "/static/{name}", "/static/style.css", map[string]string{"name": "style.css"}, nil, "", 200},
		{"GET", "/static/{name}", "/static/app.js", map[string]string{"name": "app.js"}, nil, "", 200},
		{"GET", "/healthz", "/healthz", nil, nil, "", 200},
		{"GET", "/healthz", "/healthz", nil, jsonH, "", 200},
		{"GET", "/readyz", "/readyz", nil, jsonH, "", 200},
		{"GET", "/metrics", "/metrics", nil, nil, "", 200},
		{"GET", "/openapi.json", "/openapi.json", nil, nil, "", 200},
	}
	cases = append(cases, otherConformanceCases()...)
	for _, tc := range cases {
		checkConformance(t, doc, client, ts, tc)
	}
	// A job, followed from creation to its result.
	res := checkConformance(t, doc, client, ts, conformanceCase{"POST", "/jobs", "/jobs?duration=0&result=201", nil, jsonH, "", 202})
	if res == nil {
		return
	}
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/jobs/")
	checkConformance(t, doc, client, ts, conformanceCase{"GET", "/jobs/{id}", loc, map[string]string{"id": id}, nil, "", 303})
	checkConformance(t, doc, client, ts, conformanceCase{"GET", "/jobs/{id}/result", loc + "/result", map[string]string{"id": id}, jsonH, "", 201})
	checkConformance(t, doc, client, ts, conformanceCase{"DELETE", "/jobs/{id}", loc, map[string]string{"id": id}, nil, "", 204})
	checkConformance(t, doc, client, ts, conformanceCase{"GET", "/jobs/{id}", loc, map[string]string{"id": id}, jsonH, "", 410})
}

// checkConformance sends tc and validates request and response against
// the document; it returns the response, nil when it could not be checked.
func checkConformance(t *testing.T, doc *openapi3.T, client *http.Client, ts *httptest.Server, tc conformanceCase) *http.Response {
	t.Helper()
	ctx := context.Background()
	what := tc.method + " " + tc.target
	if len(tc.header) > 0 {
		what += " [Accept: " + tc.header.Get("Accept") + "]"
	}
	item := doc.Paths.Value(tc.template)
	if item == nil || item.GetOperation(tc.method) == nil {
		t.Errorf("%s: openapi.json has no %s %s", what, tc.method, tc.template)
		return nil
	}
	var body io.Reader
	if tc.body != "" {
		body = strings.NewReader(tc.body)
	}
	req, err := http.NewRequest(tc.method, ts.URL+tc.target, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range tc.header {
		req.Header[k] = v
	}
	if tc.body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "text/plain")
	}
	route := &routers.Route{Spec: doc, Path: tc.template, PathItem: item, Method: tc.method, Operation: item.GetOperation(tc.method)}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: tc.params, Route: route, Options: opts}
	if tc.status < 400 {
		// Requests the server accepts must be valid by the document too.
		vreq := req.Clone(ctx)
		if tc.body != "" {
			vreq.Body = io.NopCloser(strings.NewReader(tc.body))
		}
		in.Request = vreq
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("%s: the document says this request is invalid: %v", what, err)
		}
		in.Request = req
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != tc.status {
		t.Errorf("%s: %d, want %d (the case must exercise the status it names): %s", what, res.StatusCode, tc.status, b)
		return nil
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header, Options: opts}
	out.SetBodyBytes(b)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s: the response (%d %s) does not match openapi.json: %v", what, res.StatusCode, res.Header.Get("Content-Type"), err)
	}
	return res
}

// otherConformanceCases exercise the httpbin-style endpoints and the
// stateful scenarios.
func otherConformanceCases() []conformanceCase {
	jsonH := hdr("Accept", "application/json")
	basic := hdr("Authorization", "Basic dXNlcjpwYXNzd2Q=") // user:passwd
	userPass := map[string]string{"user": "user", "pass": "passwd"}
	n := func(v string) map[string]string { return map[string]string{"n": v} }
	return []conformanceCase{
		{"GET", "/basic-auth/{user}/{pass}", "/basic-auth/user/passwd", userPass, basic, "", 200},
		{"GET", "/basic-auth/{user}/{pass}", "/basic-auth/user/passwd", userPass, jsonH, "", 401},
		{"GET", "/basic-auth/{user}/{pass}", "/basic-auth/user/passwd?role=admin", userPass, basic, "", 403},
		{"GET", "/hidden-basic-auth/{user}/{pass}", "/hidden-basic-auth/user/passwd", userPass, nil, "", 404},
		{"GET", "/bearer", "/bearer", nil, hdr("Authorization", "Bearer user.admin"), "", 200},
		{"GET", "/bearer", "/bearer?scope=admin", nil, hdr("Authorization", "Bearer user.admin"), "", 200},
		{"GET", "/bearer", "/bearer", nil, hdr("Authorization", "Bearer expired-1"), "", 401},
		{"GET", "/cache", "/cache", nil, nil, "", 200},
		{"GET", "/cache/{seconds}", "/cache/60", map[string]string{"seconds": "60"}, nil, "", 200},
		{"GET", "/etag/{etag}", "/etag/abc", map[string]string{"etag": "abc"}, nil, "", 200},
		{"GET", "/etag/{etag}", "/etag/abc", map[string]string{"etag": "abc"}, hdr("If-Match", `"other"`), "", 412},
		{"GET", "/range/{n}", "/range/100", n("100"), nil, "", 200},
		{"GET", "/range/{n}", "/range/100", n("100"), hdr("Range", "bytes=0-9"), "", 206},
		{"GET", "/range/{n}", "/range/100", n("100"), hdr("Range", "bytes=0-9,20-29"), "", 206},
		{"GET", "/range/{n}", "/range/100", n("100"), hdr("Range", "bytes=500-"), "", 416},
		{"GET", "/redirect/{n}", "/redirect/2", n("2"), nil, "", 302},
		{"POST", "/redirect/{n}", "/redirect/1?status=307", n("1"), nil, "x", 307},
		{"GET", "/relative-redirect/{n}", "/relative-redirect/1", n("1"), nil, "", 302},
		{"GET", "/absolute-redirect/{n}", "/absolute-redirect/1", n("1"), nil, "", 302},
		{"GET", "/redirect-to", "/redirect-to?url=/200&status=303", nil, nil, "", 303},
		{"GET", "/redirect-to", "/redirect-to", nil, nil, "", 400},
		{"GET", "/sequence/{codes}", "/sequence/503,200?key=oas", map[string]string{"codes": "503,200"}, jsonH, "", 503},
		{"GET", "/sequence/{codes}", "/sequence/503,200?key=oas", map[string]string{"codes": "503,200"}, jsonH, "", 200},
		{"DELETE", "/sequence/{codes}", "/sequence/503,200?key=oas", map[string]string{"codes": "503,200"}, nil, "", 204},
		{"GET", "/sequence/", "/sequence/", nil, nil, "", 400},
		{"GET", "/ratelimit", "/ratelimit?key=oas&limit=1&window=1m", nil, nil, "", 200},
		{"GET", "/ratelimit", "/ratelimit?key=oas&limit=1&window=1m", nil, jsonH, "", 429},
		{"PUT", "/resources/{name}", "/resources/note?key=oas", map[string]string{"name": "note"}, hdr("Content-Type", "application/json"), `{"n":1}`, 201},
		{"GET", "/resources/{name}", "/resources/note?key=oas", map[string]string{"name": "note"}, nil, "", 200},
		{"GET", "/resources/{name}", "/resources/none?key=oas", map[string]string{"name": "none"}, jsonH, "", 404},
		{"DELETE", "/resources/{name}", "/resources/note?key=oas", map[string]string{"name": "note"}, nil, "", 204},
		{"POST", "/resources", "/resources?key=oas", nil, hdr("Content-Type", "application/json"), `[{"name":"a","value":1},{"name":"a","value":2}]`, 207},
	}
}
