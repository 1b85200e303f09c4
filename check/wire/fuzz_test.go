package wire

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
)

// FuzzReadResponse feeds arbitrary bytes to the reader: it must never
// panic or hang, must stay within its limits, and what it accepts must be
// consistent with the framing it reports.
func FuzzReadResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"), false)
	f.Add([]byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"), true)
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"), false)
	lim := Limits{MaxHeaderBytes: 4096, MaxContent: 512, MaxRead: 4096, MaxInterim: 4}
	f.Fuzz(func(t *testing.T, data []byte, head bool) {
		method := "GET"
		if head {
			method = "HEAD"
		}
		resp, err := ReadResponse(bufio.NewReader(bytes.NewReader(data)), method, lim)
		if err != nil {
			if errors.Is(err, ErrNoFinalResponse) && (resp == nil || len(resp.Interim) == 0) {
				t.Fatalf("ErrNoFinalResponse without the interim responses: %+v", resp)
			}
			return
		}
		if resp.Status < 0 || resp.Status > 999 || resp.Status/100 == 1 && resp.Status != 101 {
			t.Fatalf("final status %d", resp.Status)
		}
		if len(resp.Content) > lim.MaxContent || resp.ContentSize > lim.MaxRead || int64(len(resp.Content)) > resp.ContentSize {
			t.Fatalf("kept %d of %d bytes, limits %+v", len(resp.Content), resp.ContentSize, lim)
		}
		if len(resp.Head) > lim.MaxHeaderBytes || len(resp.Interim) > lim.MaxInterim {
			t.Fatalf("head %d bytes, %d interim", len(resp.Head), len(resp.Interim))
		}
		switch resp.Framing {
		case NoContent:
			if resp.ContentSize != 0 {
				t.Fatalf("content %d bytes with framing none", resp.ContentSize)
			}
		case Length:
			if !resp.Incomplete && !resp.Truncated && resp.ContentSize != resp.ContentLength {
				t.Fatalf("Content-Length %d but %d bytes read", resp.ContentLength, resp.ContentSize)
			}
		}
		if !bytes.HasPrefix(data, resp.Head) && len(resp.Interim) == 0 {
			t.Fatalf("Head %q is not the start of the input", resp.Head)
		}
	})
}
