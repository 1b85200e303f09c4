package param_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/statuskit/statuskit/param"
)

// One rule for durations everywhere: a bare number is milliseconds.
func ExampleDuration() {
	q := url.Values{"window": {"10"}}
	d, err := param.Duration(q, "window", time.Minute, time.Millisecond, time.Hour, "--max-window")
	fmt.Println(d, err)
	q.Set("window", "10s")
	d, _ = param.Duration(q, "window", time.Minute, time.Millisecond, time.Hour, "--max-window")
	fmt.Println(d)
	q.Set("window", "ten")
	_, err = param.Duration(q, "window", time.Minute, time.Millisecond, time.Hour, "--max-window")
	fmt.Println(err)
	// Output:
	// 10ms <nil>
	// 10s
	// ?window="ten" must be a duration from 1ms to 1h0m0s: a bare number is milliseconds, or give a unit: 250ms, 1.5s, 2m, e.g. ?window=10s
}

func ExampleCode() {
	for _, text := range []string{"404", "0404", "600"} {
		n, err := param.Code(text, "/codes/")
		fmt.Println(n, err)
	}
	// Output:
	// 404 <nil>
	// 0 "0404": write the status code as exactly three digits, e.g. /codes/404 (status codes are 100 to 599)
	// 0 600 is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15), e.g. 404; try /codes/599
}
