package httpbin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/httpbin"
	"github.com/statuskit/statuskit/route"
)

func ExampleEndpoints_Cache() {
	hb := httpbin.New(httpbin.Config{MaxRangeSize: 1 << 20, MaxRedirects: 5})
	mux := http.NewServeMux()
	route.Resource(mux, "/cache", route.GET(hb.Cache))
	for _, inm := range []string{"", `"statuskit-1"`} {
		r := httptest.NewRequest(http.MethodGet, "/cache", nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("Etag"), w.Header().Get("Cache-Control"))
	}
	// Output:
	// 200 "statuskit-1" no-cache
	// 304 "statuskit-1" no-cache
}
