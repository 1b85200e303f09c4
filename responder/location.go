package responder

import (
	"github.com/statuskit/statuskit/param"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// CheckLocation validates a redirect target given in the query parameter
// param (?location=, /redirect-to's ?url=) so the server cannot be used as
// an open redirect: a relative reference or a URL on this server's own
// host is fine; another host must be in allowedHosts. It returns the value
// to send, or a 400 *reply.Error.
func CheckLocation(r *http.Request, param, loc string, allowedHosts []string) (string, error) {
	return checkLocation(r, param, loc, allowedHosts)
}

func checkLocation(r *http.Request, param, loc string, allowedHosts []string) (string, error) {
	if strings.ContainsAny(loc, "\\\r\n\t\x00") {
		// Browsers treat "/\evil.example" as "//evil.example".
		return "", errorf("?%s=%q contains a backslash or control character; give a path such as /200 or an http(s) URL", param, clip(loc, 60))
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "", errorf("?%s=%q is not a URI reference: %v", param, clip(loc, 60), err)
	}
	if u.User != nil {
		return "", errorf("?%s= must not carry user information (user@host); give a path such as /200", param)
	}
	if u.Scheme == "" && u.Host == "" {
		return serialiseTarget(u, param, loc)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", errorf("?%s= scheme %q is not allowed; use a path such as /200 or an http(s) URL", param, u.Scheme)
	}
	if u.Host == "" {
		return "", errorf("?%s=%q has a scheme but no host; give a path such as /200 or a full URL", param, clip(loc, 60))
	}
	if strings.EqualFold(u.Host, r.Host) || hostAllowed(u, allowedHosts) {
		return serialiseTarget(u, param, loc)
	}
	allowed := "none"
	if len(allowedHosts) > 0 {
		allowed = strings.Join(allowedHosts, ", ")
	}
	return "", errorf("?%s= may not redirect to %s: only this server (%s) and the hosts allowed by --redirect-hosts (%s) are accepted; use a path such as /200",
		param, u.Host, r.Host, allowed)
}

// serialiseTarget returns u as it will be sent, refusing it when the sent
// form names a different target than the one checked. url.URL.String
// re-escapes a decoded path, so the relative "%2F/evil.example/ x" would
// go out as "//evil.example/%20x", a protocol-relative URL to another host
// (found by FuzzCheckLocation).
func serialiseTarget(u *url.URL, param, loc string) (string, error) {
	out := u.String()
	v, err := url.Parse(out)
	if err != nil || v.Scheme != u.Scheme || !strings.EqualFold(v.Host, u.Host) || v.User != nil {
		return "", errorf("?%s=%q would be sent as %q, which names a different target; give a path such as /200 or an http(s) URL", param, clip(loc, 60), clip(out, 60))
	}
	return out, nil
}

func hostAllowed(u *url.URL, allowed []string) bool {
	return slices.ContainsFunc(allowed, func(h string) bool {
		return strings.EqualFold(h, u.Host) || strings.EqualFold(h, u.Hostname())
	})
}

func errorf(format string, args ...any) error { return paramErrorf(format, args...) }

var paramErrorf = func(format string, args ...any) error { return param.Errorf(format, args...) }

func clip(s string, n int) string { return param.Clip(s, n) }
