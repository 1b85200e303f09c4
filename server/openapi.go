package server

import (
	_ "embed"
	"net/http"
	"sync"

	"github.com/statuskit/statuskit/reference"
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
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	reference.ServePage(w, r, openAPIPage())
	return nil
}
