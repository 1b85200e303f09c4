package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/reply"
)

// serveProxy handles one request on the proxy listener, in this order:
//
//  1. more than MaxInFlight requests at once: 503 with Retry-After;
//  2. what a gateway must not do: CONNECT (405: it opens no tunnels), an
//     absolute-form target naming another host (421), a request that
//     already passed through this gateway (508);
//  3. Max-Forwards: 0 on OPTIONS or TRACE: the gateway answers itself;
//  4. X-Statuskit-Fault, when allowed: the fault it asks for;
//  5. the rules, in order: the first that matches applies;
//  6. otherwise the request is forwarded untouched.
func (g *Gateway) serveProxy(w http.ResponseWriter, r *http.Request) {
	n := g.inFlight.Add(1)
	defer g.inFlight.Add(-1)
	if n > int64(g.cfg.MaxInFlight) {
		// Made by the gateway like any injected response, so it carries
		// the same fields: the rule that made it and the request id that
		// ties it to the fault log.
		p := &plan{id: rule.Reserved[1], kinds: []string{"shed"}, status: http.StatusServiceUnavailable,
			abort: &rule.Abort{Status: http.StatusServiceUnavailable, RetryAfter: "1", Percent: 100,
				Message: fmt.Sprintf("the gateway is handling %d requests, its limit (--max-in-flight); try again shortly", g.cfg.MaxInFlight)}}
		reqID := g.requestID(r)
		g.record(r, p, reqID)
		g.answer(w, r, p, reqID)
		return
	}
	switch {
	case r.Method == http.MethodConnect:
		g.refuse(w, r, &reply.Error{Status: http.StatusMethodNotAllowed, Allow: reply.AllMethods, HasAllow: true, Close: true,
			Message: fmt.Sprintf("CONNECT asks for a tunnel, and this gateway opens none: it forwards requests to %s and nowhere else; use one of %s", g.upstream.Redacted(), reply.AllMethods)})
		return
	case g.misdirected(r):
		// RFC 9110, 15.5.20: the target is not this gateway's to answer.
		g.refuse(w, r, reply.Errorf(http.StatusMisdirectedRequest,
			"the request names %s, and this gateway forwards only to %s: it is not a forward proxy; send the request to the gateway in origin form, e.g. GET /path",
			clip(r.URL.Scheme+"://"+r.URL.Host, 80), g.upstream.Redacted()))
		return
	case g.looped(r):
		g.refuse(w, r, reply.Errorf(http.StatusLoopDetected,
			"this request already passed through this gateway (Via: %s): the upstream %s leads back to it; point --upstream at the service itself",
			g.pseudonym, g.upstream.Redacted()))
		return
	}
	answer, mf := maxForwards(r)
	if answer {
		g.answerMaxForwards(w, r)
		return
	}
	p, err := g.plan(r)
	switch {
	case err != nil:
		g.refuse(w, r, err)
	case p == nil:
		g.forward(w, r, mf, nil)
	default:
		g.inject(w, r, p, mf)
	}
}

// misdirected reports an absolute-form target (RFC 9112, 3.2.2) whose
// authority is neither the upstream's nor this gateway's own address: a
// client using the gateway as a forward proxy. Such a request reaches
// nothing.
func (g *Gateway) misdirected(r *http.Request) bool {
	uri := r.RequestURI
	if uri == "" || uri[0] == '/' || uri == "*" {
		return false
	}
	host := strings.ToLower(r.URL.Host)
	if host == "" {
		return true
	}
	withPort := func(host, scheme string) string {
		if _, _, err := net.SplitHostPort(host); err == nil {
			return host
		}
		if scheme == "https" {
			return net.JoinHostPort(strings.Trim(host, "[]"), "443")
		}
		return net.JoinHostPort(strings.Trim(host, "[]"), "80")
	}
	target := withPort(host, strings.ToLower(r.URL.Scheme))
	if target == withPort(strings.ToLower(g.upstream.Host), g.upstream.Scheme) {
		return false
	}
	if local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok && sameEndpoint(target, local.String()) {
		return false
	}
	return true
}

// looped reports a request that carries this gateway's own Via entry.
func (g *Gateway) looped(r *http.Request) bool {
	for _, v := range r.Header["Via"] {
		if strings.Contains(v, g.pseudonym) {
			return true
		}
	}
	return false
}

// plan is what the gateway does to one request beyond forwarding it.
type plan struct {
	id    string // the rule id
	key   string // the client key, when the rule needed it
	kinds []string
	// status is the injected status (abort, sequence, maintenance,
	// shed), 0 when the response is the upstream's or none.
	status int
	abort  *rule.Abort
	// delay holds the exchange: before the upstream, or (delayBody)
	// between the response head and its content.
	delay     time.Duration
	delayBody bool
	throttle  int64
	conn      rule.ConnectionFault
	after     int64
	// shed is the shed rule whose in-flight count this forwarded request
	// holds.
	shed *liveRule
}

// plan finds what applies to r: the fault X-Statuskit-Fault asks for, or
// the first matching rule's. nil means forward untouched.
func (g *Gateway) plan(r *http.Request) (*plan, error) {
	if lines, ok := r.Header[FaultHeader]; ok {
		if g.cfg.AllowHeaderFaults {
			hr, err := parseFaultHeader(lines, g.cfg.Limits.MaxDelay)
			if err != nil {
				return nil, err
			}
			return g.decide(r, &liveRule{Rule: hr})
		}
		if g.warnedHeader.CompareAndSwap(false, true) {
			g.log.Warn("a request carries X-Statuskit-Fault, which this gateway ignores (and never forwards); start it with --allow-header-faults to honour it",
				"path", r.URL.Path)
		}
	}
	for _, lr := range g.rules.Load().rules {
		if lr.Matches(r, func() string { return clientKey(r, lr.Key) }) {
			return g.decide(r, lr)
		}
	}
	return nil, nil
}

// clientKey is r's client key under k: the named field's first line (cut
// to rule.MaxKeyLength), else the client's IP address.
func clientKey(r *http.Request, k *rule.Key) string {
	if k != nil {
		if v := r.Header[k.Header]; len(v) > 0 && v[0] != "" {
			return clip(v[0], rule.MaxKeyLength)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return clip(r.RemoteAddr, rule.MaxKeyLength)
	}
	return host
}

// decide applies the matched rule lr to r: every random draw (in a fixed
// order, from the rule's own stream), the sequence step, the shed count.
func (g *Gateway) decide(r *http.Request, lr *liveRule) (*plan, error) {
	rl := lr.Rule
	if !rl.Faults() {
		return nil, nil // an exception: matching requests pass untouched
	}
	p := &plan{id: rl.ID}
	var abortHit, connHit bool
	lr.mu.Lock()
	if rl.Abort != nil {
		abortHit = rule.Hit(lr.rng, rl.Abort.Percent)
	}
	if rl.Connection != nil {
		connHit = rule.Hit(lr.rng, rl.Connection.Percent)
	}
	if rl.Delay != nil && rule.Hit(lr.rng, rl.Delay.Percent) {
		p.delay = rl.Delay.Draw(lr.rng)
		p.delayBody = rl.Delay.Before == rule.BeforeBody
		p.kinds = append(p.kinds, "delay")
	}
	if rl.Throttle != nil && rule.Hit(lr.rng, rl.Throttle.Percent) {
		p.throttle = rl.Throttle.BytesPerSecond
		p.kinds = append(p.kinds, "throttle")
	}
	lr.mu.Unlock()
	switch {
	case abortHit:
		p.abort = rl.Abort
		p.kinds = append(p.kinds, "abort")
	case connHit:
		p.conn, p.after = rl.Connection.Fault, rl.Connection.After
		p.kinds = append(p.kinds, string(rl.Connection.Fault))
	case rl.Maintenance != nil:
		p.abort = &rule.Abort{Status: http.StatusServiceUnavailable, RetryAfter: rl.Maintenance.RetryAfter,
			Message: rl.Maintenance.Message, Percent: 100}
		if p.abort.Message == "" {
			p.abort.Message = "this part of the service is down for maintenance (statuskit gateway, rule " + rl.ID + ")"
		}
		p.kinds = append(p.kinds, "maintenance")
	case rl.Shed != nil:
		if n := lr.inFlight.Add(1); n > int64(rl.Shed.MaxInFlight) {
			lr.inFlight.Add(-1)
			p.abort = &rule.Abort{Status: http.StatusServiceUnavailable, RetryAfter: rl.Shed.RetryAfter, Percent: 100,
				Message: fmt.Sprintf("overloaded: %d requests like this one are already in progress, the most this service takes at once; try again later (statuskit gateway, rule %s)", rl.Shed.MaxInFlight, rl.ID)}
			p.kinds = append(p.kinds, "shed")
		} else {
			p.shed = lr
		}
	case rl.Sequence != nil:
		p.key = clientKey(r, rl.Key)
		steps := rl.Sequence.Steps
		key := lr.seqPrefix + p.key
		pos, err := g.store.NextInSequence(r.Context(), key, len(steps), rl.Sequence.Cycle, g.cfg.StateTTL)
		if err != nil {
			if p.shed != nil {
				p.shed.inFlight.Add(-1)
			}
			g.log.Error("state store failed; cannot tell this client's place in the sequence", "rule", rl.ID, "error", err.Error())
			return nil, &ruleError{id: rl.ID, err: &reply.Error{Status: http.StatusServiceUnavailable, RetryAfter: "1",
				Message: fmt.Sprintf("the gateway's state store failed, so rule %s cannot tell this client's place in its sequence: %v", rl.ID, err)}}
		}
		g.sequences.add(key)
		if step := steps[pos]; !step.Pass {
			a := step.Abort
			p.abort = &a
			p.kinds = append(p.kinds, "sequence")
		}
	}
	if p.abort != nil {
		p.status = p.abort.Status
	}
	if len(p.kinds) == 0 && p.shed == nil {
		return nil, nil
	}
	return p, nil
}

// inject carries out p: logs and counts the faults, shapes the exchange,
// then answers, breaks the connection, or forwards.
func (g *Gateway) inject(w http.ResponseWriter, r *http.Request, p *plan, mf string) {
	if p.shed != nil {
		defer p.shed.inFlight.Add(-1)
	}
	reqID := ""
	if len(p.kinds) > 0 {
		reqID = g.requestID(r)
		if p.abort != nil || p.conn == rule.Empty || p.conn == rule.Hang {
			g.record(r, p, reqID)
		} else {
			// The fault shapes (or breaks) the upstream's response: the
			// status the client gets is known once its head is written,
			// and it is recorded then, before the client sees it. A head
			// never written (a cut before it, a client gone) is 0.
			hr := &headRecorder{ResponseWriter: w, record: func(status int) { p.status = status; g.record(r, p, reqID) }}
			defer hr.flushRecord()
			w = hr
		}
	}
	if p.throttle > 0 {
		w = &throttleWriter{ResponseWriter: w, rate: p.throttle, ctx: r.Context()}
	}
	if p.delay > 0 {
		if p.delayBody {
			w = &bodyDelay{ResponseWriter: w, delay: p.delay, ctx: r.Context()}
		} else if !sleep(r.Context(), p.delay) {
			panic(http.ErrAbortHandler) // the client gave up waiting
		}
	}
	switch {
	case p.abort != nil:
		g.answer(w, r, p, reqID)
	case p.conn == rule.Empty:
		breakConnection(w, r, string(rule.Empty))
	case p.conn == rule.Hang:
		g.hang(r)
	case p.conn != "":
		g.forward(w, r, mf, &cutter{fault: string(p.conn), after: p.after})
	default:
		g.forward(w, r, mf, nil)
	}
}

// answer writes an injected response through the shared writer, so it is
// correct HTTP: Retry-After and no-store on 503 and 429, Allow on 405, a
// challenge on 401, no content on HEAD, 204 and 304, problem details to a
// client that accepts JSON, the friendly page on 503 to a browser.
func (g *Gateway) answer(w http.ResponseWriter, r *http.Request, p *plan, reqID string) {
	a := p.abort
	resp := reply.Response{Status: a.Status, RetryAfter: string(a.RetryAfter), Message: a.Message, Allow: a.Allow, HasAllow: a.HasAllow}
	if resp.Message == "" {
		resp.Message = fmt.Sprintf("injected by the statuskit gateway: rule %s (%s)", p.id, p.kinds[len(p.kinds)-1])
	}
	fields := madeFields(reqID, p.id)
	if a.Status == http.StatusTooManyRequests {
		if _, own := a.Headers["Ratelimit"]; !own {
			// draft-ietf-httpapi-ratelimit-headers: no quota left, and
			// when it comes back, the same delay Retry-After gives.
			v, _ := field.FormatRateLimit([]field.RateLimit{{Name: "default", Remaining: 0, Reset: retrySeconds(resp.RetryAfter, a.Status), HasReset: true}})
			fields = append(fields, reply.Field{Name: "Ratelimit", Value: v})
		}
	}
	names := make([]string, 0, len(a.Headers))
	for k := range a.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fields = append(fields, reply.Field{Name: k, Value: a.Headers[k]})
	}
	resp.Fields = fields
	reply.Write(w, r, &resp)
}

// retrySeconds is the delay a Retry-After value (or the writer's default
// for status) asks for, in whole seconds.
func retrySeconds(v string, status int) int64 {
	if v == "" {
		v = reply.DefaultRetryAfter(status)
	}
	ra, err := field.ParseRetryAfter(v)
	if err != nil {
		return 0
	}
	d := ra.Delay(time.Now())
	return int64((d + time.Second - 1) / time.Second)
}

// maxHangRead bounds what a hanging request reads of its content, so a
// client's going away is noticed without reading forever.
const maxHangRead = 1 << 20

// hang answers nothing until the client gives up or the gateway shuts
// down, then drops the connection (or resets the HTTP/2 stream): never an
// answer, not even an empty 200.
func (g *Gateway) hang(r *http.Request) {
	// net/http notices a closed connection only once the content is read.
	_, _ = io.CopyN(io.Discard, r.Body, maxHangRead)
	select {
	case <-r.Context().Done():
	case <-g.stop:
	}
	panic(http.ErrAbortHandler)
}

// record logs and counts an injected fault.
func (g *Gateway) record(r *http.Request, p *plan, reqID string) {
	key := p.key
	if key == "" {
		key = clientKey(r, nil)
	}
	f := Fault{
		Time: time.Now().UTC(), Rule: p.id, Kinds: p.kinds, Status: p.status,
		Method: clip(r.Method, 32), Path: clip(r.URL.Path, 200), Client: key, RequestID: reqID,
	}
	if p.delay > 0 {
		f.Delay = p.delay.String()
	}
	g.faults.add(f)
	g.log.Info("fault injected", "rule", f.Rule, "kinds", strings.Join(f.Kinds, ","), "status", f.Status, "delay", f.Delay,
		"method", f.Method, "path", f.Path, "client", f.Client, "request_id", f.RequestID)
}

// madeFields are the fields every response the gateway makes itself
// carries, instead of relaying the upstream's: X-Request-Id, which ties it
// to the gateway's logs, and X-Statuskit-Rule when a rule made it. Every
// gateway-made response (answer, refuse, answerMaxForwards) gets them here.
func madeFields(reqID, ruleID string) []reply.Field {
	if ruleID == "" {
		return []reply.Field{{Name: "X-Request-Id", Value: reqID}}
	}
	return []reply.Field{{Name: "X-Statuskit-Rule", Value: ruleID}, {Name: "X-Request-Id", Value: reqID}}
}

// ruleError is an error a rule ran into (its state store failed): the
// refusal names the rule in X-Statuskit-Rule.
type ruleError struct {
	id  string
	err error
}

func (e *ruleError) Error() string { return e.err.Error() }
func (e *ruleError) Unwrap() error { return e.err }

// refuse answers r with err (an *reply.Error, possibly in a ruleError),
// written by the shared writer with the fields of madeFields: the one way
// the gateway refuses or fails a request on its own account.
func (g *Gateway) refuse(w http.ResponseWriter, r *http.Request, err error) {
	ruleID := ""
	var re *ruleError
	if errors.As(err, &re) {
		ruleID = re.id
	}
	e := reply.BadRequest(err)
	refusal := *e
	refusal.Fields = append(madeFields(g.requestID(r), ruleID), e.Fields...)
	reply.WriteError(w, r, &refusal)
}

// requestID is the client's X-Request-Id when it is a plain token of at
// most 128 bytes, else one the gateway makes up; it ties a fault in the
// log to the response that carried it.
func (g *Gateway) requestID(r *http.Request) string {
	if v := r.Header["X-Request-Id"]; len(v) > 0 && len(v[0]) <= 128 && field.IsToken(v[0]) {
		return v[0]
	}
	return g.idPrefix + strconv.FormatUint(g.requestIDs.Add(1), 10)
}

// sleep waits d, or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
