package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestSequenceServesItsCodesInOrderThenRepeatsTheLast(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		want := []struct {
			code int
			pos  string
		}{{503, "1/3"}, {503, "2/3"}, {200, "3/3"}, {200, "3/3"}, {200, "3/3"}}
		for i, w := range want {
			what := fmt.Sprintf("request %d to /sequence/503,503,200", i+1)
			res := sc.get("/sequence/503,503,200?key=k")
			expect(sc.t, what, res, w.code)
			expectField(sc.t, what, res, "X-Statuskit-Sequence", w.pos)
		}
	})
}

func TestSequenceWithCycleRestartsAfterTheLast(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		for i, want := range []int{500, 200, 500, 200, 500} {
			expect(sc.t, fmt.Sprintf("request %d with ?cycle=true", i+1), sc.get("/sequence/500,200?key=k&cycle=true"), want)
		}
	})
}

func TestSequenceStateIsPerKeyAndPath(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		// Without a key the client's address plus the path is the key.
		expect(sc.t, "first request, no key", sc.get("/sequence/503,200"), 503)
		expect(sc.t, "second request, no key", sc.get("/sequence/503,200"), 200)
		// Another path is another sequence.
		expect(sc.t, "another path", sc.get("/sequence/502,200"), 502)
		// ?key= and X-Statuskit-Key name separate sequences.
		expect(sc.t, "?key=a", sc.get("/sequence/503,200?key=a"), 503)
		expect(sc.t, "X-Statuskit-Key: b", sc.get("/sequence/503,200", "X-Statuskit-Key", "b"), 503)
		expect(sc.t, "X-Statuskit-Key: b again", sc.get("/sequence/503,200", "X-Statuskit-Key", "b"), 200)
		expect(sc.t, "?key=a again", sc.get("/sequence/503,200?key=a"), 200)
	})
}

func TestSequenceElementsCarryTheirOwnModifiers(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		path := "/sequence/503;retry-after=1;header=X-Step:one,405;allow=PUT,DELETE,200;sleep=1ms?key=k&header=X-All:yes"
		res := sc.get(path)
		expect(sc.t, "element 1", res, 503)
		expectField(sc.t, "element 1", res, "Retry-After", "1")
		expectField(sc.t, "element 1", res, "X-Step", "one")
		expectField(sc.t, "element 1 (query modifiers apply to every element)", res, "X-All", "yes")
		res = sc.get(path)
		expect(sc.t, "element 2", res, 405)
		expectField(sc.t, "element 2 (a comma inside allow= continues the list)", res, "Allow", "PUT, DELETE")
		expectField(sc.t, "element 2 (element modifiers do not leak)", res, "X-Step", "")
		expectField(sc.t, "element 2", res, "X-Statuskit-Sequence", "2/3")
		res = sc.get(path)
		expect(sc.t, "element 3", res, 200)
		expectField(sc.t, "element 3", res, "X-All", "yes")
	})
}

func TestSequenceElementsAnswerAnyMethod(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		res := sc.do(http.MethodPost, "/sequence/201,200?key=k", nil, "x")
		expect(sc.t, "POST, element 1", res, 201)
		if res.Header.Get("Location") == "" {
			sc.t.Errorf("POST answered 201 without Location; a sequence element keeps its code's semantics")
		}
		res = sc.do(http.MethodHead, "/sequence/201,200?key=k", nil, "")
		expect(sc.t, "HEAD, element 2", res, 200)
		if len(res.body) != 0 {
			sc.t.Errorf("HEAD got %d bytes of content, want none", len(res.body))
		}
	})
}

func TestSequenceDeleteResetsIt(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		sc.get("/sequence/503,503,200?key=k")
		sc.get("/sequence/503,503,200?key=k")
		res := sc.do(http.MethodDelete, "/sequence/503,503,200?key=k", nil, "")
		expect(sc.t, "DELETE", res, http.StatusNoContent)
		expectField(sc.t, "DELETE", res, "X-Statuskit-Sequence", "0/3")
		res = sc.get("/sequence/503,503,200?key=k")
		expect(sc.t, "after DELETE", res, 503)
		expectField(sc.t, "after DELETE", res, "X-Statuskit-Sequence", "1/3")
	})
}

func TestSequenceRefusesBadInputBeforeAdvancing(t *testing.T) {
	t.Parallel()
	eachStore(t, Config{}, func(sc *scenario) {
		for _, tc := range []struct{ path, mention string }{
			{"/sequence/", "no status codes"},
			{"/sequence/503,600", "element 2"},
			{"/sequence/503,abc", "element 1"}, // "abc" continues element 1's last value
			{"/sequence/503;bogus=1,200", "unknown modifier"},
			{"/sequence/503;retry-after,200", "name=value"},
			{"/sequence/503;sleep=1h,200", "--max-sleep"},
			{"/sequence/503,200?cycle=maybe", "true or false"},
			{"/sequence/503,200?nope=1", "unknown query parameter"},
			{"/sequence/" + strings.Repeat("200,", 100) + "200", "at most 100"},
		} {
			res := sc.get(tc.path)
			expect(sc.t, tc.path, res, http.StatusBadRequest)
			if !strings.Contains(string(res.body), tc.mention) {
				sc.t.Errorf("%s: message %q does not mention %q", tc.path, res.body, tc.mention)
			}
		}
		// Nothing above advanced the sequence.
		expect(sc.t, "a valid request after the bad ones", sc.get("/sequence/503,200"), 503)
	})
}
