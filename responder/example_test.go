package responder_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
)

// A handler answers with any status code through a Responder: the registry
// decides the fields (Retry-After on 503, Allow on 405...), the client's
// modifiers adjust them.
func ExampleResponder_Serve() {
	codes := responder.New(responder.Config{MaxSleep: time.Second, MaxSleeping: 10, MaxFields: 8, MaxRangeSize: 1 << 20})
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/503?retry-after=120", nil)
	if err := codes.Serve(w, r, 503); err != nil {
		reply.WriteError(w, r, err)
	}
	fmt.Println(w.Code, w.Header().Get("Retry-After"))
	// Output: 503 120
}

func ExampleParseModifiers() {
	m, err := responder.ParseModifiers("sleep=250&header=X-Request-Id:42", nil, responder.Limits{MaxSleep: time.Second, MaxFields: 4}, "")
	fmt.Println(m.Sleep, m.Fields, err)
	_, err = responder.ParseModifiers("slep=1", nil, responder.Limits{}, "")
	fmt.Println(err)
	// Output:
	// 250ms [{X-Request-Id 42}] <nil>
	// unknown query parameter "slep"; the parameters are sleep, header, body, retry-after, location, allow, final, size, id
}
