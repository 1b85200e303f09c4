package gateway_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"

	"github.com/statuskit/statuskit/gateway"
	"github.com/statuskit/statuskit/gateway/rule"
)

// A gateway in front of a service: the first two checkouts of each client
// fail with 503, then they pass.
func Example() {
	service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "order placed\n")
	}))
	defer service.Close()

	rules, err := rule.Parse([]byte(`
rules:
  - id: first-two-fail
    match: {path: /checkout}
    sequence: [503, 503, pass]
`), "rules.yaml", rule.DefaultLimits)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := gateway.DefaultConfig()
	cfg.Upstream = service.URL
	cfg.Rules = rules
	cfg.Seed = 42
	g, err := gateway.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error)
	go func() { done <- g.Serve(ctx, ln, nil, nil) }()

	for range 3 {
		res, err := http.Post("http://"+ln.Addr().String()+"/checkout", "text/plain", nil)
		if err != nil {
			fmt.Println(err)
			break
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		fmt.Println(res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("X-Statuskit-Rule"))
	}
	stop()
	<-done
	// Output:
	// 503 3 first-two-fail
	// 503 3 first-two-fail
	// 200
}
