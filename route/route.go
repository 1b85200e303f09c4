// Package route registers statuskit's resources on an http.ServeMux. A
// resource answers only the methods it has handlers for (GET brings HEAD,
// RFC 9110, 9.3.2); OPTIONS gets 204 with Allow, and any other method 405
// with Allow (RFC 9110, 15.5.6) in the negotiated error format, not the
// mux's bare "Method Not Allowed". Handlers return errors (reply.HandlerFunc),
// which reply writes.
package route

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
)

// Method is one method of a resource and its handler.
type Method struct {
	Name    string
	Handler http.Handler
}

// GET is the GET (and so HEAD) method of a resource.
func GET(h reply.HandlerFunc) Method { return Method{http.MethodGet, h} }

// GETHandler is GET for a plain http.Handler.
func GETHandler(h http.Handler) Method { return Method{http.MethodGet, h} }

// POST, PUT and DELETE are the other methods statuskit's resources take.
func POST(h reply.HandlerFunc) Method   { return Method{http.MethodPost, h} }
func PUT(h reply.HandlerFunc) Method    { return Method{http.MethodPut, h} }
func DELETE(h reply.HandlerFunc) Method { return Method{http.MethodDelete, h} }

// Resource registers pattern (without a method) with the given methods.
func Resource(mux *http.ServeMux, pattern string, methods ...Method) {
	var allowed []string
	for _, m := range methods {
		mux.Handle(m.Name+" "+pattern, m.Handler)
		allowed = append(allowed, m.Name)
		if m.Name == http.MethodGet {
			allowed = append(allowed, http.MethodHead)
		}
	}
	allowed = append(allowed, http.MethodOptions)
	slices.SortFunc(allowed, func(a, b string) int {
		return slices.Index(reply.StandardMethods, a) - slices.Index(reply.StandardMethods, b)
	})
	allow := strings.Join(allowed, ", ")
	mux.Handle(pattern, reply.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method == http.MethodOptions {
			reply.Write(w, r, &reply.Response{Status: http.StatusNoContent, Fields: []reply.Field{{Name: "Allow", Value: allow}}})
			return nil
		}
		// GET and HEAD are refused together and get the same message,
		// so HEAD's fields, Content-Length included, are GET's (RFC 9110,
		// 9.3.2).
		method := r.Method
		if method == http.MethodGet || method == http.MethodHead {
			method = "GET or HEAD"
		}
		// The message names the path as the client wrote it, under the
		// mount, not the pattern ("/{$}", "/codes/{code}").
		return &reply.Error{Status: http.StatusMethodNotAllowed, Allow: allow, HasAllow: true,
			Message: fmt.Sprintf("%s does not answer %s; it allows %s, e.g. %s %s",
				param.Clip(reply.Link(r, r.URL.Path), 60), method, allow, allowed[0], param.Clip(reply.Link(r, r.URL.Path), 60))}
	}))
}

// Any registers pattern for every method with one handler.
func Any(mux *http.ServeMux, pattern string, h reply.HandlerFunc) { mux.Handle(pattern, h) }
