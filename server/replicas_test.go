package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

// twoReplicas starts two statuskit servers, each with its own Redis client,
// on one redis-server: a load balancer's view of a deployment.
func twoReplicas(t *testing.T) [2]*httptest.Server {
	t.Helper()
	srv := redistest.Start(t)
	var out [2]*httptest.Server
	for i := range out {
		st, err := store.NewRedis(srv.URL, store.RedisOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out[i] = testServer(t, Config{Store: st})
	}
	return out
}

func TestTwoReplicasOnOneRedisBehaveAsOneServer(t *testing.T) {
	t.Parallel()
	replicas := twoReplicas(t)
	// Alternate between the replicas, as a round-robin balancer would.
	at := func(i int, method, path string, h http.Header, body string) exchangeResult {
		t.Helper()
		ts := replicas[i%2]
		return send(t, noRedirects(ts), ts.URL, request{method: method, path: path, header: h, body: body})
	}

	seq := []int{503, 503, 429, 200, 200}
	for i, want := range seq {
		res := at(i, http.MethodGet, "/sequence/503,503,429,200?key=k", nil, "")
		expect(t, fmt.Sprintf("sequence request %d on replica %d", i+1, i%2+1), res, want)
	}

	for i := range 6 {
		res := at(i, http.MethodGet, "/ratelimit?limit=4&window=1h&key=k", nil, "")
		want := http.StatusOK
		if i >= 4 {
			want = http.StatusTooManyRequests
		}
		expect(t, fmt.Sprintf("rate limit request %d on replica %d (4 per hour across both)", i+1, i%2+1), res, want)
	}

	res := at(0, http.MethodPut, "/resources/doc?key=k", hdr("Content-Type", "text/plain"), "v1")
	expect(t, "PUT on replica 1", res, http.StatusCreated)
	etag := res.Header.Get("ETag")
	expect(t, "GET on replica 2 with If-None-Match", at(1, http.MethodGet, "/resources/doc?key=k", hdr("If-None-Match", etag), ""), http.StatusNotModified)
	expect(t, "PUT on replica 2 with If-Match", at(1, http.MethodPut, "/resources/doc?key=k", hdr("Content-Type", "text/plain", "If-Match", etag), "v2"), http.StatusNoContent)
	expect(t, "PUT on replica 1 with the stale If-Match", at(0, http.MethodPut, "/resources/doc?key=k", hdr("Content-Type", "text/plain", "If-Match", etag), "v3"), http.StatusPreconditionFailed)

	res = at(0, http.MethodPost, "/jobs?duration=0s&result=202", nil, "")
	expect(t, "POST /jobs on replica 1", res, http.StatusAccepted)
	monitor := res.Header.Get("Location")
	expect(t, "the job's monitor on replica 2", at(1, http.MethodGet, monitor, nil, ""), http.StatusSeeOther)
	expect(t, "DELETE the job on replica 1", at(0, http.MethodDelete, monitor, nil, ""), http.StatusNoContent)
	expect(t, "the job's monitor on replica 2 after DELETE", at(1, http.MethodGet, monitor, nil, ""), http.StatusGone)
}

func TestTwoReplicasShareOneSequenceAndOneLimitUnderConcurrency(t *testing.T) {
	t.Parallel()
	replicas := twoReplicas(t)
	const n = 40
	codes := make([]string, n)
	for i := range codes {
		codes[i] = strconv.Itoa(200 + i)
	}
	seqPath := "/sequence/" + strings.Join(codes, ",") + "?key=k&cycle=true"
	var mu sync.Mutex
	seen := map[int]int{}
	allowed := 0
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ts := replicas[i%2]
			c := noRedirects(ts)
			seqRes, err1 := trySend(c, ts.URL, request{path: seqPath})
			rlRes, err2 := trySend(c, ts.URL, request{path: "/ratelimit?limit=10&window=1h&key=k"})
			if err1 != nil || err2 != nil {
				t.Errorf("request %d: %v %v", i, err1, err2)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			seen[seqRes.StatusCode]++
			if rlRes.StatusCode == http.StatusOK {
				allowed++
			}
		})
	}
	wg.Wait()
	for _, c := range codes {
		code, _ := strconv.Atoi(c)
		if seen[code] != 1 {
			t.Errorf("sequence element %d was served %d times to %d concurrent requests over two replicas; want once (one advance per request)", code, seen[code], n)
		}
	}
	if allowed != 10 {
		t.Errorf("%d concurrent requests over two replicas against 10 per hour: %d allowed, want exactly 10", n, allowed)
	}
}

func TestMemoryStoreStaysBoundedUnderAFloodOfKeys(t *testing.T) {
	t.Parallel()
	mem := store.NewMemory(store.MemoryOptions{MaxKeys: 100})
	ts := testServer(t, Config{Store: mem})
	c := noRedirects(ts)
	const flood = 3000
	for i := range flood {
		var q request
		switch key := "flood-" + strconv.Itoa(i); i % 3 {
		case 0:
			q = request{path: "/sequence/503,200?key=" + key}
		case 1:
			q = request{path: "/ratelimit?limit=5&window=1h&key=" + key}
		case 2:
			q = request{method: http.MethodPut, path: "/resources/r?key=" + key, header: hdr("Content-Type", "text/plain"), body: "x"}
		}
		send(t, c, ts.URL, q)
		if n := mem.Len(); n > 100 {
			t.Fatalf("after %d requests with new keys the store holds %d entries; the cap (MaxKeys) is 100", i+1, n)
		}
	}
	if n := mem.Len(); n != 100 {
		t.Errorf("after %d new keys: %d entries, want the cap, 100", flood, n)
	}
	// The newest state survived the flood.
	expect(t, "the last sequence key", send(t, c, ts.URL, request{path: "/sequence/503,200?key=flood-2997"}), http.StatusOK)
}

func TestUnreachableRedisAnswers503WhileStatelessEndpointsWork(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	ts := testServer(t, Config{Store: openRedis(t, srv.URL, nil)})
	res := get(t, ts, "/sequence/503,200?key=k")
	expectField(t, "sequence with Redis up", res, "X-Statuskit-Sequence", "1/2")
	srv.Stop()
	for _, path := range []string{"/sequence/503,200?key=k", "/ratelimit?key=k", "/resources/r?key=k", "/jobs/0123456789abcdef0123456789abcdef"} {
		res := get(t, ts, path)
		expect(t, path+" with Redis down", res, http.StatusServiceUnavailable)
		expectField(t, path+" with Redis down", res, "Retry-After", "1")
		if body := string(res.body); !strings.Contains(body, "state store is unreachable") || !strings.Contains(body, srv.Addr) {
			t.Errorf("%s with Redis down: message %q should say the state store (%s) is unreachable", path, body, srv.Addr)
		}
	}
	expect(t, "POST /jobs with Redis down", send(t, noRedirects(ts), ts.URL, request{method: http.MethodPost, path: "/jobs"}), http.StatusServiceUnavailable)
	expect(t, "stateless /200 with Redis down", get(t, ts, "/200"), http.StatusOK)
	expect(t, "stateless /status/418 with Redis down", get(t, ts, "/status/418"), http.StatusTeapot)

	srv.Restart()
	// Reconnection is automatic: no restart of statuskit, no extra call.
	deadline := time.Now().Add(10 * time.Second)
	for {
		res = get(t, ts, "/sequence/503,200?key=k")
		// The sequence's own 503 says where it is; the store's does not.
		if res.Header.Get("X-Statuskit-Sequence") != "" || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The restarted Redis is empty, so the sequence starts over.
	expect(t, "sequence after Redis came back", res, http.StatusServiceUnavailable)
	expectField(t, "sequence after Redis came back", res, "X-Statuskit-Sequence", "1/2")
	expect(t, "and advances again", get(t, ts, "/sequence/503,200?key=k"), http.StatusOK)
}
