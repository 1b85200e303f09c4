package lifecycle

import (
	"testing"
)

// byteModel is the head tracker's rule written one byte at a time, the
// plain reading of RFC 9112, 2.2 and 3: empty lines before the request
// are skipped, the request line is counted up to its LF, and the head
// ends at the first line with nothing but CR before its LF. scan must
// agree with it however the bytes are split across reads.
func byteModel(c *headLimitConn, p []byte) {
	for _, b := range p {
		if c.complete {
			return
		}
		if !c.started {
			if b == '\r' || b == '\n' {
				continue
			}
			c.started, c.inLine = true, true
		}
		if b == '\n' {
			if c.run == 0 {
				c.complete = true
			}
			c.inLine, c.run = false, 0
			continue
		}
		if b != '\r' {
			c.run++
		}
		if c.inLine {
			c.line++
		}
	}
}

func FuzzHeadScanAgreesWithTheByteRule(f *testing.F) {
	f.Add([]byte("GET /200 HTTP/1.1\r\nHost: a\r\n\r\ncontent"), uint8(7))
	f.Add([]byte("\r\n\r\nGET / HTTP/1.1\nHost: a\n\n"), uint8(1))
	f.Add([]byte("GET / HTTP/1.1\r\nX: \r\r\n\r\r\n"), uint8(3))
	f.Add([]byte("\n\n\n"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		var model, fast headLimitConn
		byteModel(&model, data)
		// Reads of split+1 bytes at a time, as a slow client sends them.
		step := int(split) + 1
		for i := 0; i < len(data); i += step {
			fast.scan(data[i:min(i+step, len(data))])
		}
		type state struct {
			line, run                 int
			inLine, started, complete bool
		}
		m := state{model.line, model.run, model.inLine, model.started, model.complete}
		got := state{fast.line, fast.run, fast.inLine, fast.started, fast.complete}
		if got != m {
			t.Fatalf("%q in reads of %d bytes: scan left %+v, the byte rule %+v", data, step, got, m)
		}
	})
}
