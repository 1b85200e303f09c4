package reply

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a response a handler chose instead of the one asked for: a
// status (400 for bad input, 404, 405, 413, 501, 503...) with a message for
// a person that says what was wrong, what is allowed and an example, and
// the fields the status needs (Allow on 405, Retry-After on 503). Handlers
// return it; HandlerFunc writes it.
type Error struct {
	// Status is the status code, 400-599.
	Status int
	// Message is the explanation, sent as the text, the JSON "message"
	// and the problem "detail".
	Message string
	// Fields are sent with the response (Response.Fields).
	Fields []Field
	// RetryAfter and Allow fill the Response fields of the same names.
	RetryAfter string
	Allow      string
	HasAllow   bool
	// Close asks for the connection to be closed after the response (HTTP/1.x
	// only): the request content was not read, and reading it just to
	// discard it is what a refusal wants to avoid (RFC 9110, 15.5.14).
	Close bool
}

func (e *Error) Error() string { return e.Message }

// Errorf is an *Error with status and a formatted message.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400 whose message is err's: the way a handler answers
// input a parser refused (the parsers' errors already say what is valid).
func BadRequest(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Status: http.StatusBadRequest, Message: err.Error()}
}

// WithField returns e with one more field.
func (e *Error) WithField(name, value string) *Error {
	e.Fields = append(e.Fields, Field{http.CanonicalHeaderKey(name), value})
	return e
}

// HandlerFunc is a handler that returns an error instead of writing one.
// It must return an error only before it has written anything.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ServeHTTP calls h and writes the error it returns, if any.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		WriteError(w, r, err)
	}
}

// WriteError answers r with err: an *Error (found with errors.As) is
// written with its status, message and fields; any other error is a bug of
// the handler and gets a 500 that does not leak its text. The response is
// never stored by caches (Cache-Control: no-store): it describes this
// request, not the resource.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError,
			Message: "statuskit hit a bug answering this request; the server log has details"}
	}
	h := w.Header()
	h["Cache-Control"] = noStore
	if e.Close && r.ProtoMajor == 1 {
		// HTTP/2 and HTTP/3 end the stream instead; Connection is
		// forbidden there (RFC 9113, 8.2.2), and net/http turns it into
		// a GOAWAY that makes clients lose this very response.
		h.Set("Connection", "close")
	}
	Write(w, r, &Response{
		Status: e.Status, Message: e.Message, Fields: e.Fields,
		RetryAfter: e.RetryAfter, Allow: e.Allow, HasAllow: e.HasAllow,
	})
}
