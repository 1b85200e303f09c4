package check_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/check"
)

// A 405 without Allow, found and explained.
func ExampleChecker_Check() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/orders" && r.Method != "POST" {
			http.Error(w, "use POST", http.StatusMethodNotAllowed) // no Allow
			return
		}
		http.NotFound(w, r)
	}))
	defer api.Close()

	cfg := check.DefaultConfig()
	cfg.RPS = 1000
	c, err := check.New(cfg)
	if err != nil {
		panic(err)
	}
	rep, err := c.Check(context.Background(), []check.Target{{URL: api.URL + "/orders"}})
	if err != nil {
		panic(err)
	}
	for _, f := range rep.Findings {
		if f.Method == "GET" {
			fmt.Printf("%s %s (%s): %s\n", f.Severity, f.Rule, f.Spec, f.Message)
		}
	}
	// Output:
	// MUST allow-on-405 (RFC 9110, 15.5.6): 405 Method Not Allowed without Allow
}

// Every rule has a stable id, a severity and the section it follows.
func ExampleRules() {
	r, _ := check.Lookup("content-on-bodiless")
	fmt.Println(r.ID, r.Severity, r.Spec, r.Spec.URL)
	// Output:
	// content-on-bodiless MUST RFC 9110, 6.4.1 https://www.rfc-editor.org/rfc/rfc9110.html#section-6.4.1
}

// A host written without its scheme is refused with the URL meant.
func ExampleParseTarget() {
	_, err := check.ParseTarget("localhost:8080/users/1")
	fmt.Println(err)
	u, _ := check.ParseTarget("http://localhost:8080")
	fmt.Println(u)
	// Output:
	// "localhost:8080/users/1" cannot be checked: it has no scheme (http:// or https://); did you mean http://localhost:8080/users/1?
	// http://localhost:8080/
}
