package wire

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"
)

func read(t *testing.T, method, raw string) (*Response, error) {
	t.Helper()
	return ReadResponse(bufio.NewReader(strings.NewReader(raw)), method, Limits{MaxContent: 1 << 10, MaxRead: 1 << 12})
}

func TestReadResponseFramesTheContentAsRFC9112Says(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, raw string
		framing           Framing
		content           string
		incomplete        bool
	}{
		{"content-length", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", Length, "hello", false},
		{"content-length short", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello", Length, "hello", true},
		{"identical content-length list", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nhi", Length, "hi", false},
		{"chunked with extension and trailer", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nT: v\r\n\r\n", Chunked, "hello!", false},
		{"chunked wins over content-length", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\nhi\r\n0\r\n\r\n", Chunked, "hi", false},
		{"chunked without last chunk", "GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", Chunked, "hello", true},
		{"close", "GET", "HTTP/1.1 200 OK\r\n\r\nuntil the end", Close, "until the end", false},
		{"HEAD has no content", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", NoContent, "", false},
		{"204 has no content", "GET", "HTTP/1.1 204 No Content\r\n\r\n", NoContent, "", false},
		{"304 has no content", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", NoContent, "", false},
		{"bare LF line ends", "GET", "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", Length, "hi", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := read(t, tc.method, tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Framing != tc.framing || string(resp.Content) != tc.content || resp.Incomplete != tc.incomplete {
				t.Errorf("framing %s content %q incomplete %v; want %s %q %v (RFC 9112, 6.3)",
					resp.Framing, resp.Content, resp.Incomplete, tc.framing, tc.content, tc.incomplete)
			}
		})
	}
}

func TestReadResponseKeepsInterimResponses(t *testing.T) {
	t.Parallel()
	resp, err := read(t, "GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || len(resp.Interim) != 2 || resp.Interim[1].Header.Get("Link") == "" {
		t.Fatalf("status %d, interim %+v", resp.Status, resp.Interim)
	}
	resp, err = read(t, "GET", "HTTP/1.1 102 Processing\r\n\r\n")
	if !errors.Is(err, ErrNoFinalResponse) || resp == nil || len(resp.Interim) != 1 {
		t.Fatalf("a 1xx without a final response: %v, %+v; want ErrNoFinalResponse with the interim (RFC 9110, 15)", err, resp)
	}
}

func TestReadResponseReportsStatusCodesOutsideTheRange(t *testing.T) {
	t.Parallel()
	resp, err := read(t, "GET", "HTTP/1.1 600 Custom\r\nContent-Length: 0\r\n\r\n")
	if err != nil || resp.Status != 600 {
		t.Fatalf("600: %v, %+v; the reader reports it, the checker judges it", err, resp)
	}
}

func TestReadResponseRefusesWhatRFC9112DoesNotAllow(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"two-digit status":         "HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/2 on a status line":  "HTTP/2.0 200 OK\r\n\r\n",
		"no colon":                 "HTTP/1.1 200 OK\r\nBroken\r\n\r\n",
		"space before colon":       "HTTP/1.1 200 OK\r\nName : v\r\n\r\n",
		"obs-fold":                 "HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n",
		"different content-length": "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
		"negative content-length":  "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"bad chunk size":           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"chunk longer than size":   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n0\r\n\r\n",
		"unterminated header":      "HTTP/1.1 200 OK\r\nA: b\r\n",
		"bare CR":                  "HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n",
		"control in value":         "HTTP/1.1 200 OK\r\nA: b\x00c\r\n\r\n",
		"header too long":          "HTTP/1.1 200 OK\r\nA: " + strings.Repeat("x", 2000) + "\r\n\r\n",
	} {
		_, err := ReadResponse(bufio.NewReader(strings.NewReader(raw)), "GET", Limits{MaxHeaderBytes: 1024})
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: err %v, want a *SyntaxError", name, err)
		}
	}
	if _, err := read(t, "GET", ""); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("empty input: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestReadResponseBoundsWhatItReads(t *testing.T) {
	t.Parallel()
	resp, err := ReadResponse(bufio.NewReader(strings.NewReader("HTTP/1.1 200 OK\r\n\r\n"+strings.Repeat("x", 10000))), "GET",
		Limits{MaxContent: 10, MaxRead: 100})
	if err != nil || len(resp.Content) != 10 || resp.ContentSize != 100 || !resp.Truncated {
		t.Fatalf("kept %d, counted %d, truncated %v; want 10, 100, true", len(resp.Content), resp.ContentSize, resp.Truncated)
	}
	many := strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 5) + "HTTP/1.1 200 OK\r\n\r\n"
	if _, err := ReadResponse(bufio.NewReader(strings.NewReader(many)), "GET", Limits{MaxInterim: 3}); err == nil {
		t.Errorf("five 1xx with MaxInterim 3: no error")
	}
}

// rawServer answers every connection with the same bytes, then closes
// (or, with hold, keeps the connection open).
func rawServer(t *testing.T, answer string, hold bool) *url.URL {
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
				buf := make([]byte, 4096)
				c.Read(buf)
				c.Write([]byte(answer))
				if hold {
					time.Sleep(2 * time.Second)
				}
			}()
		}
	}()
	return &url.URL{Scheme: "http", Host: ln.Addr().String(), Path: "/"}
}

func TestClientSeesContentAfterTheEndOfTheMessage(t *testing.T) {
	t.Parallel()
	u := rawServer(t, "HTTP/1.1 204 No Content\r\n\r\nsurprise", false)
	c := &Client{Timeout: 2 * time.Second, AfterWait: time.Second}
	resp, err := c.Do(context.Background(), &Request{Method: "GET", URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.After) != "surprise" {
		t.Errorf("After = %q; a 204 ends with its header section (RFC 9110, 15.3.5), so the rest must be seen", resp.After)
	}
}

func TestClientTimesOutOnASilentServer(t *testing.T) {
	t.Parallel()
	u := rawServer(t, "", true)
	c := &Client{Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: u})
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v; want a timeout after about 200ms", err, time.Since(start))
	}
}

func TestClientReportsAnUnreachableServer(t *testing.T) {
	t.Parallel()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c := &Client{Timeout: time.Second}
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: &url.URL{Scheme: "http", Host: addr, Path: "/"}})
	var de *DialError
	if !errors.As(err, &de) {
		t.Fatalf("err %v; want a *DialError", err)
	}
}

func TestRequestBytesAreHTTP11(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse("http://example.test:8080/a%20b?q=1")
	r := &Request{Method: "POST", URL: u, Header: []Field{{"Content-Type", "text/plain"}}, Content: []byte("hi"), RawLines: []string{"X : y"}}
	want := "POST /a%20b?q=1 HTTP/1.1\r\nHost: example.test:8080\r\nUser-Agent: statuskit-check\r\nAccept: */*\r\nContent-Type: text/plain\r\nX : y\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
	if got := string(r.Bytes()); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
