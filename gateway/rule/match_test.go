package rule

import (
	"net/http/httptest"
	"testing"
)

func TestGlobStarMatchesAnyRun(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"/orders*", "/orders", true},
		{"/orders*", "/orders/1/items", true},
		{"/orders*", "/order", false},
		{"/orders", "/orders/1", false},
		{"*", "", true},
		{"*.json", "/a/b.json", true},
		{"*.json", "/a/b.jsonx", false},
		{"/a*b*c", "/axxbyyc", true},
		{"/a*b*c", "/axxcyyb", false},
		{"/a*b", "/ab", true},
		{"ab*b", "ab", false},
		{"/v?/x", "/v?/x", true},
		{"/v?/x", "/v1/x", false},
		{"/[a]", "/[a]", true},
		{"**", "anything", true},
	} {
		if got := CompileGlob(tc.pattern).Match(tc.s); got != tc.want {
			t.Errorf("%q matching %q = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestEveryConditionOfAMatchMustHold(t *testing.T) {
	set, err := Parse([]byte(`rules:
  - id: r
    match: {method: [PUT, PATCH], path: /items/*, header: {X-Env: stag*, X-Trace: "*"}, client: "10.0.*"}
`), "t.yaml", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Rules[0]
	for _, tc := range []struct {
		method, path string
		fields       map[string]string
		key          string
		want         bool
	}{
		{"PUT", "/items/1", map[string]string{"X-Env": "staging", "X-Trace": "t"}, "10.0.0.7", true},
		{"PATCH", "/items/1", map[string]string{"x-env": "stage", "X-Trace": ""}, "10.0.9.9", true},
		{"GET", "/items/1", map[string]string{"X-Env": "staging", "X-Trace": "t"}, "10.0.0.7", false},
		{"put", "/items/1", map[string]string{"X-Env": "staging", "X-Trace": "t"}, "10.0.0.7", false},
		{"PUT", "/other", map[string]string{"X-Env": "staging", "X-Trace": "t"}, "10.0.0.7", false},
		{"PUT", "/items/1", map[string]string{"X-Env": "prod", "X-Trace": "t"}, "10.0.0.7", false},
		{"PUT", "/items/1", map[string]string{"X-Env": "staging"}, "10.0.0.7", false},
		{"PUT", "/items/1", map[string]string{"X-Env": "staging", "X-Trace": "t"}, "192.168.0.1", false},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		for k, v := range tc.fields {
			req.Header.Set(k, v)
		}
		if got := r.Matches(req, func() string { return tc.key }); got != tc.want {
			t.Errorf("%s %s %v key %s: %v, want %v", tc.method, tc.path, tc.fields, tc.key, got, tc.want)
		}
	}
}
