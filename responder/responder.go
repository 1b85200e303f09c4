// Package responder answers with any status code, 100 to 599, the way the
// registry (package status) says that code must look on the wire, and
// with the example content that makes it useful to a client under test:
// /{code} and /status/{codes}, and every endpoint that answers "with code
// N" (a sequence element, a job's result, a rate limit's 429).
//
// A request flows one way: the modifiers a client asks for are parsed and
// validated first (ParseModifiers; any error is a 400 saying what is
// valid), then the code's row of the table decides (table.go), then
// package reply writes. Interim responses (1xx) have their own flows:
// 100 Continue before the content is read, 102 Processing while a delay
// runs, 103 Early Hints with Link, and 101 Switching Protocols to a
// protocol statuskit speaks.
package responder

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/statuskit/statuskit/origin"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/sample"
	"github.com/statuskit/statuskit/status"
)

// Config holds the responder's limits. Zero values are taken literally:
// MaxSleep 0 allows no sleeping, MaxSleeping 0 lets no request sleep,
// MaxFields 0 allows no extra response fields, MaxEcho 0 closes an
// upgraded connection at once.
type Config struct {
	// MaxSleep caps ?sleep= and the delays of the 1xx endpoints.
	MaxSleep time.Duration
	// MaxSleeping caps how many requests may sleep at once; one more gets
	// 503 with Retry-After instead of another parked goroutine.
	MaxSleeping int
	// MaxFields caps the extra response fields one request may ask for
	// (?header= and X-Statuskit-Response-*).
	MaxFields int
	// MaxRangeSize caps the sample representation behind 206 and 416
	// (?size=).
	MaxRangeSize int64
	// MaxEcho caps the bytes the 101 echo protocol relays; EchoIdle is how
	// long it waits for the next bytes.
	MaxEcho  int64
	EchoIdle time.Duration
	// Unsafe lets ?header= set Set-Cookie, Content-Type and hop-by-hop
	// fields.
	Unsafe bool
	// RedirectHosts lists the hosts (host or host:port) a client-chosen
	// Location may name besides this server.
	RedirectHosts []string
}

// Responder answers with status codes. Create it with New; it is safe for
// concurrent use.
type Responder struct {
	cfg    Config
	limits Limits
	// sleeping is a semaphore bounding concurrently sleeping requests.
	sleeping chan struct{}
	// ids numbers created resources and monitors in Location fields.
	ids atomic.Uint64
	// origins checks every target a client chooses.
	origins origin.Policy
}

// New builds a responder with cfg.
func New(cfg Config) *Responder {
	return &Responder{
		cfg:      cfg,
		sleeping: make(chan struct{}, cfg.MaxSleeping),
		origins:  origin.Policy{Allowed: cfg.RedirectHosts, Setting: "--redirect-hosts"},
		limits: Limits{
			MaxSleep:     cfg.MaxSleep,
			MaxFields:    cfg.MaxFields,
			MaxRangeSize: cfg.MaxRangeSize,
			Unsafe:       cfg.Unsafe,
		},
	}
}

// Limits are the limits ParseModifiers checks for this responder.
func (rs *Responder) Limits() Limits { return rs.limits }

// Serve answers r with number, following the modifiers r asks for.
func (rs *Responder) Serve(w http.ResponseWriter, r *http.Request, number int) error {
	mods, err := ParseModifiers(r.URL.RawQuery, r.Header, rs.limits, reply.Base(r))
	if err != nil {
		return err
	}
	return rs.Answer(w, r, number, mods)
}

// Answer answers r with number and the given modifiers, after waiting if
// they ask to. Endpoints that build modifiers another way (a sequence
// element's "503;retry-after=1", a rate limit's 429) call it directly. It
// returns a *reply.Error for a request it refuses (405 for a method the
// code cannot answer, 400 for a Location it will not send, 503 when too
// many requests sleep), having written nothing.
func (rs *Responder) Answer(w http.ResponseWriter, r *http.Request, number int, m Modifiers) error {
	c := reply.Code(number)
	if !c.Answers(r.Method) {
		return methodRefused(c, r.Method)
	}
	if err := m.CheckFor(number, reply.Base(r)); err != nil {
		return err
	}
	if err := m.CheckMethod(number, r); err != nil {
		return err
	}
	if err := rs.checkTargets(r, &m); err != nil {
		return err
	}
	row := rowOf(number)
	if row.interim != notInterim {
		return rs.interim(w, r, number, m, row)
	}
	if m.Sleep > 0 {
		if err := rs.sleep(r, m.Sleep); err != nil {
			return errGone(err)
		}
	}
	return rs.respond(w, r, number, m)
}

// checkTargets puts every target the modifiers would send a client to
// (?location=, and Location, Content-Location, Refresh or Link given with
// ?header= or X-Statuskit-Response-*) through the one origin check, which
// resolves them as a browser does: only this server and RedirectHosts are
// allowed, so the server is never an open redirect. A target every client
// reads the same way is sent exactly as given; one that browsers (WHATWG
// URL) and RFC 3986 parsers read differently ("http:/x", "/\\x",
// "127.1", "%2e") is sent in the form the check resolved, since sending
// it as given could lead a non-browser client somewhere the check never
// saw ("//127.0.0.1\\@evil.example" is this server to a browser and
// evil.example to curl). The message of the response says so.
func (rs *Responder) checkTargets(r *http.Request, m *Modifiers) error {
	if m.Location == "" && !m.hasGoverned {
		return nil
	}
	base := origin.RequestURL(r)
	if m.Location != "" {
		loc, err := rs.origins.Check(base, m.Location)
		if err != nil {
			return param.Errorf("?location=: %v", err)
		}
		if loc != m.Location {
			m.noteRewritten("Location", m.Location, loc)
		}
		m.Location = loc
	}
	if !m.hasGoverned {
		return nil
	}
	fields := slices.Clone(m.Fields)
	for i, f := range fields {
		if !origin.Governed(f.Name) {
			continue
		}
		v, err := rs.origins.CheckField(base, f.Name, f.Value)
		if err != nil {
			return param.Errorf("response header %v", err)
		}
		if v != f.Value {
			m.noteRewritten(f.Name, f.Value, v)
		}
		fields[i].Value = v
	}
	m.Fields = fields
	return nil
}

// noteRewritten adds to the message that the target of name was sent as
// sent, not as given.
func (m *Modifiers) noteRewritten(name, given, sent string) {
	note := fmt.Sprintf("%s is sent as %s, not as given (%s): browsers and RFC 3986 parsers read that form differently, so statuskit sends the target its origin check resolved; write it as %s to have it sent unchanged.",
		name, sent, given, sent)
	if m.Message != "" {
		note = m.Message + " " + note
	}
	m.Message = note
}

// Target is r's URL as a client would type it (scheme, host and the
// request target as received), for the examples in messages.
func Target(r *http.Request) string {
	u := origin.RequestURL(r) // the one reading of scheme and host
	return u.Scheme + "://" + u.Host + cmp.Or(r.RequestURI, r.URL.RequestURI())
}

// Origins is the policy that checks the targets a client chooses.
func (rs *Responder) Origins() origin.Policy { return rs.origins }

// methodRefused is the 405 for a code that only a GET can produce (RFC
// 9110, 9.3.3 and 14.2).
func methodRefused(c *status.Code, method string) *reply.Error {
	allow := joinMethods(c.Methods)
	return &reply.Error{Status: http.StatusMethodNotAllowed, Allow: allow, HasAllow: true, Message: fmt.Sprintf(
		"%s only answers %s: it describes a conditional or range GET (RFC 9110, 9.3.3 and 14.2), so a %s cannot produce it; send GET or HEAD",
		c, allow, method)}
}

func joinMethods(ms []string) string {
	out := ""
	for i, m := range ms {
		if i > 0 {
			out += ", "
		}
		out += m
	}
	return out
}

// respond applies the code's row, then writes the final response.
func (rs *Responder) respond(w http.ResponseWriter, r *http.Request, number int, m Modifiers) error {
	row := rowOf(number)
	resp := reply.Response{
		Status: number, Location: m.Location, RetryAfter: m.RetryAfter,
		Allow: m.Allow, HasAllow: m.HasAllow, Upgrade: upgradeOffer, Fields: m.Fields,
		Message: m.Message,
	}
	if resp.Location == "" && row.location != nil {
		resp.Location = reply.Base(r) + row.location(rs)
	}
	if resp.RetryAfter == "" {
		resp.RetryAfter = row.retryAfter
	}
	h := w.Header()
	for _, f := range row.static {
		h[f.name] = f.values
	}
	if row.sample {
		h.Set("Etag", sample.ETag)
		if done, err := reply.Conditional(w, r, sample.Validators); done {
			return err
		}
	}
	if row.link != nil {
		h["Link"] = row.links(r)
	}
	if m.HasContent {
		resp.Content, resp.HasContent, resp.ContentType = []byte(m.Content), true, "text/plain; charset=utf-8"
		h["X-Content-Type-Options"] = nosniff
	}
	if row.prepare != nil {
		var err error
		if resp, err = row.prepare(rs, w, r, resp, m); err != nil {
			return err
		}
	}
	reply.Write(w, r, &resp)
	return nil
}

var nosniff = []string{"nosniff"}

// errClientGone reports that the client went away while its request slept:
// there is no one to answer.
var errClientGone = errors.New("the client went away")

// errGone turns a sleep's failure into what Answer returns: a 503 when
// saturated, nothing at all when the client has gone.
func errGone(err error) error {
	if errors.Is(err, errClientGone) {
		return nil
	}
	return err
}

// Sleep waits d, bounded by the cap on sleeping requests: a *reply.Error
// (503 with Retry-After) when the cap is reached, nil when the wait is
// over or the client went away (check r.Context().Err()).
func (rs *Responder) Sleep(r *http.Request, d time.Duration) error {
	return errGone(rs.sleep(r, d))
}

// sleep waits d, bounded by the MaxSleeping semaphore.
func (rs *Responder) sleep(r *http.Request, d time.Duration) error {
	if err := rs.acquireSleep(d); err != nil {
		return err
	}
	defer rs.releaseSleep()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.Context().Done():
		return errClientGone
	}
}

// acquireSleep takes a sleeping slot for a wait of d, or answers why not.
func (rs *Responder) acquireSleep(d time.Duration) error {
	select {
	case rs.sleeping <- struct{}{}:
		return nil
	default:
		return &reply.Error{Status: http.StatusServiceUnavailable, RetryAfter: retryAfterSeconds(d), Message: fmt.Sprintf(
			"this server already has %d sleeping requests (--max-sleeping); retry later or without ?sleep=", rs.cfg.MaxSleeping)}
	}
}

func (rs *Responder) releaseSleep() { <-rs.sleeping }

// Sleeping reports how many requests are sleeping now (for metrics).
func (rs *Responder) Sleeping() int { return len(rs.sleeping) }

// MaxSleeping is the configured cap on sleeping requests.
func (rs *Responder) MaxSleeping() int { return rs.cfg.MaxSleeping }

// retryAfterSeconds renders a whole number of seconds for Retry-After,
// rounded up so a client that waits that long is never early.
func retryAfterSeconds(d time.Duration) string {
	return fmt.Sprint(max(1, int((d+time.Second-1)/time.Second)))
}
