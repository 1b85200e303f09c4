package responder

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/sample"
	"github.com/statuskit/statuskit/status"
)

// codeRow is how the responder answers one status code beyond what the
// registry's header rules and package reply already give it: the example
// a client under test needs (where a redirect points, what a 300 offers,
// the bytes of a 206). Every code-specific decision of the responder is a
// row of rows; nothing else in the package branches on a status number.
type codeRow struct {
	// location is the default Location path (under the request's base);
	// redirects point at /200, which answers 2xx so following works.
	location func(rs *Responder) string
	// retryAfter is the default Retry-After ("" leaves it to reply).
	retryAfter string
	// link is the default Link field value(s), paths under the base.
	link []string
	// linkValues is link at the root, built once.
	linkValues []string
	// static fields always sent with the code.
	static []presetField
	// sample marks a 2xx that describes the sample representation (it
	// sends the sample's validators), so the request's preconditions are
	// evaluated against them first (RFC 9110, 13.2.2).
	sample bool
	// interim, for 1xx codes, is the flow that sends the interim
	// response(s) and then the final one.
	interim interimKind
	// interimFields are the only fields the interim response carries.
	interimFields http.Header
	// prepare sets a code-specific content or fields before the response
	// is written; an error is answered instead.
	prepare func(rs *Responder, w http.ResponseWriter, r *http.Request, resp reply.Response, m Modifiers) (reply.Response, error)
}

// links is the row's Link values under r's base.
func (row *codeRow) links(r *http.Request) []string {
	base := reply.Base(r)
	if base == "" {
		return row.linkValues
	}
	out := make([]string, len(row.link))
	for i, l := range row.link {
		out[i] = "<" + base + l[1:]
	}
	return out
}

// presetField is a response field with its value slice built once.
type presetField struct {
	name   string // canonical
	values []string
}

// interimKind names the flow of a 1xx code.
type interimKind uint8

const (
	notInterim interimKind = iota
	// interimContinue: 100 before the content is read (RFC 9110, 10.1.1).
	interimContinue
	// interimSwitch: 101 to a protocol statuskit speaks (7.8).
	interimSwitch
	// interimProcessing: 102 repeated while a delay runs (RFC 2518, 10.1).
	interimProcessing
	// interimOnce: one interim response with the row's fields (103 with
	// Link, RFC 8297; any other 1xx a client must be able to skip, RFC
	// 9110, 15.2).
	interimOnce
)

// upgradeOffer is what a 426 offers: the protocols /101 can switch to.
var upgradeOffer = strings.Join(Protocols, ", ")

// earlyHints are the Link fields a 103 carries (RFC 8297, 2): preloads a
// client may start fetching while the final response is prepared.
var earlyHints = http.Header{"Link": {
	"</static/style.css>; rel=preload; as=style",
	"</static/app.js>; rel=preload; as=script",
}}

// baseRows is the per-code table as written, indexed by number; a code
// without an entry gets the default of its class. What a row takes from
// the registry is added by rowOf, on the code's first use: reading the
// registry for all 600 numbers was a millisecond of every start.
var baseRows = func() (t [600]codeRow) {
	for n := 100; n < 200; n++ {
		t[n].interim = interimOnce
	}
	t[100].interim = interimContinue
	t[101].interim = interimSwitch
	t[102].interim = interimProcessing
	t[103].interimFields = earlyHints

	t[200].prepare = prepareOK
	t[201].location = idLocation("/200?id=created-")
	t[202] = codeRow{location: idLocation("/200?id=monitor-"), retryAfter: "1"}
	t[206].prepare = preparePartial
	t[206].sample = true
	t[207].prepare = prepareMultiStatus
	t[300] = codeRow{location: fixedLocation(alternatives[0].href), link: alternativeLinks(), prepare: prepareMultipleChoices}
	t[415].prepare = prepareUnsupportedMediaType
	t[416].prepare = prepareRangeNotSatisfiable
	t[451].link = []string{`</codes/451>; rel="blocked-by"`}
	t[511].prepare = prepareNetworkAuth
	return t
}()

// rowCache holds each code's complete row once it has been asked for.
var rowCache [600]atomic.Pointer[codeRow]

// rowOf is the complete row of number (100-599): baseRows[number] plus what
// the registry's entry implies.
func rowOf(number int) *codeRow {
	if r := rowCache[number].Load(); r != nil {
		return r
	}
	t := baseRows[number]
	// Only registered codes have rules; an unassigned number's entry is
	// built from its class and has none.
	if status.Known(number) {
		c := reply.Code(number)
		if c.Redirect != nil && t.location == nil {
			t.location = fixedLocation("/200")
		}
		// Codes whose registry rules ask for an ETag (226 always, 304 and
		// 206 when a 200 would carry one) describe the sample, whose
		// entity-tag they send; 206 sets it with the bytes it encloses.
		if _, ok := c.Header("ETag"); ok && t.prepare == nil {
			t.static = append(slices.Clip(t.static), presetField{"Etag", []string{sample.ETag}})
			t.sample = number < 300
		}
	}
	t.linkValues = t.link
	rowCache[number].CompareAndSwap(nil, &t)
	return rowCache[number].Load()
}

func idLocation(prefix string) func(rs *Responder) string {
	return func(rs *Responder) string { return prefix + strconv.FormatUint(rs.ids.Add(1), 10) }
}

func fixedLocation(path string) func(*Responder) string {
	return func(*Responder) string { return path }
}

// alternatives are the choices /300 offers (RFC 9110, 15.4.1).
var alternatives = []struct{ href, mediaType string }{
	{"/200?id=text", "text/plain"},
	{"/200?id=json", "application/json"},
	{"/200?id=html", "text/html"},
}

func alternativeLinks() []string {
	var out []string
	for _, a := range alternatives {
		out = append(out, fmt.Sprintf(`<%s>; rel="alternate"; type="%s"`, a.href, a.mediaType))
	}
	return out
}
