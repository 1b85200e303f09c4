package gateway

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Fault is one injected fault as GET /__statuskit/log lists it.
type Fault struct {
	Time time.Time `json:"time"`
	// Rule is the rule id; "header" for a fault asked for with
	// X-Statuskit-Fault, "max-in-flight" for the gateway's own shedding.
	Rule string `json:"rule"`
	// Kinds are what was done to the request, in order: delay, throttle,
	// abort, sequence, maintenance, shed, reset, close, malformed_chunk,
	// empty, hang.
	Kinds []string `json:"kinds"`
	// Status is the status the client got: the injected one, or the
	// upstream's when the fault only shaped (delayed, throttled, cut) its
	// response; 0 when no response head was sent.
	Status int `json:"status,omitempty"`
	// Delay is the delay drawn, when there was one.
	Delay     string `json:"delay,omitempty"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Client    string `json:"client"`
	RequestID string `json:"request_id"`
}

// faultLog keeps the latest faults in a ring and counts them per rule and
// kind since the last reset. Both are bounded: the ring by its size, the
// counts by the rules in force (pruned on every rules change).
type faultLog struct {
	mu      sync.Mutex
	ring    []Fault
	next    int
	full    bool
	dropped int64
	counts  map[string]map[string]int64
	// seen are the rules with metric series, which a reset keeps.
	seen   map[string]bool
	metric *prometheus.CounterVec
}

func newFaultLog(size int, metric *prometheus.CounterVec) *faultLog {
	return &faultLog{ring: make([]Fault, size), counts: map[string]map[string]int64{}, seen: map[string]bool{}, metric: metric}
}

func (l *faultLog) add(f Fault) {
	for _, k := range f.Kinds {
		l.metric.WithLabelValues(f.Rule, k).Inc()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen[f.Rule] = true
	c := l.counts[f.Rule]
	if c == nil {
		c = map[string]int64{}
		l.counts[f.Rule] = c
	}
	for _, k := range f.Kinds {
		c[k]++
	}
	if len(l.ring) == 0 {
		l.dropped++
		return
	}
	if l.full {
		l.dropped++
	}
	l.ring[l.next] = f
	l.next++
	if l.next == len(l.ring) {
		l.next, l.full = 0, true
	}
}

// snapshot returns the kept faults, oldest first, optionally of one rule.
func (l *faultLog) snapshot(ruleID string) (faults []Fault, dropped int64, counts map[string]map[string]int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	faults = []Fault{}
	appendFrom := func(part []Fault) {
		for _, f := range part {
			if ruleID == "" || f.Rule == ruleID {
				faults = append(faults, f)
			}
		}
	}
	if l.full {
		appendFrom(l.ring[l.next:])
	}
	appendFrom(l.ring[:l.next])
	counts = make(map[string]map[string]int64, len(l.counts))
	for r, c := range l.counts {
		if ruleID != "" && r != ruleID {
			continue
		}
		cc := make(map[string]int64, len(c))
		for k, v := range c {
			cc[k] = v
		}
		counts[r] = cc
	}
	return faults, l.dropped, counts
}

// reset forgets every kept fault and count; it returns how many were kept.
func (l *faultLog) reset() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.next
	if l.full {
		n = len(l.ring)
	}
	clear(l.ring)
	l.next, l.full, l.dropped = 0, false, 0
	l.counts = map[string]map[string]int64{}
	return n
}

// prune drops the counts and metric series of rules no longer in force,
// so reloading rules with new ids cannot grow either without bound.
func (l *faultLog) prune(keep map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for r := range l.counts {
		if !keep[r] {
			delete(l.counts, r)
		}
	}
	for r := range l.seen {
		if !keep[r] {
			delete(l.seen, r)
			l.metric.DeletePartialMatch(prometheus.Labels{"rule": r})
		}
	}
}
