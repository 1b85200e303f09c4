package statuskittest_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/statuskit/statuskit/statuskittest"
)

// A client that retries 503 after the Retry-After it is given meets two
// 503s and then the 200. In a test, write statuskittest.NewServer(t) and
// drop the Close: the test's cleanup closes the server.
func ExampleNewServer() {
	sk := statuskittest.NewServer(nil)
	defer sk.Close()

	// Each element of the sequence carries its own Retry-After, in
	// seconds, so the example waits 1s and not the default 3s.
	url := sk.URL + "/sequence/503;retry-after=1,503;retry-after=0,200"
	start := time.Now()
	resp, waits, err := getRetrying(sk.Client(), url, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status, "at request", resp.Header.Get("X-Statuskit-Sequence"))
	fmt.Println("waits:", waits)
	fmt.Println("waited at least that long:", time.Since(start) >= sum(waits))
	// Output:
	// 200 OK at request 3/3
	// waits: [1s 0s]
	// waited at least that long: true
}

// Two requests a second: the third is refused with 429 and a Retry-After,
// and the same request sent after that wait is allowed.
func ExampleNewServer_rateLimit() {
	sk := statuskittest.NewServer(nil)
	defer sk.Close()

	url := sk.URL + "/ratelimit?limit=2&window=1s&key=example"
	for range 2 {
		resp, err := sk.Client().Get(url)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	resp, waits, err := getRetrying(sk.Client(), url, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status, "after waiting", waits)
	// Output:
	// 200 OK
	// 200 OK
	// 200 OK after waiting [1s]
}

// An asynchronous job: POST answers 202 Accepted with the Location of a
// status monitor and a Retry-After; the monitor answers 200 while the job
// runs and 303 See Other to the result once it is done.
func ExampleNewServer_job() {
	sk := statuskittest.NewServer(nil)
	defer sk.Close()
	// Redirects are followed by hand, to see the 303.
	client := sk.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	req, err := http.NewRequest(http.MethodPost, sk.URL+"/jobs?duration=500ms&result=201", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	// Poll the monitor, at the pace its Retry-After asks, until it
	// redirects; ten polls bound the loop should the job never finish.
	for range 10 {
		monitor, err := resp.Location()
		if err != nil {
			fmt.Println("no Location:", err)
			return
		}
		wait, err := retryAfter(resp.Header.Get("Retry-After"))
		if err != nil {
			fmt.Println(err)
			return
		}
		time.Sleep(wait)
		if resp, err = client.Get(monitor.String()); err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			break
		}
	}
	fmt.Println(resp.Status)
	result, err := resp.Location()
	if err != nil {
		fmt.Println("no Location:", err)
		return
	}
	if resp, err = client.Get(result.String()); err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// 202 Accepted
	// 303 See Other
	// 201 Created
}

// getRetrying is the retrying client these examples test. It sends GET
// url, at most tries times in all, as long as the answer is 429 or 503,
// waiting before each new try the Retry-After the answer carried. It
// returns the last response and the waits.
func getRetrying(c *http.Client, url string, tries int) (*http.Response, []time.Duration, error) {
	var waits []time.Duration
	for try := 1; ; try++ {
		resp, err := c.Get(url)
		if err != nil {
			return nil, waits, err
		}
		if try == tries || resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
			return resp, waits, nil
		}
		wait, err := retryAfter(resp.Header.Get("Retry-After"))
		// Read the content to the end so the connection is reused.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, waits, err
		}
		waits = append(waits, wait)
		time.Sleep(wait)
	}
}

// maxWait is the longest Retry-After getRetrying honours: a server that
// asks for more gets an error rather than a client hung for an hour.
const maxWait = 10 * time.Second

// retryAfter reads a Retry-After field (RFC 9110, 10.2.3): delta-seconds
// or an HTTP-date. Without one, a client picks its own pause.
func retryAfter(v string) (time.Duration, error) {
	var wait time.Duration
	if v == "" {
		wait = 100 * time.Millisecond
	} else if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		wait = time.Duration(secs) * time.Second
	} else if date, err := http.ParseTime(v); err == nil {
		wait = max(time.Until(date), 0)
	} else {
		return 0, fmt.Errorf("Retry-After %q is neither delta-seconds (120) nor an HTTP-date (Sun, 06 Nov 1994 08:49:37 GMT)", v)
	}
	if wait > maxWait {
		return 0, fmt.Errorf("Retry-After %q asks for %s, longer than the %s this client waits", v, wait, maxWait)
	}
	return wait, nil
}

func sum(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}
