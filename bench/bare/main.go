// Command bare is the ceiling bench/run compares statuskit to: a plain
// net/http server whose handler writes 200 and a 3-byte body. It is the
// cheapest well-formed answer the stack statuskit is built on can give, so
// statuskit's requests per second divided by bare's is the share of that
// ceiling statuskit reaches.
//
// It runs HTTP/1.1 only, with the connection settings statuskit serve uses
// by default (read-header and idle timeouts, header size cap), because
// those change what net/http does on every request (read deadlines) and an
// honest ceiling must pay for them too.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/statuskit/statuskit/server"
)

// Prebuilt so the handler does no work beyond writing: no header-key
// canonicalisation and no content sniffing.
var (
	body        = []byte("ok\n")
	contentType = []string{"text/plain; charset=utf-8"}
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free one)")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("bare: listen on %s: %v", *addr, err)
	}
	// Same per-connection settings as statuskit serve's defaults.
	cfg := server.DefaultConfig()
	hs := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = contentType
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(body)
		}),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		Protocols:         new(http.Protocols),
	}
	hs.Protocols.SetHTTP1(true)
	// bench/run reads the bound address from this line.
	fmt.Fprintf(os.Stderr, "bare serving on %s\n", ln.Addr())
	log.Fatal(hs.Serve(ln))
}
