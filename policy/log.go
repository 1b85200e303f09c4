package policy

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/statuskit/statuskit/reply"
)

// Outcomes of a request, as the log records them.
const (
	// OutcomeComplete: the whole response reached the connection.
	OutcomeComplete = "complete"
	// OutcomeAborted: the client did not get the whole response: a write
	// failed (the write timeout passed, the connection was closed by a
	// drain timeout or by the client), or the client went away first.
	OutcomeAborted = "aborted"
)

// Log writes one line per request at Info: method, path, the status the
// client received (0 when it received none), the content bytes, the
// outcome, duration, protocol and remote address. When Info is disabled it
// adds nothing to the request path.
//
// To log what the client actually received rather than what the handler
// meant to send, it flushes the response before logging: a flush that
// fails, or a request whose context ended before the response was done,
// is OutcomeAborted.
func Log(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !log.Enabled(r.Context(), slog.LevelInfo) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := reply.NewRecorder(w)
		defer rec.Release()
		next.ServeHTTP(rec, r)
		outcome, status := OutcomeComplete, rec.Status
		if status == 0 && rec.Bytes == 0 && r.Context().Err() == nil {
			// Nothing written: net/http sends an empty 200.
			status = http.StatusOK
		}
		if !rec.Hijacked {
			if err := http.NewResponseController(w).Flush(); err != nil || rec.Failed {
				outcome = OutcomeAborted
			} else if r.Context().Err() != nil && rec.Status == 0 {
				outcome = OutcomeAborted
			}
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
		}
		if outcome == OutcomeAborted {
			// The client did not get the response: its status is not
			// what it received, so it goes in a field of its own.
			attrs = append(attrs, slog.Int("status", 0), slog.Int("intended_status", status))
		} else {
			attrs = append(attrs, slog.Int("status", status))
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", append(attrs,
			slog.Int64("bytes", rec.Bytes),
			slog.String("outcome", outcome),
			slog.Duration("duration", time.Since(start)),
			slog.String("proto", r.Proto),
			slog.String("remote", r.RemoteAddr))...)
	})
}
