package sample_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/sample"
)

func ExampleRanges() {
	r := httptest.NewRequest(http.MethodGet, "/range/26", nil)
	r.Header.Set("Range", "bytes=0-4")
	w := httptest.NewRecorder()
	resp := sample.Ranges(w, r, 26, nil)
	fmt.Println(resp.Status, w.Header().Get("Content-Range"), string(resp.Content))
	// Output: 206 bytes 0-4/26 abcde
}
