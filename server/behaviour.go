package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/statuskit/statuskit/status"
)

// behaviour is how the server produces one status code beyond what the
// registry's header rules already give it. Every code-specific decision of
// the server is a row of the behaviours table below; nothing else in the
// package branches on a status number.
type behaviour struct {
	// methods, when set, are the only request methods that can produce
	// the code; any other gets 405 with Allow listing these. RFC 9110,
	// 9.3.3 and 14.2: 206, 304 and 416 only mean something for GET.
	methods []string
	// location is the default target of Location (redirects default to
	// /200, which answers 2xx so following works).
	location func(x *exchange) string
	// retryAfter is the default Retry-After in seconds ("" sends none
	// unless ?retry-after= asks).
	retryAfter []string
	// link is the default Link field value(s).
	link []string
	// static fields always sent with the code.
	static []presetField
	// interim, for 1xx codes, sends the interim response(s) and then the
	// final one; it replaces the normal flow.
	interim func(x *exchange)
	// interimFields are the only fields the interim response carries.
	interimFields http.Header
	// prepare sets a code-specific body or fields before send; it returns
	// false when it has written the response itself.
	prepare func(x *exchange) bool
}

// Prebuilt values for the table.
var (
	threeSeconds = []string{"3"}
	oneSecond    = []string{"1"}
	noStore      = presetField{"Cache-Control", []string{"no-store"}}
	getHead      = []string{http.MethodGet, http.MethodHead}
)

// presetField is a response field with its value slice built once, so
// sending it assigns the slice instead of allocating one per request
// (net/http only reads header values).
type presetField struct {
	name   string // canonical, as http.CanonicalHeaderKey gives it
	values []string
}

// behaviours is the per-code table. A code without a row gets the default
// row of its class (classDefaults). It is filled in init because the 1xx
// rows send a final response, which looks rows up again.
var behaviours map[int]*behaviour

// classDefaults apply to codes without a row: any other 1xx is sent as an
// interim response before the final one.
var classDefaults [6]*behaviour

func init() {
	behaviours = map[int]*behaviour{
		100: {interim: interimContinue},
		101: {interim: switchProtocols},
		102: {interim: interimProcessing},
		103: {interim: interimGeneric, interimFields: earlyHints},

		200: {prepare: prepareOK},
		201: {location: idLocation("/200?id=created-")},
		202: {location: idLocation("/200?id=monitor-"), retryAfter: oneSecond},
		206: {methods: getHead, prepare: preparePartial},
		207: {prepare: prepareMultiStatus},

		300: {
			location: fixedLocation(alternatives[0].href),
			link:     alternativeLinks(),
			prepare:  prepareMultipleChoices,
		},
		304: {methods: getHead, static: []presetField{{"Etag", etagValue}}},

		416: {methods: getHead, prepare: prepareRangeNotSatisfiable},
		429: {retryAfter: threeSeconds, static: []presetField{noStore}},
		451: {link: []string{`</codes/451>; rel="blocked-by"`}},

		503: {retryAfter: threeSeconds, static: []presetField{noStore}, prepare: prepareUnavailable},
		511: {prepare: prepareNetworkAuth},
	}
	classDefaults = [6]*behaviour{
		status.Informational: {interim: interimGeneric},
		status.Successful:    {},
		status.Redirection:   {},
		status.ClientError:   {},
		status.ServerError:   {},
	}
	for n := 100; n < 600; n++ {
		if b, ok := behaviours[n]; ok {
			behaviourIndex[n] = b
		} else {
			behaviourIndex[n] = classDefaults[n/100]
		}
	}
}

// behaviourIndex is the table resolved for every number once, in init: a
// request reads an array slot instead of hashing into the map.
var behaviourIndex [600]*behaviour

func behaviourFor(number int) *behaviour { return behaviourIndex[number] }

// headerProducers give the value of each header field the registry asks
// for; a producer returning nil has nothing to say for this exchange.
// Content-Range and Link on 103 are written by the range and interim code
// that owns them.
var headerProducers = map[string]func(x *exchange) []string{
	"Location": func(x *exchange) []string {
		switch {
		case x.mods.location != "":
			return []string{x.mods.location}
		case x.beh.location != nil:
			return []string{x.beh.location(x)}
		case x.code.Redirect != nil:
			return defaultRedirect
		}
		return nil
	},
	"Retry-After": func(x *exchange) []string {
		if x.mods.retryAfter != "" {
			return []string{x.mods.retryAfter}
		}
		return x.beh.retryAfter
	},
	"Allow": func(x *exchange) []string {
		if x.mods.hasAllow {
			return []string{x.mods.allow}
		}
		return []string{allowExcept(x.r.Method)}
	},
	"Www-Authenticate": func(*exchange) []string { return authChallenges },
	"Proxy-Authenticate": func(*exchange) []string {
		return proxyChallenges
	},
	"Upgrade": func(x *exchange) []string {
		// Upgrade and Connection are connection-specific and not allowed
		// in HTTP/2 (RFC 9113, 8.2.2).
		if x.r.ProtoMajor != 1 {
			return nil
		}
		x.w.Header()["Connection"] = connectionUpgrade
		return upgradeOffer
	},
	"Link":         func(x *exchange) []string { return x.beh.link },
	"Etag":         func(*exchange) []string { return etagValue },
	"Accept-Post":  func(*exchange) []string { return acceptAnything },
	"Accept-Patch": func(*exchange) []string { return acceptAnything },
	// [MS-WDV] 3.2.5: a 449 MUST carry a value the client echoes back in
	// Ms-Echo-Reply; a fresh one per response, as a server would issue.
	// (Without this producer the registry's MUST rule was silently
	// skipped by headerPlans; TestEveryRequiredHeaderInTheRegistryIsSent.)
	"Ms-Echo-Request": func(x *exchange) []string {
		return []string{"statuskit-" + strconv.FormatUint(x.s.ids.Add(1), 10)}
	},
}

var (
	defaultRedirect = []string{"/200"}
	authChallenges  = []string{basicChallenge, bearerChallenge}
	proxyChallenges = []string{`Basic realm="statuskit proxy", charset="UTF-8"`}
	// upgradeOffer names the protocol /101 switches to: an echo of the
	// upgraded byte stream.
	upgradeOffer      = []string{"echo"}
	connectionUpgrade = []string{"Upgrade"}
	acceptAnything    = []string{"*/*"}
)

// The server's challenges (RFC 7617, 2 and RFC 6750, 3): /401 offers both;
// /basic-auth and /bearer each send the one scheme they take.
const (
	basicChallenge  = `Basic realm="statuskit", charset="UTF-8"`
	bearerChallenge = `Bearer realm="statuskit"`
)

const representationETag = `"statuskit-1"`

var etagValue = []string{representationETag}

// plannedHeader is a registry header rule joined to its producer.
type plannedHeader struct {
	key     string
	produce func(*exchange) []string
}

// headerPlans joins each code's registry rules, plus the fields its row
// supplies defaults for, to producers once, so a request does no map
// lookups or name canonicalisation.
var headerPlans = sync.OnceValue(func() *[600][]plannedHeader {
	var plans [600][]plannedHeader
	for n := 100; n < 600; n++ {
		var keys []string
		for _, rule := range status.MustLookup(n).Headers {
			keys = append(keys, http.CanonicalHeaderKey(rule.Name))
		}
		b := behaviourFor(n)
		if b.location != nil {
			keys = append(keys, "Location")
		}
		if b.retryAfter != nil {
			keys = append(keys, "Retry-After")
		}
		if b.link != nil {
			keys = append(keys, "Link")
		}
		slices.Sort(keys)
		for _, key := range slices.Compact(keys) {
			if produce := headerProducers[key]; produce != nil {
				plans[n] = append(plans[n], plannedHeader{key, produce})
			}
		}
	}
	return &plans
})

// allowExcept is the default Allow of /405: every standard method except
// the one that was refused (GET and HEAD stand or fall together, RFC 9110,
// 9.3.2). ?allow= overrides it.
func allowExcept(method string) string {
	var out []string
	for _, m := range standardMethods {
		if m == method || (method == http.MethodGet || method == http.MethodHead) && (m == http.MethodGet || m == http.MethodHead) {
			continue
		}
		out = append(out, m)
	}
	return strings.Join(out, ", ")
}

func idLocation(prefix string) func(x *exchange) string {
	return func(x *exchange) string { return prefix + strconv.FormatUint(x.s.ids.Add(1), 10) }
}

func fixedLocation(path string) func(*exchange) string {
	return func(*exchange) string { return path }
}

// respond applies the registry's header rules and the code's row, then
// writes the response.
func (x *exchange) respond() {
	if x.beh.interim != nil {
		x.beh.interim(x)
		return
	}
	h := x.w.Header()
	for _, p := range headerPlans()[x.number] {
		if v := p.produce(x); v != nil {
			h[p.key] = v
		}
	}
	// Retry-After may be asked for on any code, not only those whose
	// rules list it (a temporary 413, a 202 poll interval).
	if x.mods.retryAfter != "" {
		h["Retry-After"] = []string{x.mods.retryAfter}
	}
	for _, f := range x.beh.static {
		h[f.name] = f.values
	}
	if x.beh.prepare != nil && !x.beh.prepare(x) {
		return
	}
	x.send()
}

// checkMethod refuses methods a code cannot answer; it has written the
// response when it returns an error.
func (x *exchange) checkMethod() error {
	if len(x.beh.methods) == 0 || slices.Contains(x.beh.methods, x.r.Method) {
		return nil
	}
	allow := strings.Join(x.beh.methods, ", ")
	x.w.Header().Set("Allow", allow)
	msg := fmt.Sprintf("%s only answers %s: it describes a conditional or range GET (RFC 9110, 9.3.3 and 14.2), so a %s cannot produce it; send GET or HEAD",
		x.code, allow, x.r.Method)
	x.s.writeError(x.w, x.r, http.StatusMethodNotAllowed, msg)
	return errMethod
}

var errMethod = fmt.Errorf("method not allowed")
