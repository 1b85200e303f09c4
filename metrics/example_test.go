package metrics_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/statuskit/statuskit/metrics"
)

func ExampleMetrics_Measure() {
	m := metrics.New(metrics.Options{Namespace: "demo"})
	mux := http.NewServeMux()
	mux.HandleFunc("/items/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := m.Measure(mux)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/7", nil))
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if strings.HasPrefix(line, "demo_http_requests_total{") {
			fmt.Println(line)
		}
	}
	// Output: demo_http_requests_total{code="418",route="/items/{id}"} 1
}
