package policy_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/statuskit/statuskit/policy"
)

// An origin server composes the policies around its handler; CORS goes
// outside the others so their refusals are readable by scripts too.
func ExampleBodyLimit() {
	h := policy.CORS([]string{"*"}, policy.Methods(policy.BodyLimit(8, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))))
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodPost, "/", strings.NewReader("0123456789")),
		httptest.NewRequest("BREW", "/", nil),
	} {
		r.Header.Set("Origin", "https://app.example")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(r.Method, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// POST 413 *
	// BREW 501 *
}
