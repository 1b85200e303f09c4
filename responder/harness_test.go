package responder_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
)

// serve answers one request for the code at the start of target's path
// ("/405?allow=GET") the way /{code} does, with the given request fields
// (name, value pairs; "Host" sets the request's host).
func serve(t *testing.T, cfg responder.Config, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	rs := responder.New(cfg)
	mux := http.NewServeMux()
	mux.HandleFunc("/{code}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("code"))
		if err != nil {
			t.Fatalf("test target %q does not start with a code", target)
		}
		if err := rs.Serve(w, r, n); err != nil {
			reply.WriteError(w, r, err)
		}
	})
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			r.Host = header[i+1]
			continue
		}
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

func defaultConfig() responder.Config {
	return responder.Config{MaxSleep: time.Second, MaxSleeping: 10, MaxFields: 8, MaxRangeSize: 1 << 20}
}
