// Command flood is bench/memory's client: it sends one request for each of
// N distinct state keys to a statuskit server on loopback, as a client
// flooding the stateful scenarios with new keys would, and then can count
// how many of those keys the server still holds.
//
//	flood -url http://127.0.0.1:8080 -n 200000 -c 16     # a sequence per key
//	flood -url http://127.0.0.1:8080 -n 200000 -probe     # count held keys
//	flood -url http://127.0.0.1:8080 -n 20000 -path /resources/doc -put 4096
//	flood -url http://127.0.0.1:8080 -n 20000 -same      # one key: warm-up
//
// Request i goes to PATH?key=PREFIXi, so every request creates one store
// entry: by default a GET of /sequence/503,200, with -put a PUT of a
// text/plain body of that many bytes, for a path such as /resources/doc.
//
// -probe asks again from the newest key back, in batches of -c, and stops
// after the first batch with a miss: the store evicts the least recently
// used, so the held keys are the newest ones. For a sequence, a held key's
// second request gets the second element (200, X-Statuskit-Sequence: 2/2)
// and an evicted one starts over (503, 1/2); re-asking moves a held key to
// the front and re-inserts a missed one, evicting one older key, so
// probing never changes how many are held. For a resource the probe is a
// GET: 200 held, 404 not.
//
// Only loopback addresses are accepted: this is a load generator.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var f flood
	base := flag.String("url", "", "server base URL, on loopback, e.g. http://127.0.0.1:8080")
	flag.StringVar(&f.path, "path", "/sequence/503,200", "stateful path whose state each key creates; a two-element sequence lets -probe tell held keys apart")
	n := flag.Int("n", 200_000, "distinct keys")
	c := flag.Int("c", 16, "concurrent connections")
	flag.StringVar(&f.prefix, "prefix", "flood-", "key prefix; key i is PREFIXi")
	probe := flag.Bool("probe", false, "count the keys the server still holds instead of sending new ones")
	flag.BoolVar(&f.same, "same", false, "send every request with the one key PREFIX (warm-up traffic that creates no new state)")
	put := flag.Int("put", 0, "PUT a text/plain body of this many bytes instead of GET, e.g. -path /resources/doc -put 4096")
	flag.Parse()
	err := f.setup(*base, *c, *put)
	switch {
	case err != nil:
	case *n < 1:
		err = fmt.Errorf("-n %d must be at least 1", *n)
	case *probe:
		err = f.probe(*n, *c)
	default:
		err = f.send(*n, *c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "flood:", err)
		os.Exit(1)
	}
}

type flood struct {
	client       *http.Client
	base, path   string
	prefix, body string
	same         bool
}

func (f *flood) setup(base string, c, put int) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("-url %q must be http://127.0.0.1:PORT", base)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-url %q: only loopback addresses (127.0.0.1, ::1) are allowed", base)
	}
	if c < 1 || put < 0 {
		return fmt.Errorf("-c %d must be at least 1 and -put %d at least 0", c, put)
	}
	f.base, f.body = base, strings.Repeat("x", put)
	f.client = &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c},
	}
	return nil
}

// do sends request i (a PUT with -put, unless get is set) and returns the
// status and the X-Statuskit-Sequence field.
func (f *flood) do(i int, get bool) (int, string, error) {
	key := f.prefix
	if !f.same {
		key += strconv.Itoa(i)
	}
	target := f.base + f.path + "?key=" + url.QueryEscape(key)
	method, body := http.MethodGet, io.Reader(nil)
	if f.body != "" && !get {
		method, body = http.MethodPut, strings.NewReader(f.body)
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return 0, "", err
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/plain")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("X-Statuskit-Sequence"), nil
}

// send makes requests 0 to n-1 over c connections and prints how many
// got which status.
func (f *flood) send(n, c int) error {
	start := time.Now()
	var next atomic.Int64
	var mu sync.Mutex
	codes := map[int]int{}
	var firstErr error
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				code, _, err := f.do(i, false)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				codes[code]++
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return fmt.Errorf("after %d requests: %w", next.Load(), firstErr)
	}
	fmt.Printf("sent %d in %.1fs", n, time.Since(start).Seconds())
	for code, k := range codes {
		fmt.Printf("; %d x %d", k, code)
	}
	fmt.Println()
	return nil
}

// probe asks again for keys n-1, n-2, ... in batches of c and prints how
// many are held, counting up to and including the first batch with a miss.
func (f *flood) probe(n, c int) error {
	held := 0
	for top := n - 1; top >= 0; top -= c {
		var batchHeld, missed atomic.Int64
		var errOnce sync.Once
		var err error
		var wg sync.WaitGroup
		for i := top; i > top-c && i >= 0; i-- {
			wg.Go(func() {
				code, seq, gerr := f.do(i, true)
				switch {
				case gerr != nil:
					errOnce.Do(func() { err = gerr })
				case f.body == "" && code == http.StatusOK && seq == "2/2",
					f.body != "" && code == http.StatusOK:
					batchHeld.Add(1)
				case f.body == "" && code == http.StatusServiceUnavailable && seq == "1/2",
					f.body != "" && code == http.StatusNotFound:
					missed.Add(1)
				default:
					errOnce.Do(func() {
						err = fmt.Errorf("key %d answered %d (X-Statuskit-Sequence %q); want 200 (held) or, for a resource, 404 and, for a sequence, 503 1/2 (not held): is -path a two-element sequence such as /sequence/503,200?", i, code, seq)
					})
				}
			})
		}
		wg.Wait()
		if err != nil {
			return err
		}
		held += int(batchHeld.Load())
		if missed.Load() > 0 {
			break
		}
	}
	fmt.Printf("held %d\n", held)
	return nil
}
