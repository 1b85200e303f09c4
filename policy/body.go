package policy

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// BodyLimit refuses declared request content over max bytes with 413
// before reading it (RFC 9110, 15.5.14), and caps undeclared (chunked)
// content while it is read: a read past max returns *http.MaxBytesError,
// which handlers answer with 413.
//
// It keeps Expect: 100-continue working. net/http decides, when a
// response is written, whether the content the client still withholds
// must be read (sending 100 Continue too late) or the connection closed,
// by looking at the request's own body type; a limiting reader in its
// place hides that, and a handler that answers without reading (a 404, a
// 401) would stall until the client gave up waiting for 100 Continue and
// sent the content anyway (Go issue #63152). So the original body is put
// back before the final response is written.
func BodyLimit(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			// The content is not read; closing the connection afterwards
			// stops the client from sending it (RFC 9110, 15.5.14).
			reply.WriteError(w, r, &reply.Error{Status: http.StatusRequestEntityTooLarge, Close: true, Message: tooLarge(r.ContentLength, max)})
			return
		}
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		orig := r.Body
		r.Body = http.MaxBytesReader(w, orig, max)
		next.ServeHTTP(&restoreBody{ResponseWriter: w, r: r, orig: orig}, r)
	})
}

// ContentError is what a handler answers when reading request content
// behind BodyLimit failed with err: a 413 (closing the connection, RFC
// 9110, 15.5.14) when the content went past the limit
// (*http.MaxBytesError), else a 400 saying the content could not be read.
// A nil err stays nil.
func ContentError(err error) error {
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		msg := fmt.Sprintf("the request content is larger than this server accepts: at most %s (--max-body)", param.ByteCount(tooBig.Limit))
		if tooBig.Limit <= 0 {
			msg = "this server accepts no request content (--max-body 0)"
		}
		return &reply.Error{Status: http.StatusRequestEntityTooLarge, Close: true, Message: msg}
	}
	return param.Errorf("the request content could not be read: %v", err)
}

// tooLarge is the 413's message for declared content of n bytes over max.
func tooLarge(n, max int64) string {
	if max <= 0 {
		return fmt.Sprintf("the request content is %s; this server accepts no request content (--max-body 0)", param.ByteCount(n))
	}
	return fmt.Sprintf("the request content is %s; this server accepts at most %s (--max-body)", param.ByteCount(n), param.ByteCount(max))
}

// restoreBody puts the request's own body back when the final response
// starts, so net/http sees whether the client still withholds content.
type restoreBody struct {
	http.ResponseWriter
	r    *http.Request
	orig interface {
		Read([]byte) (int, error)
		Close() error
	}
	done bool
}

func (w *restoreBody) restore(code int) {
	if !w.done && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.done = true
		w.r.Body = w.orig
	}
}

func (w *restoreBody) WriteHeader(code int) {
	w.restore(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *restoreBody) Write(b []byte) (int, error) {
	w.restore(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *restoreBody) Unwrap() http.ResponseWriter { return w.ResponseWriter }
