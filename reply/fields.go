package reply

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// codeRow is what the writer adds to one code beyond the registry's
// header rules: the defaults and pages that make a response with that code
// useful to the client that gets it. Every code-specific decision of the
// writer is a row of rows; nothing else in the package branches on a
// status number.
type codeRow struct {
	// retryAfter is the default Retry-After ("" sends none unless the
	// Response asks).
	retryAfter []string
	// static fields always sent with the code.
	static []presetField
	// page, when set, is the content a browser (HTML) gets instead of the
	// status description; it may set fields on h.
	page func(h http.Header, base string) []byte
}

// presetField is a response field with its value slice built once, so
// sending it assigns the slice instead of allocating one per request.
type presetField struct {
	name   string // canonical
	values []string
}

// rows is the per-code table of the writer, indexed by number.
var rows = func() (t [600]codeRow) {
	threeSeconds := []string{"3"}
	t[http.StatusTooManyRequests] = codeRow{
		// RFC 6585, 4 lets a 429 say how long to wait; retrying clients
		// (curl --retry, urllib3 Retry) honour it, and the response
		// depends on the client's recent requests, so no cache may keep it.
		retryAfter: threeSeconds,
		static:     []presetField{{"Cache-Control", noStore}},
	}
	t[http.StatusServiceUnavailable] = codeRow{
		// RFC 9110, 15.6.4: the server MAY send Retry-After; a temporary
		// condition must not be served from a cache once it is over.
		retryAfter: threeSeconds,
		static:     []presetField{{"Cache-Control", noStore}},
		page: func(h http.Header, base string) []byte {
			return UnavailablePage(first(h["Retry-After"]), base)
		},
	}
	return t
}()

// fieldKind names a field the writer can produce on its own for the
// registry's header rules. A kind (not a function value) keeps Write free
// of indirect calls, through which a *Response would escape to the heap.
type fieldKind uint8

const (
	fieldLocation fieldKind = iota + 1
	fieldRetryAfter
	fieldAllow
	fieldChallenge
	fieldProxyChallenge
	fieldUpgrade
	fieldEchoRequest
)

// producedFields maps the field names the writer produces to their kind.
// The registry names a few fields the writer cannot know (NotProduced);
// callers set those through Response.Fields.
var producedFields = map[string]fieldKind{
	"Location":           fieldLocation,
	"Retry-After":        fieldRetryAfter,
	"Allow":              fieldAllow,
	"Www-Authenticate":   fieldChallenge,
	"Proxy-Authenticate": fieldProxyChallenge,
	"Upgrade":            fieldUpgrade,
	"Ms-Echo-Request":    fieldEchoRequest,
}

// produce is the value of one field for resp, or nil when there is
// nothing to say.
func produce(kind fieldKind, resp *Response, r *http.Request) []string {
	switch kind {
	case fieldLocation:
		if resp.Location != "" {
			return []string{resp.Location}
		}
	case fieldRetryAfter:
		if resp.RetryAfter == "" { // Write sets a given one for every code
			return rows[resp.Status].retryAfter
		}
	case fieldAllow:
		if resp.HasAllow {
			return []string{resp.Allow}
		}
		return allowExcept(r.Method)
	case fieldChallenge:
		return challenges
	case fieldProxyChallenge:
		return proxyChallenges
	case fieldUpgrade:
		// Upgrade and Connection are connection-specific and not allowed
		// in HTTP/2 (RFC 9113, 8.2.2).
		if r.ProtoMajor == 1 {
			if resp.Upgrade != "" {
				return []string{resp.Upgrade}
			}
			return defaultUpgrade
		}
	case fieldEchoRequest:
		// [MS-WDV] 3.2.5: a 449 MUST carry a value the client echoes back
		// in Ms-Echo-Reply; a fresh one per response, as a server would
		// issue.
		return []string{"statuskit-" + strconv.FormatUint(echoRequests.Add(1), 10)}
	}
	return nil
}

var defaultUpgrade = []string{DefaultUpgrade}

var echoRequests atomic.Uint64

// NotProduced lists the header fields the registry asks for that the
// writer leaves to its caller, each with the reason: they describe a
// representation or a choice only the caller knows. Together with
// producedFields it covers every field name in the registry (a test
// checks), so no rule is skipped without a word.
var NotProduced = map[string]string{
	"Content-Range":    "describes the enclosed range of a representation (206) or its length (416); the caller that has the representation sets it",
	"Content-Type":     "of a multipart 206 names its boundary; set with the content",
	"Etag":             "the entity-tag of the caller's representation (206, 226, 304)",
	"Cache-Control":    "on 206 and 304 it repeats what a 200 would carry; the caller knows that 200",
	"Expires":          "on 206 and 304 it repeats what a 200 would carry",
	"Content-Location": "on 206 and 304 it repeats what a 200 would carry",
	"Vary":             "on 206 and 304 it repeats what a 200 would carry; the writer adds Vary: Accept to negotiated content itself",
	"Link":             "names resources the caller knows: preloads on 103, the blocking entity on 451",
	"Accept-Encoding":  "on a 415 lists the content codings the caller's resource accepts",
	"Accept":           "on a 415 lists the media types the caller's resource accepts",
	"Accept-Patch":     "on a 415 lists the patch formats the caller's resource accepts",
}

// The writer's default challenges (RFC 7617, 2 and RFC 6750, 3): a 401
// offers both schemes statuskit understands.
var (
	challenges      = []string{`Basic realm="statuskit", charset="UTF-8"`, `Bearer realm="statuskit"`}
	proxyChallenges = []string{`Basic realm="statuskit proxy", charset="UTF-8"`}
)

// allowExcept is the default Allow of a 405: every standard method except
// the one that was refused (GET and HEAD stand or fall together, RFC 9110,
// 9.3.2). The values are built once per method.
func allowExcept(method string) []string {
	if v, ok := allowWithout[method]; ok {
		return v
	}
	return allowWithout[""]
}

var allowWithout = func() map[string][]string {
	out := map[string][]string{"": {AllMethods}}
	for _, method := range StandardMethods {
		var keep []string
		for _, m := range StandardMethods {
			getOrHead := func(x string) bool { return x == http.MethodGet || x == http.MethodHead }
			if m == method || getOrHead(method) && getOrHead(m) {
				continue
			}
			keep = append(keep, m)
		}
		out[method] = []string{strings.Join(keep, ", ")}
	}
	return out
}()

// plannedField is a registry header rule joined to its producer.
type plannedField struct {
	key  string
	kind fieldKind
}

// fieldPlans[n] joins code n's registry rules, plus the fields its row
// supplies defaults for, to producers, once per code on first use, so a
// request does no map lookups or name canonicalisation.
var fieldPlans [600]atomic.Pointer[[]plannedField]

func fieldPlan(n int) []plannedField {
	if p := fieldPlans[n].Load(); p != nil {
		return *p
	}
	keys := []string{"Location"}
	for _, rule := range Code(n).Headers {
		keys = append(keys, http.CanonicalHeaderKey(rule.Name))
	}
	if rows[n].retryAfter != nil {
		keys = append(keys, "Retry-After")
	}
	slices.Sort(keys)
	var plan []plannedField
	for _, key := range slices.Compact(keys) {
		if kind := producedFields[key]; kind != 0 {
			plan = append(plan, plannedField{key, kind})
		}
	}
	fieldPlans[n].CompareAndSwap(nil, &plan)
	return *fieldPlans[n].Load()
}

// Produced reports whether the writer itself produces the field named
// name (canonical form) for the registry's rules: the test that every
// rule is accounted for uses it.
func Produced(name string) bool { return producedFields[name] != 0 }

// DefaultRetryAfter is the Retry-After value Write sends with number when
// the Response gives none: "3" (seconds) on 429 and 503, "" for codes
// that get no Retry-After by default. A caller that reports the same
// delay elsewhere (the t of a RateLimit field) reads it here rather than
// repeating the number. number must be in 100-599.
func DefaultRetryAfter(number int) string {
	if v := rows[number].retryAfter; len(v) > 0 {
		return v[0]
	}
	return ""
}
