package reply

import (
	"bufio"
	"net"
	"net/http"
	"sync"
)

// Recorder wraps a ResponseWriter and notes what the handler sent: the
// final status, the content bytes, and whether a write failed. The request
// log and the metrics read it. Interim 1xx responses pass through without
// counting, except 101, which is final. It unwraps, so
// http.ResponseController still reaches Flush, Hijack and the deadlines.
type Recorder struct {
	http.ResponseWriter
	// Status is the final status sent, 0 while none has been.
	Status int
	// Bytes counts content bytes accepted by the connection's buffer.
	Bytes int64
	// Failed is set when a write returned an error: the client did not
	// get the whole response.
	Failed bool
	// Hijacked is set when the handler took the connection over: net/http
	// no longer owns it, so nothing may be written or flushed through it.
	Hijacked bool
}

// recorders are reused: a wrapper per request would be the hot path's only
// extra allocation.
var recorders = sync.Pool{New: func() any { return new(Recorder) }}

// NewRecorder returns a Recorder around w from a pool; give it back with
// Release once the handler has returned.
func NewRecorder(w http.ResponseWriter) *Recorder {
	rec := recorders.Get().(*Recorder)
	*rec = Recorder{ResponseWriter: w}
	return rec
}

// Release returns rec to the pool; it must not be used afterwards.
func (rec *Recorder) Release() {
	*rec = Recorder{}
	recorders.Put(rec)
}

// WriteHeader notes the first final status.
func (rec *Recorder) WriteHeader(code int) {
	if rec.Status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		rec.Status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

// Write counts content bytes.
func (rec *Recorder) Write(b []byte) (int, error) {
	if rec.Status == 0 {
		rec.Status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.Bytes += int64(n)
	if err != nil {
		rec.Failed = true
	}
	return n, err
}

// Hijack is only used to switch protocols, writing "101 Switching
// Protocols" on the raw connection; the recorder counts it as such.
func (rec *Recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(rec.ResponseWriter).Hijack()
	if err == nil {
		rec.Hijacked = true
		if rec.Status == 0 {
			rec.Status = http.StatusSwitchingProtocols
		}
	}
	return conn, rw, err
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (rec *Recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
