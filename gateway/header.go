package gateway

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/gateway/rule"
	"github.com/statuskit/statuskit/param"
)

// headerDirectives are what X-Statuskit-Fault may ask for. The outcomes
// (at most one) answer or break the request; delay, delay-body and
// throttle shape it; retry-after goes with abort or maintenance.
var (
	headerOutcomes   = []string{"abort", "maintenance", "reset", "close", "malformed-chunk", "empty", "hang"}
	headerDirectives = append(slices.Clone(headerOutcomes), "retry-after", "delay", "delay-body", "throttle")
)

// headerExample ends every message about X-Statuskit-Fault.
const headerExample = "e.g. X-Statuskit-Fault: abort=503;retry-after=2, or delay=200ms;reset=1024"

// parseFaultHeader reads X-Statuskit-Fault: directives separated by ';'
// (or ',', or on several lines), each name or name=value:
//
//	abort=STATUS           answer with STATUS (200-599)
//	maintenance            answer 503 with the maintenance page
//	retry-after=SECONDS    the Retry-After of abort or maintenance
//	delay=DURATION         wait before forwarding (or answering)
//	delay-body=DURATION    send the head, then wait before the content
//	throttle=BYTES         pace the content to BYTES per second
//	reset[=N], close[=N], malformed-chunk[=N]   break after N content bytes
//	empty, hang            close without answering; never answer
//
// The result is a rule with id "header" and every percent at 100. Errors
// are 400s that say what was wrong, what is allowed, with an example.
func parseFaultHeader(lines []string, maxDelay time.Duration) (*rule.Rule, error) {
	r := &rule.Rule{ID: rule.Reserved[0]}
	seen := map[string]bool{}
	outcome := ""
	var retryAfter rule.RetryAfter
	bad := func(format string, args ...any) error {
		msg := fmt.Sprintf("X-Statuskit-Fault: "+format, args...)
		if !strings.Contains(msg, "e.g.") {
			// One example per message: the directive's own, or this.
			msg += "; " + headerExample
		}
		return param.Errorf("%s", msg)
	}
	for _, line := range lines {
		for part := range strings.FieldsFuncSeq(line, func(c rune) bool { return c == ';' || c == ',' }) {
			name, value, hasValue := strings.Cut(strings.TrimSpace(part), "=")
			name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
			if name == "" {
				continue
			}
			if !slices.Contains(headerDirectives, name) {
				return nil, bad("unknown directive %q; the directives are %s", param.Clip(name, 40), strings.Join(headerDirectives, ", "))
			}
			if seen[name] {
				return nil, bad("%s is given twice; give each directive once", name)
			}
			seen[name] = true
			if slices.Contains(headerOutcomes, name) {
				if outcome != "" {
					return nil, bad("%s and %s are both outcomes; ask for one per request", outcome, name)
				}
				outcome = name
			}
			needsValue := name == "abort" || name == "retry-after" || name == "delay" || name == "delay-body" || name == "throttle"
			if needsValue && !hasValue {
				return nil, bad("%s needs a value (%s=...)", name, name)
			}
			if !needsValue && hasValue && (name == "maintenance" || name == "empty" || name == "hang") {
				return nil, bad("%s takes no value", name)
			}
			switch name {
			case "abort":
				status, err := strconv.Atoi(value)
				if err != nil || status < 200 || status > 599 {
					return nil, bad("abort=%q: give a final status code, 200-599", param.Clip(value, 20))
				}
				if need := neededField(status); need != "" {
					// The header cannot give the field; a rule can
					// (rule.Parse refuses the status without it).
					return nil, bad("abort=%d needs a %s field, which X-Statuskit-Fault cannot carry; put it in a rule with headers, or ask for another status", status, need)
				}
				r.Abort = &rule.Abort{Status: status, Percent: 100}
			case "maintenance":
				r.Maintenance = &rule.Maintenance{}
			case "retry-after":
				ra, err := field.ParseRetryAfter(value)
				if err != nil {
					return nil, bad("retry-after=%q: give whole seconds, e.g. retry-after=2", param.Clip(value, 40))
				}
				retryAfter = rule.RetryAfter(ra.String())
			case "delay", "delay-body":
				d, ok := param.ParseDuration(value)
				if ok && d > 0 && maxDelay == 0 {
					return nil, bad("%s=%q: this gateway allows no delay (--max-delay 0); start it with a limit, e.g. --max-delay 5m", name, param.Clip(value, 20))
				}
				if !ok || d > maxDelay {
					return nil, bad("%s=%q: give a duration up to %s (--max-delay): %s", name, param.Clip(value, 20), maxDelay, param.DurationRule)
				}
				fixed := rule.Duration(d)
				before := rule.BeforeUpstream
				if name == "delay-body" {
					before = rule.BeforeBody
				}
				if r.Delay != nil {
					return nil, bad("delay and delay-body both given; ask for one")
				}
				r.Delay = &rule.Delay{Fixed: &fixed, Before: before, Percent: 100}
			case "throttle":
				n, err := strconv.ParseInt(value, 10, 64)
				if err != nil || n < 1 {
					return nil, bad("throttle=%q: give bytes per second, a whole number of at least 1, e.g. throttle=16384", param.Clip(value, 20))
				}
				r.Throttle = &rule.Throttle{BytesPerSecond: n, Percent: 100}
			default: // a connection fault
				fault := rule.ConnectionFault(strings.ReplaceAll(name, "-", "_"))
				c := &rule.Connection{Fault: fault, Percent: 100}
				if hasValue {
					n, err := strconv.ParseInt(value, 10, 64)
					if err != nil || n < 0 {
						return nil, bad("%s=%q: give the content bytes to let through first, a whole number, e.g. %s=1024", name, param.Clip(value, 20), name)
					}
					c.After = n
				}
				r.Connection = c
			}
		}
	}
	if outcome == "" && r.Delay == nil && r.Throttle == nil {
		return nil, bad("no fault asked for")
	}
	if retryAfter != "" {
		switch {
		case r.Abort != nil:
			r.Abort.RetryAfter = retryAfter
		case r.Maintenance != nil:
			r.Maintenance.RetryAfter = retryAfter
		default:
			return nil, bad("retry-after goes with abort or maintenance")
		}
	}
	if c := r.Connection; c != nil && !c.Fault.Forwards() && (r.Throttle != nil || r.Delay != nil && r.Delay.Before == rule.BeforeBody) {
		return nil, bad("%s sends no response to throttle or delay-body", strings.ReplaceAll(string(c.Fault), "_", "-"))
	}
	return r, nil
}

// neededField is the field a response of status is not correct without
// (RFC 9110, 15.3.7, 15.5.17, 15.4), "" when it needs none the writer
// does not add itself.
func neededField(status int) string {
	switch status {
	case 206, 416:
		return "Content-Range"
	case 301, 302, 303, 307, 308:
		return "Location"
	}
	return ""
}
