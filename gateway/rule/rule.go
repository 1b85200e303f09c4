// Package rule holds the fault rules of statuskit's gateway: their
// document (YAML, or the same document as JSON), its validation with
// errors that name the field and its line, and the pure parts of applying
// a rule: which requests it matches and the delays it draws.
//
// A rules document is a list; the first rule whose match holds applies to
// a request, and no other rule is consulted:
//
//	rules:
//	  - id: flaky-orders
//	    match: {method: POST, path: /orders*}
//	    abort: {status: 503, percent: 30, retry_after: 2}
//	  - id: slow
//	    match: {path: /search}
//	    delay: {fixed: 200ms}
//	  - id: first-two-fail
//	    match: {path: /checkout}
//	    sequence: [503, 503, pass]
//
// A rule has at most one outcome (abort, sequence, maintenance, shed or
// connection) and may shape the exchange with delay and throttle besides.
// A rule with neither passes matching requests untouched, which makes it
// an exception to broader rules below it. The package does no I/O; the
// gateway (package gateway) applies what a rule says.
package rule

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Limits bound a rules document. Parse refuses a document beyond them with
// an error naming the limit. A field's zero value is zero (MaxNesting 0
// refuses every document); start from DefaultLimits.
type Limits struct {
	// MaxBytes is the largest document in bytes.
	MaxBytes int64
	// MaxRules is the most rules a document may hold.
	MaxRules int
	// MaxDelay is the longest delay a rule may ask for: fixed, the upper
	// end of uniform, and the cap of lognormal.
	MaxDelay time.Duration
	// MaxNesting is how deeply mappings and lists may nest, flow ([ {)
	// and block (indented) together: rules: [{match: {header: {X: a}}}]
	// is 4, and a rules document needs at most about 6. The YAML parser's
	// time and memory grow with the square of the depth (a 200 KB
	// document of 100,000 [ takes it 13 GB), so this is checked first.
	MaxNesting int
	// MaxTokens bounds the document's YAML tokens (scalars, keys,
	// punctuation): the parser holds about 220 bytes for each.
	MaxTokens int
	// MaxMappingCost bounds the sum, over the document's block mappings
	// (YAML's indented style), of the square of each one's number of
	// keys: the parser's time and memory grow with that square (about 4
	// bytes for each). Flow mappings ({a: 1}) and JSON are not counted.
	MaxMappingCost int64
}

// DefaultLimits are the gateway's defaults: 1 MiB, 1000 rules, 5 minutes,
// nesting 64 deep, 200,000 YAML tokens (about 45 MB in the parser; a
// document of 1000 rules has about 30,000) and a block-mapping cost of
// 1,000,000 (one mapping of 1000 keys; a rule has about 6).
var DefaultLimits = Limits{MaxBytes: 1 << 20, MaxRules: 1000, MaxDelay: 5 * time.Minute,
	MaxNesting: 64, MaxTokens: 200_000, MaxMappingCost: 1_000_000}

// Set is a parsed, valid rules document.
type Set struct {
	Rules []*Rule `json:"rules"`
}

// Rule is one rule. Exactly the fields the document gave are set; Percent
// fields hold 100 when the document left them out.
type Rule struct {
	// ID names the rule in logs, metrics and the fault log: 1 to 64
	// letters, digits, '.', '_' or '-', unique in the document.
	ID string `json:"id"`
	// Match says which requests the rule applies to; the zero Match
	// matches every request.
	Match Match `json:"match,omitzero"`
	// Key is where the client key of a request comes from (for sequences
	// and Match.Client); nil means the client's IP address.
	Key *Key `json:"key,omitempty"`

	// The outcome: at most one is set.
	Abort       *Abort       `json:"abort,omitempty"`
	Sequence    *Sequence    `json:"sequence,omitempty"`
	Maintenance *Maintenance `json:"maintenance,omitempty"`
	Shed        *Shed        `json:"shed,omitempty"`
	Connection  *Connection  `json:"connection,omitempty"`

	// Shaping, combined with the outcome or with passing the request on.
	Delay    *Delay    `json:"delay,omitempty"`
	Throttle *Throttle `json:"throttle,omitempty"`

	match matcher
}

// Faults reports whether the rule can do anything to a request; a rule
// without faults passes what it matches untouched.
func (r *Rule) Faults() bool {
	return r.Abort != nil || r.Sequence != nil || r.Maintenance != nil || r.Shed != nil ||
		r.Connection != nil || r.Delay != nil || r.Throttle != nil
}

// NeedsKey reports whether applying the rule needs the request's client
// key: to match on it, or to keep a sequence per client.
func (r *Rule) NeedsKey() bool { return r.Match.Client != "" || r.Sequence != nil }

// Match holds the conditions of a rule; every one given must hold.
type Match struct {
	// Methods lists the methods matched, case-sensitively (RFC 9110,
	// 9.1); empty matches every method. The document gives one method
	// (method: POST) or a list (method: [PUT, PATCH]).
	Methods []string `json:"method,omitempty"`
	// Path is a glob on the request's path (percent-decoded, without the
	// query): '*' matches any run of characters, '/' included, and
	// everything else itself: /orders* matches /orders and /orders/1.
	Path string `json:"path,omitempty"`
	// Header maps field names to globs on their values: each named field
	// must have a line that matches ("*" only asks that it is present).
	Header map[string]string `json:"header,omitempty"`
	// Client is a glob on the client key (see Key).
	Client string `json:"client,omitempty"`
}

// Key says where a request's client key comes from.
type Key struct {
	// Header names a request field whose value is the key (its first
	// line, at most MaxKeyLength bytes); a request without it falls back
	// to its IP address.
	Header string `json:"header"`
}

// MaxKeyLength bounds a client key taken from a header; longer values are
// cut, so a client cannot make the state store hold large keys.
const MaxKeyLength = 128

// Abort answers the request itself, without forwarding it.
type Abort struct {
	// Status is the status code, 200-599.
	Status int `json:"status"`
	// Percent is the share of matched requests aborted, 0-100.
	Percent float64 `json:"percent"`
	// RetryAfter is the Retry-After value (delay-seconds or an
	// HTTP-date); "" sends the response writer's default (3 seconds on
	// 429 and 503, none elsewhere).
	RetryAfter RetryAfter `json:"retry_after,omitzero"`
	// Message is the explanation in the content; "" says which rule
	// injected the response.
	Message string `json:"message,omitempty"`
	// Allow is the Allow value of a 405 when HasAllow; otherwise a 405
	// allows every standard method but the refused one.
	Allow    string `json:"allow,omitempty"`
	HasAllow bool   `json:"-"`
	// Headers are more response fields (canonical names).
	Headers map[string]string `json:"headers,omitempty"`
}

// MarshalJSON writes the abort as the document has it: allow appears
// whenever HasAllow, an empty allow included (a 405 that allows nothing
// is not the 405 that allows every method but the refused one), so the
// document GET /__statuskit/rules returns loads back to the same rules.
func (a Abort) MarshalJSON() ([]byte, error) {
	type fields Abort // without this method
	return json.Marshal(struct {
		fields
		Allow *string `json:"allow,omitempty"`
	}{fields(a), a.allowField()})
}

// allowField is the allow key's value for marshalling: nil to leave it
// out.
func (a *Abort) allowField() *string {
	if !a.HasAllow {
		return nil
	}
	return &a.Allow
}

// RetryAfter is a Retry-After value as a sender writes it: delay-seconds
// ("2") or an IMF-fixdate. The document gives seconds as a number and a
// date as a string.
type RetryAfter string

// MarshalJSON writes seconds as a number and a date as a string, as the
// document has them.
func (ra RetryAfter) MarshalJSON() ([]byte, error) {
	if n, err := strconv.ParseUint(string(ra), 10, 64); err == nil {
		return strconv.AppendUint(nil, n, 10), nil
	}
	return json.Marshal(string(ra))
}

// Sequence answers successive matching requests of one client key with
// its steps in turn; after the last, the last repeats, or with Cycle the
// sequence starts again. The position is kept in the gateway's store.
type Sequence struct {
	Steps []Step
	Cycle bool
}

// MarshalJSON writes the short form, a list, unless Cycle is set.
func (s Sequence) MarshalJSON() ([]byte, error) {
	if !s.Cycle {
		return json.Marshal(s.Steps)
	}
	return json.Marshal(struct {
		Steps []Step `json:"steps"`
		Cycle bool   `json:"cycle"`
	}{s.Steps, true})
}

// Step is one element of a sequence: pass the request on, or abort it.
type Step struct {
	// Pass forwards the request; otherwise Abort says how to answer.
	Pass  bool
	Abort Abort
}

// MarshalJSON writes "pass", a bare status, or an abort mapping.
func (s Step) MarshalJSON() ([]byte, error) {
	switch {
	case s.Pass:
		return []byte(`"pass"`), nil
	case s.Abort.RetryAfter == "" && s.Abort.Message == "" && !s.Abort.HasAllow && len(s.Abort.Headers) == 0:
		return strconv.AppendInt(nil, int64(s.Abort.Status), 10), nil
	}
	a := s.Abort
	return json.Marshal(struct {
		Status     int               `json:"status"`
		RetryAfter RetryAfter        `json:"retry_after,omitzero"`
		Message    string            `json:"message,omitempty"`
		Allow      *string           `json:"allow,omitempty"`
		Headers    map[string]string `json:"headers,omitempty"`
	}{a.Status, a.RetryAfter, a.Message, a.allowField(), a.Headers})
}

// Maintenance answers 503 with Retry-After, and the friendly page to a
// browser: the route is down for maintenance.
type Maintenance struct {
	// RetryAfter is when to come back; "" sends the writer's default.
	RetryAfter RetryAfter `json:"retry_after,omitzero"`
	Message    string     `json:"message,omitempty"`
}

// Shed answers 503 with Retry-After to a matching request when
// MaxInFlight matching requests are already being forwarded, instead of
// queueing it: an overloaded service shedding load.
type Shed struct {
	MaxInFlight int        `json:"max_in_flight"`
	RetryAfter  RetryAfter `json:"retry_after,omitzero"`
}

// ConnectionFault is what a connection fault does at the HTTP layer.
type ConnectionFault string

// The connection faults.
const (
	// Reset forwards the request, relays the response head and After
	// bytes of content, then resets the connection (TCP RST).
	Reset ConnectionFault = "reset"
	// Close is Reset with an orderly close (FIN): the client sees a
	// message shorter than it was promised.
	Close ConnectionFault = "close"
	// MalformedChunk relays After bytes of content in the chunked coding,
	// then a chunk whose size line is not hexadecimal, and closes.
	MalformedChunk ConnectionFault = "malformed_chunk"
	// Empty closes the connection without answering or forwarding.
	Empty ConnectionFault = "empty"
	// Hang neither answers nor forwards until the client gives up (or
	// the gateway shuts down).
	Hang ConnectionFault = "hang"
)

// ConnectionFaults lists the faults in the order messages name them.
var ConnectionFaults = []ConnectionFault{Reset, Close, MalformedChunk, Empty, Hang}

// Forwards reports whether the fault needs the upstream's response.
func (f ConnectionFault) Forwards() bool { return f == Reset || f == Close || f == MalformedChunk }

// Connection breaks the exchange at the HTTP layer. The message the
// client gets is never a complete one: a response without content (HEAD,
// 204, 304) is cut before its head.
type Connection struct {
	Fault ConnectionFault `json:"fault"`
	// After is how many content bytes reach the client first (Reset,
	// Close, MalformedChunk).
	After   int64   `json:"after,omitempty"`
	Percent float64 `json:"percent"`
}

// Where a delay happens.
const (
	// BeforeUpstream holds the request before it is forwarded (or
	// answered by the rule): the client waits for the response head.
	BeforeUpstream = "upstream"
	// BeforeBody sends the response head, then waits before the content.
	BeforeBody = "body"
)

// Delay holds the exchange for a time drawn from one distribution.
type Delay struct {
	// Exactly one distribution is set.
	Fixed     *Duration    `json:"fixed,omitempty"`
	Uniform   *[2]Duration `json:"uniform,omitempty"`
	Lognormal *Lognormal   `json:"lognormal,omitempty"`
	// Before is BeforeUpstream (the default) or BeforeBody.
	Before  string  `json:"before"`
	Percent float64 `json:"percent"`
}

// Lognormal is the distribution of latencies: Median*exp(Sigma*Z) for a
// standard normal Z, cut at Max.
type Lognormal struct {
	Median Duration `json:"median"`
	Sigma  float64  `json:"sigma"`
	Max    Duration `json:"max"`
}

// Throttle paces the response content to BytesPerSecond.
type Throttle struct {
	BytesPerSecond int64   `json:"bytes_per_second"`
	Percent        float64 `json:"percent"`
}

// Duration is a time.Duration written as Go writes it ("200ms").
type Duration time.Duration

// MarshalJSON writes the duration as a string such as "1.5s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// Matches reports whether the rule applies to r; key returns the request's
// client key and is called only when the rule matches on it.
func (r *Rule) Matches(req *http.Request, key func() string) bool {
	return r.match.matches(req, key)
}
