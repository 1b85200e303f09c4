package server

import (
	"net/http"

	"github.com/statuskit/statuskit/httpbin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/responder"
)

// handleCode serves /{code}: any code 100-599 with any standard method.
func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) error {
	text := r.PathValue("code")
	if !param.Digits(text) {
		// Not a number: not a resource of this server.
		return noRoute(r)
	}
	n, err := param.Code(text, reply.Base(r)+"/")
	if err != nil {
		return err
	}
	return s.codes.Serve(w, r, n)
}

// handleCodeList serves /status/{codes}, httpbin's form: one code, a
// uniform list, or weights.
func (s *Server) handleCodeList(w http.ResponseWriter, r *http.Request) error {
	list, err := responder.ParseCodeList(r.PathValue("codes"), reply.Base(r))
	if err != nil {
		return err
	}
	return s.codes.Serve(w, r, list.Pick())
}

// noRoute is the 404 for a path the server has no resource at; for an
// httpbin path statuskit does not serve, it names the equivalent. Paths in
// the message are under the mount (reply.Base), as the client wrote them.
func noRoute(r *http.Request) error {
	base := reply.Base(r)
	at := param.Clip(base+r.URL.Path, 60)
	if eq := httpbin.Equivalent(r.URL.Path, base); eq != "" {
		return reply.Errorf(http.StatusNotFound,
			"nothing here at %s: statuskit serves httpbin's endpoints where the RFCs and a status server agree, and for this one has %s", at, eq)
	}
	if form := httpbin.Form(r.URL.Path, base); form != "" {
		return reply.Errorf(http.StatusNotFound, "nothing here at %s; this endpoint's form is %s", at, form)
	}
	return reply.Errorf(http.StatusNotFound,
		"nothing here at %s; ask for a status code as %s/{code} (e.g. %s/404) or %s/status/{codes} (e.g. %s/status/200,503)", at, base, base, base, base)
}

func handleNoRoute(_ http.ResponseWriter, r *http.Request) error { return noRoute(r) }
