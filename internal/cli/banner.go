package cli

import (
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/statuskit/statuskit/server"
)

// banner is what serve says once it listens: where, and a command that
// works against it exactly as printed.
type banner struct {
	addr     string // the bound address, 127.0.0.1:8080
	base     string // the URL a person types, http://127.0.0.1:8080
	try      string // a curl command for /503
	certFile string // where the self-signed certificate was written, if it was
	insecure bool   // try skips certificate verification (-k)
}

// insecureNote goes with a banner whose curl example needs -k.
const insecureNote = "-k makes curl skip checking the self-signed certificate: fine for this local test server, never for a server you do not control; " +
	"to check it instead, add --tls-self-signed-cert-out FILE and use curl --cacert FILE"

// certHosts are the names server.SelfSignedCertificate is valid for.
var certHosts = map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}

func newBanner(addr net.Addr, cfg server.Config, selfSigned bool, certOut string) banner {
	hostport := displayAddr(addr)
	scheme := "http"
	if cfg.TLSCert != "" || selfSigned {
		scheme = "https"
	}
	b := banner{addr: addr.String(), base: scheme + "://" + hostport}
	switch {
	case selfSigned && certOut != "":
		b.certFile = certOut
		host, port, _ := net.SplitHostPort(hostport)
		if certHosts[host] {
			b.try = "curl --cacert " + shellQuote(certOut) + " -i " + b.base + "/503"
		} else {
			// The certificate does not name this address: reach it under
			// a name it does, so curl can still verify.
			b.try = fmt.Sprintf("curl --cacert %s --connect-to localhost:%s:%s -i https://localhost:%[2]s/503", shellQuote(certOut), port, hostport)
		}
	case selfSigned:
		b.try = "curl -k -i " + b.base + "/503"
		b.insecure = true
	default:
		b.try = "curl -i " + b.base + "/503"
	}
	return b
}

// announce prints the banner: a sentence for a person under the text log
// format, a log record under json, where every line must parse.
func announce(w io.Writer, log *slog.Logger, format string, b banner) {
	if format == "json" {
		attrs := []any{slog.String("addr", b.addr), slog.String("url", b.base+"/"), slog.String("try", b.try)}
		if b.certFile != "" {
			attrs = append(attrs, slog.String("certificate_file", b.certFile))
		}
		if b.insecure {
			attrs = append(attrs, slog.String("note", insecureNote))
		}
		log.Info("statuskit serving", attrs...)
		return
	}
	fmt.Fprintf(w, "statuskit serving on %s (try: %s; the reference is at %s/)\n", b.addr, b.try, b.base)
	if b.certFile != "" {
		fmt.Fprintf(w, "  the self-signed certificate is in %s; clients that trust it verify the connection\n", b.certFile)
	}
	if b.insecure {
		fmt.Fprintf(w, "  %s\n", insecureNote)
	}
}

// displayAddr turns ":8080" or "[::]:8080" into something curl can use.
func displayAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// writeSelfSigned makes a certificate with server.SelfSignedCertificate
// and writes it, as PEM, to certOut for clients to trust; the server uses
// it from memory (Config.TLSCertificate), so its key is never on disk.
func writeSelfSigned(certOut string) (*tls.Certificate, error) {
	c, err := server.SelfSignedCertificate()
	if err != nil {
		return nil, fmt.Errorf("make a self-signed certificate: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]})
	if err := os.WriteFile(certOut, certPEM, 0o644); err != nil {
		return nil, fmt.Errorf("--tls-self-signed-cert-out %s: %v; give a file in a directory that exists and that you can write, e.g. --tls-self-signed-cert-out /tmp/statuskit.pem", certOut, err)
	}
	return &c, nil
}
