package check

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/check/wire"
)

// The fixtures are small APIs on 127.0.0.1. good is an API that answers
// every probe correctly; a broken fixture overrides one answer. rawAPI
// serves what net/http cannot be made to send (content on a 204, a 1xx
// with no final response, a wrong Content-Length) straight on the socket.

var fixtureModTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

const fixtureContent = "hello, world\n"

// resource is /r: a representation with validators, ranges, OPTIONS,
// 405 with Allow for the unsafe methods and 501 for the rest.
func resource(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h := w.Header()
		h.Set("ETag", `"v1"`)
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		http.ServeContent(w, r, "", fixtureModTime, strings.NewReader(fixtureContent))
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "the resource supports GET, HEAD and OPTIONS", http.StatusMethodNotAllowed)
	default:
		http.Error(w, "method not implemented", http.StatusNotImplemented)
	}
}

// collection is /collection: it takes POST in application/json.
func collection(w http.ResponseWriter, r *http.Request) {
	allow := "GET, HEAD, OPTIONS, POST"
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "[]")
	case http.MethodOptions:
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPost:
		if r.Header.Get("Content-Type") != "application/json" {
			w.Header().Set("Accept-Post", "application/json")
			w.Header().Set("Accept", "application/json")
			http.Error(w, "send application/json", http.StatusUnsupportedMediaType)
			return
		}
		w.Header().Set("Location", "/collection/1")
		w.WriteHeader(http.StatusCreated)
	case http.MethodPut, http.MethodPatch, http.MethodDelete:
		w.Header().Set("Allow", allow)
		http.Error(w, "not allowed", http.StatusMethodNotAllowed)
	default:
		http.Error(w, "method not implemented", http.StatusNotImplemented)
	}
}

// override answers some requests itself and reports whether it did.
type override func(w http.ResponseWriter, r *http.Request) bool

func good(o override) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o != nil && o(w, r) {
			return
		}
		switch r.URL.Path {
		case "/r", "/ok":
			resource(w, r)
		case "/collection":
			collection(w, r)
		default:
			http.Error(w, "no such resource", http.StatusNotFound)
		}
	})
}

// on overrides requests with one of the methods (all when none given) to
// path.
func on(path string, h http.HandlerFunc, methods ...string) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != path || len(methods) > 0 && !slices.Contains(methods, r.Method) {
			return false
		}
		h(w, r)
		return true
	}
}

// both combines overrides, first one first.
func both(os ...override) override {
	return func(w http.ResponseWriter, r *http.Request) bool {
		for _, o := range os {
			if o(w, r) {
				return true
			}
		}
		return false
	}
}

// answer writes status with the fields given as name, value pairs and
// content.
func answer(status int, content string, fields ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(fields); i += 2 {
			w.Header().Add(fields[i], fields[i+1])
		}
		// net/http sniffs a type for GET's content but not for HEAD's.
		if content != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			fmt.Fprint(w, content)
		}
	}
}

// raw writes bytes straight on the connection: what net/http would
// repair.
func raw(response string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		buf.WriteString(strings.ReplaceAll(response, "DATE", time.Now().UTC().Format(http.TimeFormat)))
		buf.Flush()
	}
}

// rawRequest is what rawAPI read of a request.
type rawRequest struct {
	method, path string
	lines        []string
}

// rawAPI is a server that reads requests leniently (it accepts a field
// line with whitespace before the colon) and answers with the bytes
// respond returns; "" answers as good's resource would, minus
// validators.
func rawAPI(t *testing.T, respond func(rawRequest) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				br := bufio.NewReader(c)
				line, err := br.ReadString('\n')
				if err != nil {
					return
				}
				parts := strings.Fields(line)
				if len(parts) != 3 {
					return
				}
				req := rawRequest{method: parts[0], path: parts[1]}
				for {
					l, err := br.ReadString('\n')
					if err != nil || strings.TrimSpace(l) == "" {
						break
					}
					req.lines = append(req.lines, strings.TrimRight(l, "\r\n"))
				}
				out := respond(req)
				if out == "" {
					out = rawDefault(req)
				}
				c.Write([]byte(strings.ReplaceAll(out, "DATE", time.Now().UTC().Format(http.TimeFormat))))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

func rawDefault(req rawRequest) string {
	switch {
	case req.path != "/r":
		return "HTTP/1.1 404 Not Found\r\nDate: DATE\r\nContent-Length: 0\r\n\r\n"
	case req.method == "GET":
		return "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
	case req.method == "HEAD":
		return "HTTP/1.1 200 OK\r\nDate: DATE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
	case req.method == "OPTIONS":
		return "HTTP/1.1 204 No Content\r\nDate: DATE\r\nAllow: GET, HEAD, OPTIONS\r\n\r\n"
	}
	return "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\n\r\n"
}

// rejectsMalformed answers a request with whitespace before a colon 400,
// as RFC 9112, 5.1 requires.
func rejectsMalformed(req rawRequest) string {
	for _, l := range req.lines {
		if name, _, ok := strings.Cut(l, ":"); ok && strings.TrimRight(name, " \t") != name {
			return "HTTP/1.1 400 Bad Request\r\nDate: DATE\r\nContent-Length: 0\r\n\r\n"
		}
	}
	return ""
}

// testConfig is fast: no rate limit to speak of, short waits.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.RPS = 100000
	cfg.Timeout = 5 * time.Second
	cfg.AfterWait = 300 * time.Millisecond
	return cfg
}

// checkURLs runs the checker with cfg on paths of base.
func checkURLs(t *testing.T, cfg Config, base string, paths ...string) *Report {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var targets []Target
	for _, p := range paths {
		targets = append(targets, Target{URL: base + p})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := c.Check(ctx, targets)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// describe renders findings for a failure message.
func describe(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s %s: %s\n", f.Severity, f.Rule, f.Method, f.URL, f.Message)
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

// rulesAbove returns the rule IDs of findings above INFO, sorted, unique.
func rulesAbove(fs []Finding, min Severity) []string {
	var ids []string
	for _, f := range fs {
		if f.Severity >= min && !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

func hasRule(fs []Finding, id string) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == id })
}

var _ = wire.Field{}
