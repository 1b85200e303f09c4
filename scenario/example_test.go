package scenario_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/statuskit/statuskit/responder"
	"github.com/statuskit/statuskit/route"
	"github.com/statuskit/statuskit/scenario"
	"github.com/statuskit/statuskit/store"
)

// Successive requests with one key walk through a sequence, the last code
// repeating.
func ExampleScenarios_Sequence() {
	codes := responder.New(responder.Config{MaxSleep: time.Second, MaxSleeping: 10, MaxFields: 8, MaxRangeSize: 1 << 20})
	sc := scenario.New(scenario.Config{Store: store.NewMemory(store.MemoryOptions{MaxKeys: 100}), StateTTL: time.Hour}, codes)
	mux := http.NewServeMux()
	route.Any(mux, "/sequence/{codes}", sc.Sequence)
	for range 4 {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sequence/503,503,200?key=demo", nil))
		fmt.Printf("%d %s Retry-After=%q\n", w.Code, w.Header().Get("X-Statuskit-Sequence"), w.Header().Get("Retry-After"))
	}
	// Output:
	// 503 1/3 Retry-After="3"
	// 503 2/3 Retry-After="3"
	// 200 3/3 Retry-After=""
	// 200 3/3 Retry-After=""
}
