package check

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
)

// TargetError is a target that cannot be checked: not an absolute http or
// https URL.
type TargetError struct {
	URL    string
	Reason string
	// Suggest is the URL probably meant, when one can be guessed: a host
	// written without its scheme ("example.com", "localhost:8080/x") gets
	// "http://" in front ("http://example.com/"). Empty otherwise.
	Suggest string
}

func (e *TargetError) Error() string {
	if e.Suggest != "" {
		return fmt.Sprintf("%q cannot be checked: %s; did you mean %s?", e.URL, e.Reason, e.Suggest)
	}
	return fmt.Sprintf("%q cannot be checked: %s; give an absolute http or https URL, e.g. http://127.0.0.1:8080/users/1", e.URL, e.Reason)
}

// ParseTarget checks that s is an absolute http or https URL with a host
// and returns it, its empty path made "/". Anything else is a
// *TargetError, with a suggestion when s looks like a host and path
// without the scheme.
func ParseTarget(s string) (*url.URL, error) {
	if guess := withoutScheme(s); guess != "" {
		return nil, &TargetError{URL: s, Reason: "it has no scheme (http:// or https://)", Suggest: guess}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return nil, &TargetError{URL: s, Reason: "it is not a URL"}
	case u.Scheme == "":
		return nil, &TargetError{URL: s, Reason: "it has no scheme (http:// or https://) and no host"}
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, &TargetError{URL: s, Reason: "its scheme is not http or https"}
	case u.Host == "":
		return nil, &TargetError{URL: s, Reason: "it has no host"}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// withoutScheme returns "http://" + s when s reads as a host (a name with
// a dot, localhost or an IP address, an optional port) and optional path,
// query and fragment, written without its scheme; else "". url.Parse
// reads "localhost:8080/x" as the scheme "localhost", and
// "127.0.0.1:8080" not at all, so the guess is made before it. Something
// with a scheme of its own ("mailto:ops@example.com", "urn:isbn:1") has
// user information or no numeric port once "http://" is put in front,
// and gets no guess.
func withoutScheme(s string) string {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "/") {
		return ""
	}
	u, err := url.Parse("http://" + s)
	if err != nil || u.User != nil || u.Host == "" {
		return ""
	}
	host := u.Hostname()
	if host != "localhost" && net.ParseIP(host) == nil && !isDomainName(host) {
		return ""
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// isDomainName reports whether h is dotted labels of letters, digits and
// hyphens (RFC 1123, 2.1), with at least one dot: "example.com", not
// "users".
func isDomainName(h string) bool {
	labels := strings.Split(strings.TrimSuffix(h, "."), ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// MaxURLs bounds the targets one --urls file or OpenAPI document may
// name.
const MaxURLs = 10000

// maxURLLine bounds one line of a URL list.
const maxURLLine = 64 << 10

// LineError is a line of a URL list that cannot be used, with its number
// (the first line is 1), so that a tool can point at file:line.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ReadURLs reads targets one per line: blank lines and lines starting
// with "#" are skipped, as is a comment after a space or tab ("URL #
// note"); a byte order mark and CRLF line ends are allowed. At most
// MaxURLs, each line at most 64 KiB. A line that is not a target is a
// *LineError wrapping the reason (a *TargetError for a URL that cannot be
// checked).
func ReadURLs(r io.Reader) ([]Target, error) {
	var out []Target
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxURLLine)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if i := strings.Index(line, "#"); i == 0 || i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, &LineError{n, fmt.Errorf("%q holds whitespace: write one URL per line (flags belong on the command line, a space in a URL is %%20), e.g. http://127.0.0.1:8080/users/1", line)}
		}
		if _, err := ParseTarget(line); err != nil {
			return nil, &LineError{n, err}
		}
		if len(out) >= MaxURLs {
			return nil, &LineError{n, fmt.Errorf("more than %d URLs; split the list into several runs", MaxURLs)}
		}
		out = append(out, Target{URL: line})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{n + 1, fmt.Errorf("longer than %d KiB; write one URL per line", maxURLLine>>10)}
		}
		return nil, err
	}
	return out, nil
}
