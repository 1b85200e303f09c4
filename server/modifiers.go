package server

import (
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// modifiers are the per-request options of a status endpoint, parsed and
// validated in one place before anything is decided or written.
type modifiers struct {
	sleep      time.Duration
	headers    []headerField // extra response fields, in request order
	body       string
	hasBody    bool
	retryAfter string // normalised: delta-seconds or IMF-fixdate
	location   string // raw; checked against the request by checkLocation
	allow      string // normalised "GET, HEAD"
	hasAllow   bool
	final      int   // final status after an interim 1xx
	size       int64 // length of the representation behind 206/416
}

type headerField struct{ name, value string }

// modifierLimits are the parts of Config the parser needs; a separate type
// keeps the parser a pure function that a fuzz test can drive.
type modifierLimits struct {
	maxSleep     time.Duration
	maxHeaders   int
	maxRangeSize int64
	unsafe       bool
}

// inputError is a request the server refuses with 400 and a message that
// says what was wrong and what is allowed.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(format string, args ...any) *inputError {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// responseHeaderPrefix marks request headers that become response headers:
// "X-Statuskit-Response-Retry-After: 5" sets "Retry-After: 5".
const responseHeaderPrefix = "X-Statuskit-Response-"

var knownParams = []string{"sleep", "header", "body", "retry-after", "location", "allow", "final", "size", "id"}

// parseModifiers reads the query string and X-Statuskit-Response-* request
// headers. Unknown parameters are refused rather than ignored, so a typo
// such as ?slep=1s is reported instead of silently doing nothing.
func parseModifiers(rawQuery string, reqHeader http.Header, lim modifierLimits) (modifiers, error) {
	m := modifiers{final: http.StatusOK}
	if rawQuery != "" {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return m, badInput("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?header=X-Test:a%%20b", err)
		}
		// Sorted so that with several mistakes the same one is reported
		// first every time.
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if err := m.set(k, q[k], lim); err != nil {
				return m, err
			}
		}
	}
	for name, values := range reqHeader {
		if len(name) <= len(responseHeaderPrefix) || !strings.EqualFold(name[:len(responseHeaderPrefix)], responseHeaderPrefix) {
			continue
		}
		for _, v := range values {
			if err := m.addHeader(name[len(responseHeaderPrefix):], v, lim); err != nil {
				return m, err
			}
		}
	}
	return m, nil
}

func (m *modifiers) set(key string, values []string, lim modifierLimits) error {
	if key != "header" && len(values) > 1 {
		return badInput("?%s= was given %d times; give it once", key, len(values))
	}
	v := values[0]
	switch key {
	case "sleep":
		d, err := parseSleep(v)
		if err != nil {
			return err
		}
		if d > lim.maxSleep {
			return badInput("?sleep=%s is longer than this server's cap of %s (--max-sleep); ask for %s or less", v, lim.maxSleep, lim.maxSleep)
		}
		m.sleep = d
	case "header":
		for _, h := range values {
			name, value, ok := strings.Cut(h, ":")
			if !ok {
				return badInput("?header=%q must be Name:Value, e.g. ?header=X-Request-Id:42", h)
			}
			if err := m.addHeader(name, strings.TrimSpace(value), lim); err != nil {
				return err
			}
		}
	case "body":
		m.body, m.hasBody = v, true
	case "retry-after":
		ra, err := parseRetryAfter(v)
		if err != nil {
			return err
		}
		m.retryAfter = ra
	case "location":
		if v == "" {
			return badInput("?location= is empty; give a path on this server (e.g. /200) or a URL on an allowed host")
		}
		m.location = v
	case "allow":
		allow, err := parseAllow(v)
		if err != nil {
			return err
		}
		m.allow, m.hasAllow = allow, true
	case "final":
		n, err := strconv.Atoi(v)
		if err != nil || n < 200 || n > 599 {
			return badInput("?final=%q must be the final status after the interim response, a number from 200 to 599, e.g. ?final=201", v)
		}
		m.final = n
	case "size":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > lim.maxRangeSize {
			return badInput("?size=%q must be the representation length in bytes, from 1 to %d (--max-range-size)", v, lim.maxRangeSize)
		}
		m.size = n
	case "id":
		// An opaque label the server puts in the Location URLs it makes
		// (/200?id=created-7); accepted and ignored so they can be followed.
	default:
		return badInput("unknown query parameter %q; the parameters are %s", key, strings.Join(knownParams, ", "))
	}
	return nil
}

// parseSleep takes milliseconds ("250") or a Go duration ("1.5s", "250ms").
func parseSleep(v string) (time.Duration, error) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, badInput("?sleep=%s must be a non-negative number of milliseconds or a duration, e.g. ?sleep=250 or ?sleep=1.5s", v)
		}
		if n > int64(time.Duration(1<<62)/time.Millisecond) {
			// Valid but longer than any cap: the caller's cap check
			// names the cap, which is the useful message here.
			return 1 << 62, nil
		}
		return time.Duration(n) * time.Millisecond, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, badInput("?sleep=%q must be a non-negative number of milliseconds or a duration, e.g. ?sleep=250 or ?sleep=1.5s", v)
	}
	return d, nil
}

// parseRetryAfter accepts delta-seconds or an HTTP-date (RFC 9110, 10.2.3)
// and returns it in the form a server must send: digits, or IMF-fixdate.
func parseRetryAfter(v string) (string, error) {
	if v != "" && strings.Trim(v, "0123456789") == "" && len(v) <= 10 {
		n, _ := strconv.Atoi(v)
		return strconv.Itoa(n), nil
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.UTC().Format(http.TimeFormat), nil
	}
	return "", badInput("?retry-after=%q must be seconds (0 to 9999999999, e.g. 5) or an HTTP-date (e.g. Wed, 21 Oct 2026 07:28:00 GMT), RFC 9110, 10.2.3", v)
}

// parseAllow normalises a method list; an empty list is valid and means the
// resource allows nothing (RFC 9110, 10.2.1).
func parseAllow(v string) (string, error) {
	var methods []string
	for m := range strings.SplitSeq(v, ",") {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		if !isToken(m) {
			return "", badInput("?allow=%q: %q is not a method name; give comma-separated methods, e.g. ?allow=GET,HEAD (or ?allow= for none)", v, m)
		}
		methods = append(methods, m)
	}
	return strings.Join(methods, ", "), nil
}

// Fields a client-chosen header may never set: Content-Length and
// Transfer-Encoding decide message framing, and a wrong one corrupts the
// connection (RFC 9112, 6).
var framingFields = map[string]bool{"Content-Length": true, "Transfer-Encoding": true}

// Fields refused unless --unsafe: cookies, Content-Type (a custom body must
// not become HTML on this origin) and hop-by-hop fields (RFC 9110, 7.6.1).
var unsafeFields = map[string]bool{
	"Set-Cookie": true, "Content-Type": true, "Connection": true, "Keep-Alive": true,
	"Proxy-Connection": true, "Te": true, "Trailer": true, "Upgrade": true,
}

func (m *modifiers) addHeader(name, value string, lim modifierLimits) error {
	name = strings.TrimSpace(name)
	if !isToken(name) {
		return badInput("response header name %q is not a valid field name (letters, digits and !#$%%&'*+-.^_`|~), e.g. X-Request-Id", name)
	}
	if !validFieldValue(value) {
		return badInput("response header %s has a value with control characters; CR, LF and NUL are not allowed in a field value (RFC 9110, 5.5)", name)
	}
	canon := textproto.CanonicalMIMEHeaderKey(name)
	if framingFields[canon] {
		return badInput("response header %s cannot be set: it decides message framing, which the server must control", canon)
	}
	if unsafeFields[canon] && !lim.unsafe {
		return badInput("response header %s is refused by default (cookies, Content-Type and hop-by-hop fields); start the server with --unsafe to allow it", canon)
	}
	if len(m.headers) >= lim.maxHeaders {
		return badInput("too many extra response headers: at most %d (--max-response-headers)", lim.maxHeaders)
	}
	m.headers = append(m.headers, headerField{canon, value})
	return nil
}

// isToken reports whether s is an RFC 9110, 5.6.2 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
