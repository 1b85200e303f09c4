package responder

import (
	"cmp"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/status"
)

// Modifiers are the per-request options of a status response: what a
// client asks for with ?sleep=, ?header=, ?body= and the rest, or with
// X-Statuskit-Response-* request fields, or in a sequence element
// ("503;retry-after=1"). They are parsed and validated in one place before
// anything is decided or written.
type Modifiers struct {
	// Sleep is how long to wait before answering.
	Sleep time.Duration
	// Fields are extra response fields, in request order.
	Fields []reply.Field
	// Content replaces the content when HasContent (?body=).
	Content    string
	HasContent bool
	// RetryAfter is Retry-After in the form a sender uses: delay-seconds
	// or IMF-fixdate.
	RetryAfter string
	// Location is the Location target as given; Answer checks it against
	// the origin policy before sending it.
	Location string
	// Allow, when HasAllow, is the Allow of a 405, normalised "GET, HEAD".
	Allow    string
	HasAllow bool
	// Final is the status after an interim 1xx (200 when zero).
	Final int
	// Size is the representation length behind 206 and 416 (a default
	// when zero).
	Size int64
	// Message is statuskit's explanation of the answer for a person (why
	// a scenario chose it, what to do next), sent in the negotiated
	// description: the text, the JSON "message" and the problem "detail".
	// Endpoints set it; no query parameter does.
	Message string

	// received counts the request content once an interim flow has read
	// it (contentRead), for the final response's description.
	received    int64
	contentRead bool
	// hasGoverned says a field in Fields carries a target the origin
	// check must see.
	hasGoverned bool
}

// Limits are the parts of the configuration the parser needs; a separate
// type keeps the parser a pure function that a fuzz test can drive.
type Limits struct {
	// MaxSleep caps ?sleep=.
	MaxSleep time.Duration
	// MaxFields caps the extra response fields one request may ask for.
	MaxFields int
	// MaxRangeSize caps ?size=.
	MaxRangeSize int64
	// Unsafe lets ?header= set Set-Cookie, Content-Type and hop-by-hop
	// fields.
	Unsafe bool
}

// ResponseFieldPrefix marks request fields that become response fields:
// "X-Statuskit-Response-Retry-After: 5" sets "Retry-After: 5".
const ResponseFieldPrefix = "X-Statuskit-Response-"

// Params are the query parameters Set understands, in the order messages
// list them.
var Params = []string{"sleep", "header", "body", "retry-after", "location", "allow", "final", "size", "id"}

// ParseModifiers reads the query string and X-Statuskit-Response-* request
// fields. Unknown parameters are refused rather than ignored, so a typo
// such as ?slep=1s is reported instead of silently doing nothing. Errors
// are 400 *reply.Error values; the paths their examples name are under
// base, the mount the server is under (reply.Base, "" at the root).
func ParseModifiers(rawQuery string, reqHeader http.Header, lim Limits, base string) (Modifiers, error) {
	var m Modifiers
	if rawQuery != "" {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return m, param.Errorf("the query string is not valid URL encoding (%v); encode values with percent-escapes, e.g. ?header=X-Test:a%%20b", err)
		}
		// Sorted so that with several mistakes the same one is reported
		// first every time.
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if k != "header" && len(q[k]) > 1 {
				// The example is the first value, once it is known to
				// be one this server takes.
				var scratch Modifiers
				if err := scratch.Set(k, q[k][0], lim, base); err != nil {
					return m, err
				}
				return m, param.Errorf("?%s= was given %d times; give it once, e.g. ?%s=%s", k, len(q[k]), k, param.Clip(q[k][0], 40))
			}
			for _, v := range q[k] {
				if err := m.Set(k, v, lim, base); err != nil {
					return m, err
				}
			}
		}
	}
	for name, values := range reqHeader {
		if len(name) < len(ResponseFieldPrefix) || !strings.EqualFold(name[:len(ResponseFieldPrefix)], ResponseFieldPrefix) {
			continue
		}
		if len(name) == len(ResponseFieldPrefix) {
			return m, param.Errorf("the request field %s names no response field after the prefix; put the name after it, e.g. %sRetry-After: 5", name, ResponseFieldPrefix)
		}
		for _, v := range values {
			if err := m.AddField(name[len(ResponseFieldPrefix):], v, lim); err != nil {
				return m, err
			}
		}
	}
	return m, nil
}

// Set applies one parameter, name=value, as the query string or a
// sequence element gives it. base is as for ParseModifiers.
func (m *Modifiers) Set(name, v string, lim Limits, base string) error {
	switch name {
	case "sleep":
		d, ok := param.ParseDuration(v)
		if !ok {
			return param.Errorf("?sleep=%q is not a duration: %s, e.g. ?sleep=250 or ?sleep=1.5s", param.Clip(v, 20), param.DurationRule)
		}
		if d > lim.MaxSleep && lim.MaxSleep <= 0 {
			return param.Errorf("?sleep=%s: sleeping is off on this server (--max-sleep 0); remove ?sleep=, or start the server with --max-sleep 10s to allow sleeps up to 10 seconds", param.Clip(v, 20))
		}
		if d > lim.MaxSleep {
			return param.Errorf("?sleep=%s is longer than this server's cap of %s (--max-sleep); ask for %s or less, e.g. ?sleep=%s (%s)", param.Clip(v, 20), lim.MaxSleep, lim.MaxSleep, min(lim.MaxSleep, 250*time.Millisecond), param.DurationRule)
		}
		m.Sleep = d
	case "header":
		fname, value, ok := strings.Cut(v, ":")
		if !ok {
			return param.Errorf("?header=%q must be Name:Value, e.g. ?header=X-Request-Id:42", param.Clip(v, 60))
		}
		// Only optional whitespace (SP and HTAB, RFC 9110, 5.5) is
		// trimmed; a CR, LF or NUL anywhere is refused by AddField, not
		// silently dropped.
		return m.AddField(fname, strings.Trim(value, " \t"), lim)
	case "body":
		m.Content, m.HasContent = v, true
	case "retry-after":
		ra, err := parseRetryAfter(v)
		if err != nil {
			return err
		}
		m.RetryAfter = ra
	case "location":
		if v == "" {
			return param.Errorf("?location= is empty; give a path on this server (e.g. %s/200) or a URL on an allowed host", base)
		}
		m.Location = v
	case "allow":
		allow, err := parseAllow(v)
		if err != nil {
			return err
		}
		m.Allow, m.HasAllow = allow, true
	case "final":
		n, err := status.ParseCode(v)
		if err != nil || n < 200 {
			return param.Errorf("?final=%q must be the final status after the interim response, three digits from 200 to 599, e.g. ?final=201", param.Clip(v, 20))
		}
		m.Final = n
	case "size":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !param.Digits(v) || n < 1 || n > lim.MaxRangeSize {
			return param.Errorf("?size=%q must be the representation length in bytes, from 1 to %d (--max-range-size), e.g. ?size=%d", param.Clip(v, 20), lim.MaxRangeSize, max(1, min(100, lim.MaxRangeSize)))
		}
		m.Size = n
	case "id":
		// An opaque label the server puts in the Location URLs it makes
		// (/200?id=created-7); accepted and ignored so they can be followed.
	default:
		return param.Errorf("unknown query parameter %q; the parameters are %s", param.Clip(name, 40), strings.Join(Params, ", "))
	}
	return nil
}

// CheckFor refuses modifiers that cannot apply to an answer with number:
// content for a code that has none (RFC 9110, 6.4.1: 1xx, 204, 205, 304;
// after an interim response the final code is what counts), and a final
// status for a code that is not interim. Answer calls it; a sequence calls
// it for every element before serving any.
func (m Modifiers) CheckFor(number int, base string) error {
	c := reply.Code(number)
	if m.Final != 0 && c.Class() != status.Informational {
		return param.Errorf("?final=%d applies to 1xx codes only: it is the status sent after the interim response, and %d is final itself; remove it, or ask for a 1xx such as %s/100?final=%d", m.Final, number, base, m.Final)
	}
	target := c
	if c.Class() == status.Informational {
		target = reply.Code(cmp.Or(m.Final, http.StatusOK))
	}
	// A field set by its own modifier and by ?header= at once would be
	// two values of one field; say which wins rather than pick one.
	// Checked only when ?header= was used: this runs on every request.
	if len(m.Fields) > 0 {
		if err := givenTwice(m.Fields, m.Location != "", "Location", "location"); err != nil {
			return err
		}
		if err := givenTwice(m.Fields, m.RetryAfter != "", "Retry-After", "retry-after"); err != nil {
			return err
		}
		if err := givenTwice(m.Fields, m.HasAllow, "Allow", "allow"); err != nil {
			return err
		}
	}
	if m.HasAllow && target.Number != http.StatusMethodNotAllowed {
		return param.Errorf("?allow= sets the Allow of a 405 and %d is not one; remove it, or add the field with ?header=Allow:GET,HEAD", target.Number)
	}
	if m.Size != 0 && target.Number != http.StatusPartialContent && target.Number != http.StatusRequestedRangeNotSatisfiable {
		return param.Errorf("?size= sets the representation behind a 206 or a 416 and %d is neither; remove it, or ask for %s/206?size=%d", target.Number, base, m.Size)
	}
	if !m.HasContent {
		return nil
	}
	if target.ContentForbidden {
		return param.Errorf("?body= cannot be sent with %s: a %d response has no content (RFC 9110, 6.4.1); remove ?body=, or use a code that has content such as 200", target, target.Number)
	}
	return nil
}

// givenTwice is the error for a field set both by its own modifier (?name=,
// when set) and among fields (?header=).
func givenTwice(fields []reply.Field, set bool, name, modifier string) error {
	if !set {
		return nil
	}
	for _, f := range fields {
		if f.Name == name {
			return param.Errorf("%s is given twice, by ?%s= and by ?header= (or X-Statuskit-Response-%s): give it once", name, modifier, name)
		}
	}
	return nil
}

// parseRetryAfter accepts delay-seconds or an HTTP-date (RFC 9110, 10.2.3)
// and returns it in the form a server must send: digits, or IMF-fixdate.
func parseRetryAfter(v string) (string, error) {
	if v != "" && strings.Trim(v, "0123456789") == "" && len(v) <= 10 {
		n, _ := strconv.Atoi(v)
		return strconv.Itoa(n), nil
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.UTC().Format(http.TimeFormat), nil
	}
	return "", param.Errorf("?retry-after=%q must be seconds (0 to 9999999999, e.g. 5) or an HTTP-date (e.g. Wed, 21 Oct 2026 07:28:00 GMT), RFC 9110, 10.2.3", param.Clip(v, 40))
}

// parseAllow normalises a method list; an empty value is valid and means
// the resource allows nothing (RFC 9110, 10.2.1), but an empty element
// ("GET,,HEAD", "GET,") is a mistake, not a method.
func parseAllow(v string) (string, error) {
	if strings.Trim(v, " \t") == "" {
		return "", nil
	}
	var methods []string
	for m := range strings.SplitSeq(v, ",") {
		m = strings.Trim(m, " \t")
		if m == "" {
			return "", param.Errorf("?allow=%q has an empty method (two commas in a row, or a comma at an end); give comma-separated methods, e.g. ?allow=GET,HEAD (or ?allow= for none)", param.Clip(v, 40))
		}
		if !field.IsToken(m) {
			return "", param.Errorf("?allow=%q: %q is not a method name; give comma-separated methods, e.g. ?allow=GET,HEAD (or ?allow= for none)", param.Clip(v, 40), param.Clip(m, 20))
		}
		methods = append(methods, m)
	}
	return strings.Join(methods, ", "), nil
}

// CheckMethod refuses an Allow of a 405 (?allow=) that lists method, the
// method of the request being answered: a 405 refuses the request's
// method, and Allow lists the methods the resource supports (RFC 9110,
// 15.5.6), so the two would contradict each other. GET and HEAD count as
// one (9.3.2: a resource that answers GET answers HEAD). number is the
// code asked for (after a 1xx, Final is the 405 that counts); r is the
// request, its method the one refused and its target the example in the
// message (built only then: this runs on every request).
func (m Modifiers) CheckMethod(number int, r *http.Request) error {
	method := r.Method
	if !m.HasAllow || m.Allow == "" {
		return nil
	}
	if number != http.StatusMethodNotAllowed && (reply.Code(number).Class() != status.Informational || m.Final != http.StatusMethodNotAllowed) {
		return nil
	}
	listed := strings.Split(m.Allow, ", ")
	refused := ""
	for _, a := range listed {
		if a == method || sameAsGET(a) && sameAsGET(method) {
			refused = a
			break
		}
	}
	if refused == "" {
		return nil
	}
	what := refused + ", the method of this request"
	if refused != method {
		what = fmt.Sprintf("%s, which stands for %s, the method of this request (a resource that answers GET answers HEAD, RFC 9110, 9.3.2)", refused, method)
	}
	other := ""
	for _, s := range reply.StandardMethods {
		if !slices.ContainsFunc(listed, func(a string) bool { return a == s || sameAsGET(a) && sameAsGET(s) }) {
			other = s
			break
		}
	}
	example := "leave " + method + " out of ?allow="
	if other != "" {
		example = fmt.Sprintf("send the request with another method, e.g. curl -X %s '%s', or leave %s out of ?allow=", other, Target(r), method)
	}
	return param.Errorf("?allow=%s lists %s: a 405 refuses the request's method, and its Allow lists the methods the resource supports (RFC 9110, 15.5.6), so it cannot name the refused one; %s",
		param.Clip(strings.ReplaceAll(m.Allow, ", ", ","), 60), what, example)
}

func sameAsGET(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// Fields a client-chosen header may never set: Content-Length and
// Transfer-Encoding decide message framing, and a wrong one corrupts the
// connection (RFC 9112, 6).
var framingFields = map[string]bool{"Content-Length": true, "Transfer-Encoding": true}

// Fields refused unless Unsafe: cookies, Content-Type (a custom body must
// not become HTML on this origin) and hop-by-hop fields (RFC 9110, 7.6.1).
var unsafeFields = map[string]bool{
	"Set-Cookie": true, "Content-Type": true, "Connection": true, "Keep-Alive": true,
	"Proxy-Connection": true, "Te": true, "Trailer": true, "Upgrade": true,
}

// AddField adds an extra response field, after checking that it is a
// field a client may set. Spaces and tabs around name are trimmed; value
// is sent as given, and a control character anywhere in it (CR, LF, NUL,
// leading or trailing too) is a 400 (RFC 9110, 5.5).
func (m *Modifiers) AddField(name, value string, lim Limits) error {
	name = strings.Trim(name, " \t")
	if !field.IsToken(name) {
		return param.Errorf("response header name %q is not a valid field name (letters, digits and !#$%%&'*+-.^_`|~), e.g. X-Request-Id", param.Clip(name, 40))
	}
	if !field.ValidValue(value) {
		return param.Errorf("response header %s has a value with control characters; CR, LF, NUL and other control characters are not allowed anywhere in a field value, leading and trailing included (RFC 9110, 5.5): only spaces and tabs around the value are trimmed; e.g. ?header=%s:value", param.Clip(name, 40), param.Clip(name, 40))
	}
	canon := textproto.CanonicalMIMEHeaderKey(name)
	if framingFields[canon] {
		return param.Errorf("response header %s cannot be set: it decides message framing, which the server must control", canon)
	}
	if unsafeFields[canon] && !lim.Unsafe {
		return param.Errorf("response header %s is refused by default (cookies, Content-Type and hop-by-hop fields); start the server with --unsafe to allow it", canon)
	}
	if len(m.Fields) >= lim.MaxFields {
		return param.Errorf("too many extra response headers: at most %d (--max-response-headers)", lim.MaxFields)
	}
	if field.Singleton(canon) && slices.ContainsFunc(m.Fields, func(f reply.Field) bool { return f.Name == canon }) {
		return param.Errorf("response header %s was given twice; it is a single value, not a list, and must not be repeated (RFC 9110, 5.3): give it once, e.g. ?header=%s:value", canon, canon)
	}
	m.Fields = append(m.Fields, reply.Field{Name: canon, Value: value})
	m.hasGoverned = m.hasGoverned || origin.Governed(canon)
	return nil
}
