package status_test

import (
	"fmt"

	"github.com/statuskit/statuskit/status"
)

func ExampleLookup() {
	c, err := status.Lookup(405)
	if err != nil {
		panic(err)
	}
	fmt.Println(c, "-", c.Class().Name())
	for _, h := range c.RequiredHeaders() {
		fmt.Println(h.Level, h.Name)
	}
	// Output:
	// 405 Method Not Allowed - Client Error
	// MUST Allow
}

func ExampleLookup_unassigned() {
	c, _ := status.Lookup(299)
	fmt.Println(c.Standing, "treated as", c.Equivalent())
	_, err := status.Lookup(600)
	fmt.Println(err)
	// Output:
	// unassigned treated as 200
	// 600 is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15), e.g. 404
}

func ExampleFind() {
	for _, q := range []string{"not found", "TooManyRequests", "Request Entity Too Large"} {
		c, _ := status.Find(q)
		fmt.Println(c)
	}
	// Output:
	// 404 Not Found
	// 429 Too Many Requests
	// 413 Content Too Large
}

func ExampleSearch() {
	results := status.Search("rate limit")
	fmt.Println(results[0].Code)
	// Output: 429 Too Many Requests
}

func ExampleInClass() {
	for _, c := range status.InClass(status.Redirection) {
		if c.Redirect != nil {
			fmt.Println(c.Number, c.Redirect.Permanent, c.Redirect.MethodRule)
		}
	}
	// Output:
	// 301 true may-change-post-to-get
	// 302 false may-change-post-to-get
	// 303 false change-to-get
	// 307 false keep-method-and-body
	// 308 true keep-method-and-body
}

func ExampleNamed() {
	for _, q := range []string{"too many", "gateway", "list"} {
		fmt.Printf("%s: %v\n", q, status.Named(q))
	}
	// Output:
	// too many: [429 Too Many Requests]
	// gateway: [502 Bad Gateway 504 Gateway Timeout]
	// list: []
}
