// Command brokenapi is a small JSON API written the way many are, with
// the status-code mistakes statuskit check finds. It exists for the
// README's example:
//
//	go run ./examples/brokenapi &      # listens on 127.0.0.1:8080
//	go run ./cmd/statuskit check http://127.0.0.1:8080/404 http://127.0.0.1:8080/405
//
// Do not copy it: every handler here is wrong on purpose.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	mux := http.NewServeMux()
	// /404 is a missing user: the API answers 200 with an error object.
	mux.HandleFunc("/404", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"error":"user not found"}`)
	})
	// /405 refuses every method without saying which it would take.
	mux.HandleFunc("/405", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	})
	// Anything else: 200 with an HTML shell, the single-page app's fallback.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>app</title>")
	})
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("brokenapi: deliberately broken API on http://%s", *addr)
	log.Fatal(srv.ListenAndServe())
}
