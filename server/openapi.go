package server

import (
	"bytes"
	_ "embed"
	"net/http"
	"strconv"
	"sync"

	"github.com/statuskit/statuskit/reference"
	"github.com/statuskit/statuskit/reply"
)

// openAPIDocument is the OpenAPI 3.1 description of every endpoint;
// openapi_test.go validates it and checks real responses against it.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPIPage is the document prepared once per process (ETag, gzip),
// on first use: compressing it costs milliseconds, which every New would
// otherwise pay.
var openAPIPage = sync.OnceValue(func() reference.Page {
	return reference.NewPage(openAPIDocument, "application/json")
})

// handleOpenAPI is GET /openapi.json: what every endpoint takes and
// answers, for generating clients and validating responses.
//
// Mounted under a prefix, the document's server is the prefix, so a client
// generated from it calls /sk/503, not /503.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	if base := reply.Base(r); base != "" {
		doc := bytes.Replace(openAPIDocument, []byte(`"url": "/",`), []byte(`"url": `+strconv.Quote(base+"/")+`,`), 1)
		reference.ServeBytes(w, r, doc, "application/json")
		return nil
	}
	reference.ServePage(w, r, openAPIPage())
	return nil
}
