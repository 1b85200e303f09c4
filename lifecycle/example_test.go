package lifecycle_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/statuskit/statuskit/lifecycle"
)

// A process with two listeners, drained together when the context ends.
func ExampleRun() {
	ctx, cancel := context.WithCancel(context.Background())
	var state lifecycle.State
	addrs := make(chan net.Addr, 2)
	done := make(chan error, 1)
	go func() {
		done <- lifecycle.Run(ctx, lifecycle.Options{State: &state, DrainTimeout: time.Second,
			Ready: func(_ string, addr net.Addr, _ string) { addrs <- addr }},
			lifecycle.Listener{Name: "app", Addr: "127.0.0.1:0", Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, "hello\n")
			})},
			lifecycle.Listener{Name: "admin", Addr: "127.0.0.1:0", Handler: lifecycle.HealthHandler()},
		)
	}()
	app, admin := <-addrs, <-addrs
	for _, a := range []net.Addr{app, admin} {
		res, err := http.Get("http://" + a.String() + "/")
		if err != nil {
			fmt.Println(err)
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Print(res.StatusCode, " ", string(b))
	}
	cancel()
	fmt.Println(<-done, state.Draining())
	// Output:
	// 200 hello
	// 200 ok
	// <nil> true
}
