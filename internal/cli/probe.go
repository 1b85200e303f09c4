package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// defaultProbeTimeout is short because a health check that waits long only
// delays the verdict: Docker's own default HEALTHCHECK --timeout is 30s, and
// a server that needs more than 2s to answer /healthz is not healthy.
const defaultProbeTimeout = 2 * time.Second

func newProbe(e *env) *cobra.Command {
	var opts outputOptions
	timeout := defaultProbeTimeout
	cmd := &cobra.Command{
		Use:   "probe <url>",
		Short: "GET a URL and exit 0 on a 2xx answer: a health check without a shell or curl",
		Long: `Probe sends one GET to an http or https URL and exits 0 when the answer is
2xx. Anything else exits 1 with a one-line reason on stderr: connection
refused, no answer within --timeout, or the status it got (a 3xx is reported
with its Location, not followed). A URL that is not http(s) exits 2.

It is the container image's HEALTHCHECK, which has no shell or curl:
  HEALTHCHECK CMD ["/statuskit", "probe", "http://127.0.0.1:8080/healthz"]`,
		Example: "  statuskit probe http://127.0.0.1:8080/healthz\n  statuskit probe --timeout 500ms http://localhost:8080/readyz && echo ready",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			target, err := parseProbeURL(args[0])
			if err != nil {
				return usageError{err}
			}
			res := probe(e.ctx, target, timeout)
			if opts.json {
				if err := writeJSON(e, res); err != nil {
					return err
				}
			} else if res.OK {
				fmt.Fprintf(e.stdout, "%s: %s\n", res.URL, res.Status)
			}
			if !res.OK {
				return errors.New("probe " + res.URL + ": " + res.Reason)
			}
			return nil
		},
	}
	positiveDurationVar(cmd.Flags(), &timeout, "timeout", timeout, "how long to wait for the response headers, connecting included, e.g. 500ms")
	addJSONFlag(cmd, &opts)
	return cmd
}

// parseProbeURL accepts absolute http and https URLs with a host; anything
// else is a usage error that shows the form wanted.
func parseProbeURL(raw string) (*url.URL, error) {
	const example = "e.g. statuskit probe http://127.0.0.1:8080/healthz"
	if !strings.Contains(raw, "://") && raw != "" && raw[0] != '/' {
		// A host without a scheme: "127.0.0.1:8080/x" is no URL to
		// url.Parse ("first path segment in URL cannot contain colon"),
		// and "localhost:8080" has the scheme "localhost". Say what is
		// missing instead.
		return nil, fmt.Errorf("probe %q: the URL has no scheme; write http:// or https:// before the host, e.g. statuskit probe %s", raw, shellQuote("http://"+raw))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("probe %q: not a URL (%v); %s", raw, errors.Unwrap(err), example)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("probe %q: only http and https URLs can be probed; %s", raw, example)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("probe %q: the URL has no host; %s", raw, example)
	}
	return u, nil
}

// probeResult is what one probe found; it is also probe's --json output.
type probeResult struct {
	URL string `json:"url"`
	// OK is true for a 2xx answer (RFC 9110, 15.3) and only then.
	OK bool `json:"ok"`
	// Code is the status code received, 0 when no response came.
	Code int `json:"status,omitempty"`
	// Status is the status line's code and reason phrase, "503 Service Unavailable".
	Status string `json:"-"`
	// Reason says why the probe failed; empty when OK.
	Reason string `json:"reason,omitempty"`
	// Elapsed is the time to the response headers (or to the failure) in
	// milliseconds.
	Elapsed float64 `json:"elapsed_ms"`
}

// probe GETs target once, giving up after timeout. It does not follow
// redirects: a health endpoint that redirects is misconfigured, and a
// probe that follows one would report on some other resource.
func probe(ctx context.Context, target *url.URL, timeout time.Duration) probeResult {
	res := probeResult{URL: target.String()}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, res.URL, nil)
	if err != nil {
		res.Reason = err.Error()
		return res
	}
	req.Header.Set("User-Agent", "statuskit-probe")
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// One request per process: an idle connection kept for reuse would
	// only hold the server's resources until the process exits.
	transport.DisableKeepAlives = true
	client := &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	start := time.Now()
	resp, err := client.Do(req)
	res.Elapsed = float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		res.Reason = probeFailure(err, timeout)
		return res
	}
	resp.Body.Close()
	res.Code, res.Status = resp.StatusCode, resp.Status
	res.OK = resp.StatusCode >= 200 && resp.StatusCode <= 299
	if !res.OK {
		res.Reason = resp.Status + ", want 2xx"
		if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode <= 399 {
			res.Reason += " (Location: " + loc + "; probe does not follow redirects)"
		}
	}
	return res
}

// probeFailure turns a transport error into the one line a person needs:
// the cause without Go's `Get "url":` wrapping, which the caller prints.
func probeFailure(err error, timeout time.Duration) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing is listening there)"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("no response within %s (--timeout)", timeout)
	case errors.Is(err, context.Canceled):
		return "interrupted"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve host %q: %s", dnsErr.Name, dnsErr.Err)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}
