package route_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/route"
)

func ExampleResource() {
	mux := http.NewServeMux()
	route.Resource(mux, "/things/{id}",
		route.GET(func(w http.ResponseWriter, r *http.Request) error { _, err := w.Write([]byte("thing\n")); return err }),
		route.DELETE(func(w http.ResponseWriter, r *http.Request) error { w.WriteHeader(http.StatusNoContent); return nil }))
	for _, method := range []string{http.MethodGet, http.MethodOptions, http.MethodPost} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(method, "/things/1", nil))
		fmt.Println(method, w.Code, w.Header().Get("Allow") != "")
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/things/1", nil))
	fmt.Println(w.Header().Get("Allow"))
	// Output:
	// GET 200 false
	// OPTIONS 204 true
	// POST 405 true
	// GET, HEAD, DELETE, OPTIONS
}
