package gateway

import (
	"context"
	"net/http"
	"time"
)

// throttleWriter paces content to rate bytes per second: it writes slices
// of 50 ms worth and flushes each, so the client receives a steady trickle
// rather than bursts. The head is not delayed.
type throttleWriter struct {
	http.ResponseWriter
	rate  int64
	ctx   context.Context
	start time.Time
	sent  int64
}

func (t *throttleWriter) Write(p []byte) (int, error) {
	if t.start.IsZero() {
		t.start = time.Now()
	}
	rc := http.NewResponseController(t.ResponseWriter)
	slice := max(1, t.rate/20)
	written := 0
	for len(p) > 0 {
		n := int(min(int64(len(p)), slice))
		due := t.start.Add(time.Duration(float64(t.sent+int64(n)) / float64(t.rate) * float64(time.Second)))
		if d := time.Until(due); d > 0 && !sleep(t.ctx, d) {
			return written, t.ctx.Err()
		}
		m, err := t.ResponseWriter.Write(p[:n])
		written += m
		t.sent += int64(m)
		if err != nil {
			return written, err
		}
		if err := rc.Flush(); err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (t *throttleWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// bodyDelay sends the final response head at once, then waits before the
// content: a server that answers promptly and then stalls.
type bodyDelay struct {
	http.ResponseWriter
	delay time.Duration
	ctx   context.Context
	done  bool
}

func (b *bodyDelay) WriteHeader(code int) {
	b.ResponseWriter.WriteHeader(code)
	if b.done || code < 200 {
		return // interim responses go out as they come
	}
	b.done = true
	_ = http.NewResponseController(b.ResponseWriter).Flush()
	sleep(b.ctx, b.delay)
}

func (b *bodyDelay) Write(p []byte) (int, error) {
	if !b.done {
		b.WriteHeader(http.StatusOK)
	}
	return b.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (b *bodyDelay) Unwrap() http.ResponseWriter { return b.ResponseWriter }

// headRecorder calls record once, with the final status of the response
// as its head is written, or with 0 from flushRecord when none was.
type headRecorder struct {
	http.ResponseWriter
	record func(status int)
	done   bool
}

func (h *headRecorder) WriteHeader(code int) {
	if !h.done && code >= 200 {
		h.done = true
		h.record(code)
	}
	h.ResponseWriter.WriteHeader(code)
}

func (h *headRecorder) Write(p []byte) (int, error) {
	if !h.done {
		h.WriteHeader(http.StatusOK)
	}
	return h.ResponseWriter.Write(p)
}

// flushRecord records a response whose head was never written.
func (h *headRecorder) flushRecord() {
	if !h.done {
		h.done = true
		h.record(0)
	}
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (h *headRecorder) Unwrap() http.ResponseWriter { return h.ResponseWriter }
