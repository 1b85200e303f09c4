package check

import (
	"cmp"
	"context"
	"crypto/tls"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/statuskit/statuskit/check/wire"
)

// Config is what a run may do. Its zero value is not usable: start from
// DefaultConfig.
type Config struct {
	// Header are fields sent with every request ("Authorization: ..."):
	// the credentials of the API. Their values (6 bytes or more, and the
	// token after an authentication scheme) are redacted in every field
	// of every finding, in every form a server may echo them in: as sent,
	// JSON- or Go-quoted, percent-encoded, HTML-escaped, base64, or cut
	// short (see redactor). One probe sends the request without them.
	Header []wire.Field
	// AllowUnsafe lets the checker send POST, PUT, PATCH and DELETE: the
	// methods a resource's Allow says it refuses, a POST in an
	// unsupported media type where Allow lists POST, and the unsafe
	// operations of an OpenAPI document. Without it only GET, HEAD,
	// OPTIONS and an unknown method are sent.
	AllowUnsafe bool
	// Concurrency is how many targets are probed at once (>= 1); the
	// probes of one target are sent one after another.
	Concurrency int
	// RPS bounds the requests per second of the whole run (> 0).
	RPS float64
	// Timeout bounds each exchange: connecting, writing and reading.
	Timeout time.Duration
	// AfterWait is how long to wait after a response for bytes the
	// server should not send (see wire.Client.AfterWait).
	AfterWait time.Duration
	// MaxRedirects is how many redirect hops are followed (>= 0).
	MaxRedirects int
	// Limits bound what is read of each response.
	Limits wire.Limits
	// TLS configures https; nil uses the system's roots.
	TLS *tls.Config
	// Progress, if set, is called after each target with how many are
	// done and how many there are.
	Progress func(done, total int)
}

// DefaultConfig is a polite run: 4 targets at once, 10 requests per
// second, 10 s per exchange, 10 redirect hops, wire.DefaultLimits.
func DefaultConfig() Config {
	return Config{
		Concurrency:  4,
		RPS:          10,
		Timeout:      10 * time.Second,
		AfterWait:    500 * time.Millisecond,
		MaxRedirects: 10,
		Limits:       wire.DefaultLimits,
	}
}

// Validate reports settings that cannot work, naming the field.
func (c Config) Validate() error {
	var errs []string
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Sprintf("Concurrency %d: at least 1 target at a time, e.g. 4", c.Concurrency))
	}
	if !(c.RPS > 0) {
		errs = append(errs, fmt.Sprintf("RPS %g: a positive number of requests per second, e.g. 10", c.RPS))
	}
	if c.Timeout <= 0 {
		errs = append(errs, fmt.Sprintf("Timeout %v: a positive duration, e.g. 10s", c.Timeout))
	}
	if c.MaxRedirects < 0 {
		errs = append(errs, fmt.Sprintf("MaxRedirects %d: 0 or more hops, e.g. 10", c.MaxRedirects))
	}
	if c.AfterWait < 0 {
		errs = append(errs, fmt.Sprintf("AfterWait %v: 0 or a positive duration, e.g. 500ms", c.AfterWait))
	}
	if len(errs) > 0 {
		return fmt.Errorf("check: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Checker runs the probes and the rules.
type Checker struct {
	cfg      Config
	client   *wire.Client
	limiter  *limiter
	requests atomic.Int64
	redactor *redactor
}

// New returns a Checker for cfg, or Validate's error.
func New(cfg Config) (*Checker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Checker{
		cfg:     cfg,
		client:  &wire.Client{Timeout: cfg.Timeout, AfterWait: cfg.AfterWait, Limits: cfg.Limits, TLS: cfg.TLS},
		limiter: newLimiter(cfg.RPS),
	}
	var values []string
	for _, f := range cfg.Header {
		values = append(values, f.Value)
	}
	c.redactor = newRedactor(values)
	return c, nil
}

// Check probes every target and judges what it saw. A target that cannot
// be reached is a finding (rule "unreachable"), not an error; the error is
// for a target that is not a URL (*TargetError), reported before anything
// is sent, or ctx ending.
func (c *Checker) Check(ctx context.Context, targets []Target) (*Report, error) {
	for i, t := range targets {
		u, err := ParseTarget(t.URL)
		if err != nil {
			return nil, err
		}
		targets[i].URL = u.String()
	}
	obs := make([]*observation, len(targets))
	var skipped int
	var wg sync.WaitGroup
	var done atomic.Int64
	work := make(chan int)
	for range min(c.cfg.Concurrency, max(len(targets), 1)) {
		wg.Go(func() {
			for i := range work {
				t := targets[i]
				if t.Method != "" && t.Method != "GET" && !c.cfg.AllowUnsafe && !safeMethod(t.Method) {
					obs[i] = nil
				} else {
					obs[i] = c.probe(ctx, t)
				}
				if c.cfg.Progress != nil {
					c.cfg.Progress(int(done.Add(1)), len(targets))
				}
			}
		})
	}
	for i := range targets {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var kept []*observation
	for _, o := range obs {
		if o == nil {
			skipped++
			continue
		}
		kept = append(kept, o)
	}
	shareAllow(kept)
	r := &Report{Summary: Summary{URLs: len(kept), Skipped: skipped, Findings: newCounts()}}
	for _, o := range kept {
		if o.get != nil && !o.get.ok() {
			if m, noFinal := failure(o.get); m == nil && !noFinal {
				r.Summary.Unreachable++
			}
		}
		r.Findings = append(r.Findings, c.judge(o)...)
	}
	for _, f := range r.Findings {
		r.Summary.Findings[f.Severity.String()]++
	}
	r.Summary.Requests = int(c.requests.Load())
	return r, nil
}

func safeMethod(m string) bool { return m == "HEAD" || m == "OPTIONS" }

// shareAllow gives every observation the methods its origin listed in
// any Allow field during the run: a method listed there is one the
// server knows (rule refused-method-not-405).
func shareAllow(obs []*observation) {
	byOrigin := map[string]map[string]bool{}
	for _, o := range obs {
		origin := o.url.Scheme + "://" + o.url.Host
		set := byOrigin[origin]
		if set == nil {
			set = map[string]bool{}
			byOrigin[origin] = set
		}
		for _, x := range o.all {
			if !x.ok() {
				continue
			}
			for _, m := range allowList(x.resp) {
				set[m] = true
			}
		}
		o.originAllow = set
	}
}

// judge runs every rule on an observation; findings about the same rule,
// URL and method are reported once.
func (c *Checker) judge(o *observation) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, rule := range Rules() {
		r := &reporter{rule: rule, checker: c, target: c.redact(o.url.Redacted())}
		rule.check(o, r)
		for _, f := range r.findings {
			key := f.Rule + " " + f.Method + " " + f.URL
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	return out
}

// reporter collects one rule's findings.
type reporter struct {
	rule     Rule
	checker  *Checker
	target   string
	findings []Finding
}

// add reports x as breaking the rule, with a message for this case.
func (r *reporter) add(x *exchange, format string, args ...any) {
	c := r.checker
	f := Finding{
		URL:      c.redact(x.req.URL.Redacted()),
		Method:   x.req.Method,
		Rule:     r.rule.ID,
		Severity: r.rule.Severity,
		Spec:     r.rule.Spec.String(),
		Message:  c.redact(fmt.Sprintf(format, args...)),
		Fix:      r.rule.Fix,
		Evidence: c.evidence(x),
		Target:   r.target,
		exchange: x,
	}
	r.findings = append(r.findings, f)
}

func (c *Checker) redact(s string) string { return c.redactor.redact(s) }

// redactShown redacts the start of content kept up to a limit, of which
// evidence shows the first show bytes: only that much is redacted (with
// room for spellings longer than "[redacted]"), which bounds the work on
// 64 KiB of content. Where less is redacted than came, a credential may
// end half written at the cut.
func (c *Checker) redactShown(kept []byte, size int64, show int) []byte {
	cut := int64(len(kept)) < size
	if limit := 4*show + c.redactor.longest; len(kept) > limit {
		kept, cut = kept[:limit], true
	}
	if cut {
		return []byte(c.redactor.redactCut(string(kept)))
	}
	return []byte(c.redactor.redact(string(kept)))
}

// evidenceContent is how much content evidence shows.
const evidenceContent = 512

func (c *Checker) evidence(x *exchange) Evidence {
	var req strings.Builder
	raw := string(x.req.Bytes())
	head, content, _ := strings.Cut(raw, "\r\n\r\n")
	for line := range strings.SplitSeq(head, "\r\n") {
		name, _, ok := strings.Cut(line, ":")
		if ok && slices.ContainsFunc(c.cfg.Header, func(f wire.Field) bool { return strings.EqualFold(f.Name, name) }) {
			line = name + ": " + redacted
		}
		req.WriteString(line + "\n")
	}
	if content != "" {
		req.WriteString("\n" + wire.Excerpt([]byte(content), evidenceContent) + "\n")
	}
	var resp strings.Builder
	if x.resp != nil {
		for _, in := range x.resp.Interim {
			resp.WriteString(strings.ReplaceAll(string(in.Head), "\r\n", "\n"))
		}
		resp.WriteString(strings.ReplaceAll(string(x.resp.Head), "\r\n", "\n"))
		if x.resp.ContentSize > 0 {
			// Redacted before it is shortened, so no cut halves a credential.
			resp.WriteString(wire.Excerpt(c.redactShown(x.resp.Content, x.resp.ContentSize, evidenceContent), evidenceContent))
			switch {
			case x.resp.Truncated:
				fmt.Fprintf(&resp, "\n[%d bytes of content read; the checker reads no more of one response]", x.resp.ContentSize)
			case x.resp.ContentSize > int64(min(len(x.resp.Content), evidenceContent)):
				fmt.Fprintf(&resp, "\n[%d bytes of content in all]", x.resp.ContentSize)
			}
			resp.WriteString("\n")
		}
		if x.resp.TooLarge != nil {
			fmt.Fprintf(&resp, "[%v]\n", x.resp.TooLarge)
		}
		if x.resp.Incomplete {
			resp.WriteString("[the connection ended before the content did]\n")
		}
		if x.resp.AfterSize > 0 {
			fmt.Fprintf(&resp, "[%d bytes after the end of the message:]\n%s\n", x.resp.AfterSize, wire.Excerpt(c.redactShown(x.resp.After, x.resp.AfterSize, evidenceContent), evidenceContent))
		}
	}
	if x.err != nil {
		fmt.Fprintf(&resp, "[%v]\n", x.err)
	}
	return Evidence{Request: c.redact(req.String()), Response: c.redact(resp.String())}
}
