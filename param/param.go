// Package param reads what a request says in its URL: query parameters and
// path values, strictly. An endpoint names the parameters it takes; an
// unknown or repeated one is refused with a message that names what the
// endpoint takes, so a typo such as ?slep=1s is reported instead of doing
// nothing. Durations follow one rule everywhere: a bare number is
// milliseconds (httpstat.us's ?sleep= is the compatibility constraint
// every other parameter follows), and a Go duration ("1.5s", "2m") says
// its unit.
//
// Every error is a *reply.Error with status 400 whose message says what
// was wrong, what is allowed and gives an example.
package param

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/internal/spelling"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// Errorf is a 400 *reply.Error, the answer to any malformed parameter.
func Errorf(format string, args ...any) *reply.Error {
	return reply.Errorf(http.StatusBadRequest, format, args...)
}

// ByteCount is n as a size in a message: "1 byte", "0 bytes", "1048576
// bytes". Every limit statuskit reports is written this way.
func ByteCount(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// Clip shortens s to at most n bytes for quoting in a message, marking the
// cut with "…", so a message never echoes a megabyte of client input.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Unsupported explains parameters a peer (httpbin) takes and statuskit
// deliberately does not, keyed by "endpoint?name".
type Unsupported map[string]string

// Query parses the query of the endpoint named endpoint (for messages,
// "/cache/{seconds}"; they name it under reply.Base(r)) that takes only the
// known parameters, each at most once. why, if not nil, explains
// parameters the endpoint leaves out on purpose; paths in its texts are
// put under the mount with UnderBase.
func Query(r *http.Request, endpoint string, known []string, why Unsupported) (url.Values, error) {
	if r.URL.RawQuery == "" {
		return url.Values{}, nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, Errorf("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?url=%s", err, url.QueryEscape(reply.Base(r)+"/200"))
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same mistake is reported first every time
	for _, k := range keys {
		if !slices.Contains(known, k) {
			if reason, ok := why[endpoint+"?"+k]; ok {
				return nil, Errorf("?%s= is not supported by %s: %s", k, mounted(r, endpoint), UnderBase(reply.Base(r), reason))
			}
			if len(known) == 0 {
				return nil, Errorf("unknown query parameter %q: %s takes no parameters", Clip(k, 40), mounted(r, endpoint))
			}
			return nil, Errorf("unknown query parameter %q: %s takes %s%s", Clip(k, 40), mounted(r, endpoint), strings.Join(known, ", "), didYouMean(k, known))
		}
		if len(q[k]) > 1 {
			return nil, Errorf("?%s= was given %d times; give it once, e.g. ?%s=%s", k, len(q[k]), k, Clip(q[k][0], 40))
		}
	}
	return q, nil
}

// mounted is endpoint ("/codes" or "POST /jobs") with its path under the
// mount r is served under (reply.Base), as the client must write it.
func mounted(r *http.Request, endpoint string) string {
	method, path, ok := strings.Cut(endpoint, " ")
	if !ok {
		return reply.Base(r) + endpoint
	}
	return method + " " + reply.Base(r) + path
}

// UnderBase puts the server paths named in a fixed message text under
// base (reply.Base of the request, "" at the root): every "/" that starts
// the text or follows a space, "(" or "=" begins a path, so
// "/range/{n}, e.g. /redirect-to?url=/200" under "/sk" becomes
// "/sk/range/{n}, e.g. /sk/redirect-to?url=/sk/200". Text built at run
// time should put base in as it is built instead.
func UnderBase(base, text string) string {
	if base == "" || !strings.Contains(text, "/") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 4*len(base))
	for i := 0; i < len(text); i++ {
		if text[i] == '/' && (i == 0 || text[i-1] == ' ' || text[i-1] == '(' || text[i-1] == '=') {
			b.WriteString(base)
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// Endpoint is the route pattern of r without its method, for messages:
// "/range/{n}".
func Endpoint(r *http.Request) string {
	p := r.Pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// Count reads a whole number from 1 to limit from the path value name,
// the {n} of /range/{n} or /redirect/{n}; limitName names the setting
// that sets limit (a flag such as --max-redirects). A limit below 1
// allows no number at all, and the error says so rather than offer a
// range from 1 to 0.
func Count(r *http.Request, name string, limit int64, limitName string) (int64, error) {
	text := r.PathValue(name)
	endpoint := reply.Base(r) + Endpoint(r) // as the client must write it
	if limit < 1 {
		return 0, Errorf("this server allows no %s at all (%s %d); a server started with %s 1 or more answers it", endpoint, limitName, limit, limitName)
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || !Digits(text) || n < 1 || n > limit {
		return 0, Errorf("%q in %s must be a whole number from 1 to %d (%s), e.g. %s",
			Clip(text, 20), endpoint, limit, limitName, strings.Replace(endpoint, "{"+name+"}", strconv.FormatInt(min(3, limit), 10), 1))
	}
	return n, nil
}

// Bool reads a true/false parameter; absent is false.
func Bool(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	switch q.Get(name) {
	case "true", "1", "":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, Errorf("?%s=%q must be true or false, e.g. ?%s=true", name, Clip(q.Get(name), 20), name)
}

// DurationRule is the sentence every duration message ends with.
const DurationRule = "a bare number is milliseconds, or give a unit: 250ms, 1.5s, 2m"

// ParseDuration reads a duration: a bare number of milliseconds ("250") or
// a Go duration ("1.5s", "250ms", "2m"). Negative values are refused.
func ParseDuration(v string) (time.Duration, bool) {
	if Digits(v) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(time.Duration(1<<62)/time.Millisecond) {
			// Valid but longer than any limit: report it as such.
			return 1 << 62, true
		}
		return time.Duration(n) * time.Millisecond, true
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, false
	}
	return d, true
}

// Duration reads the duration parameter name: def when absent, else a
// duration from lo to hi (ParseDuration's forms); limitName names the
// setting that sets hi.
func Duration(q url.Values, name string, def, lo, hi time.Duration, limitName string) (time.Duration, error) {
	if !q.Has(name) {
		return def, nil
	}
	return DurationValue(name, q.Get(name), lo, hi, limitName)
}

// DurationValue checks one duration value v of the parameter name.
func DurationValue(name, v string, lo, hi time.Duration, limitName string) (time.Duration, error) {
	d, ok := ParseDuration(v)
	if !ok {
		return 0, Errorf("?%s=%q must be a duration from %s to %s: %s, e.g. ?%s=%s", name, Clip(v, 20), lo, hi, DurationRule, name, example(lo, hi))
	}
	if d < lo || d > hi {
		cap := ""
		if limitName != "" {
			cap = " (" + limitName + ")"
		}
		return 0, Errorf("?%s=%s is %s, outside %s to %s%s; %s, e.g. ?%s=%s", name, Clip(v, 20), d, lo, hi, cap, DurationRule, name, example(lo, hi))
	}
	return d, nil
}

// example is a duration inside [lo, hi] for messages.
func example(lo, hi time.Duration) string {
	for _, d := range []time.Duration{10 * time.Second, time.Second, 250 * time.Millisecond, 10 * time.Millisecond} {
		if d >= lo && d <= hi {
			return d.String()
		}
	}
	return lo.String()
}

// Digits reports whether s is one or more ASCII digits.
func Digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Code reads a status code written in a URL (a path segment such as the
// {code} of /{code}, or a parameter) with status.ParseCode, and words the
// error for that place: prefix is what goes before the number in the
// example it gives ("/codes/" gives "try /codes/100"). Text that is not
// digits at all is a *status.SyntaxError the caller may treat as "no such
// resource" instead.
func Code(text, prefix string) (int, error) {
	n, err := status.ParseCode(text)
	if err == nil {
		return n, nil
	}
	var re *status.RangeError
	switch {
	case errors.As(err, &re):
		return 0, Errorf("%v; try %s%d", re, prefix, min(599, max(100, re.Number)))
	case !Digits(text):
		return 0, err
	}
	v, perr := strconv.Atoi(text)
	if perr == nil && v >= 100 && v <= 599 {
		// Leading zeros: the number is fine, its spelling is not.
		return 0, Errorf("%q: write the status code as exactly three digits, e.g. %s%d (status codes are 100 to 599)", Clip(text, 20), prefix, v)
	}
	if perr == nil && v < 100 {
		return 0, Errorf("%v; try %s100", &status.RangeError{Number: v}, prefix)
	}
	return 0, Errorf("%s is not an HTTP status code: status codes are three-digit numbers from 100 to 599 (RFC 9110, 15); try %s599", Clip(text, 20), prefix)
}

// didYouMean is " (did you mean ?window=?)" when typed is one of known in
// another case (names are case-sensitive) or a misspelling of one
// (internal/spelling's idea of a typo), else "".
func didYouMean(typed string, known []string) string {
	if len(typed) > 64 {
		return "" // a client's long name is near nothing; keep the work small
	}
	for _, k := range known {
		if strings.EqualFold(typed, k) || spelling.Near(strings.ToLower(typed), k) {
			return " (did you mean ?" + k + "=?)"
		}
	}
	return ""
}
