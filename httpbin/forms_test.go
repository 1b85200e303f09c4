package httpbin

import (
	"strings"
	"testing"
)

// TestIncompletePathsNameTheirForm: a 404 for a path that starts like one
// of statuskit's httpbin-style endpoints (/basic-auth/, /etag/) gives that
// endpoint's form with an example, not the generic "/{code}" hint, and is
// never told statuskit lacks the endpoint.
func TestIncompletePathsNameTheirForm(t *testing.T) {
	tests := []struct{ path, form string }{
		{"/basic-auth/", "/basic-auth/{user}/{password}, e.g. /basic-auth/alice/secret"},
		{"/basic-auth/alice", "/basic-auth/{user}/{password}"},
		{"/hidden-basic-auth/", "/hidden-basic-auth/{user}/{password}"},
		{"/etag/", "/etag/{etag}, e.g. /etag/v1"},
		{"/etag/a/b", "/etag/{etag}"},
		{"/range/", "/range/{n}, e.g. /range/3"},
		{"/delay/", "/delay/{seconds}"},
		{"/absolute-redirect/", "/absolute-redirect/{n}, e.g."},
		{"/redirect-to/x", "/redirect-to?url="},
		{"/nothing", ""},
		{"/get", ""},
	}
	for _, tt := range tests {
		got := Form(tt.path, "")
		if tt.form == "" && got != "" || !strings.Contains(got, tt.form) {
			t.Errorf("Form(%q) = %q; want %q", tt.path, got, tt.form)
		}
		if tt.form != "" && Equivalent(tt.path, "") != "" {
			t.Errorf("Equivalent(%q) = %q; statuskit serves this endpoint, so it has no equivalent", tt.path, Equivalent(tt.path, ""))
		}
	}
	for first := range forms {
		if _, ok := equivalents[first]; ok {
			t.Errorf("/%s is both served (forms) and named as lacking (equivalents)", first)
		}
	}
}
