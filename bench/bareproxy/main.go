// Command bareproxy is the ceiling bench/gateway compares statuskit
// gateway to: an httputil.ReverseProxy to one upstream with nothing added,
// configured as a fair proxy would be (no Accept-Encoding added, no
// environment proxy, enough idle upstream connections for the load,
// responses flushed as they arrive) and served with the connection
// settings the gateway uses by default. It injects no faults and keeps no
// metrics, so the gateway's requests per second divided by its own is the
// share of this ceiling the gateway keeps.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"time"

	"github.com/statuskit/statuskit/gateway"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free one)")
	upstream := flag.String("upstream", "", "the upstream URL, e.g. http://127.0.0.1:9000")
	flag.Parse()
	target, err := url.Parse(*upstream)
	if err != nil || target.Host == "" {
		log.Fatalf("bareproxy: -upstream %q: give the upstream URL, e.g. -upstream http://127.0.0.1:9000", *upstream)
	}
	cfg := gateway.DefaultConfig()
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           (&net.Dialer{Timeout: cfg.UpstreamTimeout, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:          cfg.MaxIdleUpstream,
			MaxIdleConnsPerHost:   cfg.MaxIdleUpstream,
			IdleConnTimeout:       90 * time.Second,
			ResponseHeaderTimeout: cfg.UpstreamTimeout,
			DisableCompression:    true,
		},
		FlushInterval: -1,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("bareproxy: listen on %s: %v", *addr, err)
	}
	hs := &http.Server{
		Handler:           proxy,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
	}
	// bench/gateway reads the bound address from this line.
	fmt.Fprintf(os.Stderr, "bareproxy serving on %s\n", ln.Addr())
	log.Fatal(hs.Serve(ln))
}
