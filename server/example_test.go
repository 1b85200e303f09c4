package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/server"
)

// ExampleNew mounts the server in a test, as Go tests of HTTP clients do,
// and asks for a 503: it comes with the Retry-After a client should honour.
func ExampleNew() {
	ts := httptest.NewServer(server.New(server.Config{}))
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/503")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	fmt.Println("Retry-After:", resp.Header.Get("Retry-After"))
	fmt.Println("Cache-Control:", resp.Header.Get("Cache-Control"))
	// Output:
	// 503 Service Unavailable
	// Retry-After: 3
	// Cache-Control: no-store
}

// ExampleNew_weighted picks among codes by weight, httpbin style; a zero
// weight is never picked.
func ExampleNew_weighted() {
	ts := httptest.NewServer(server.New(server.Config{}))
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/status/200:1,503:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output: 200
}
