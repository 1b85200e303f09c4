package grade

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/store"
)

// Card is the report card of one run: every exam the run took, graded
// rule by rule with the evidence. It is the JSON of GET /grade/{key}.
type Card struct {
	Key string `json:"key"`
	// Verdict is the worst verdict of the exams.
	Verdict Verdict `json:"verdict"`
	// Pending is true while an exam is still observed; SettlesInMS says
	// when the last one will be settled.
	Pending     bool  `json:"pending"`
	SettlesInMS int64 `json:"settles_in_ms,omitempty"`
	// Clients lists the User-Agent values seen, in order.
	Clients []string `json:"clients,omitempty"`
	// Requests counts the recorded requests; Dropped those that arrived
	// after the run's journal was full (not graded).
	Requests int        `json:"requests"`
	Dropped  int        `json:"dropped,omitempty"`
	Exams    []ExamCard `json:"exams"`
}

// State says where an exam run stands.
type State string

// The states of an exam run.
const (
	// Complete: the run reached the exam's end.
	Complete State = "complete"
	// Open: the observation window is still running.
	Open State = "open"
	// Settled: the window is over without the run completing.
	Settled State = "settled"
	// NeverCameBack: settled after a single request, in an exam that
	// expects the client to come back (rule 11).
	NeverCameBack State = "never came back"
)

// ExamCard is one exam of a card.
type ExamCard struct {
	Exam   string `json:"exam"`
	Script string `json:"script"`
	State  State  `json:"state"`
	// Verdict is the worst verdict of the exam's rules.
	Verdict Verdict `json:"verdict"`
	// WindowMS is the observation window, from the first answer.
	WindowMS int64 `json:"window_ms"`
	// Client is the User-Agent of the exam's first request.
	Client   string    `json:"client,omitempty"`
	Requests []Request `json:"requests"`
	Rules    []Result  `json:"rules"`
}

// Request is the evidence of one request: when it came, what it carried
// and what it was answered.
type Request struct {
	// N counts the exam's requests from 1.
	N int `json:"n"`
	// AtMS is the arrival, in milliseconds after the exam's first
	// request; GapMS is the time since the previous answer was sent.
	AtMS  float64  `json:"at_ms"`
	GapMS *float64 `json:"gap_ms,omitempty"`
	// Method and Target as received; the content's length and hash.
	Method        string `json:"method"`
	Target        string `json:"target"`
	ContentLength int64  `json:"content_length,omitempty"`
	ContentHash   string `json:"content_hash,omitempty"`
	// Fields are the request fields the journal keeps.
	Fields map[string]string `json:"fields,omitempty"`
	// Status is the final status answered (0 while unanswered), Interim
	// the 1xx before it, Answer the response fields kept.
	Status  int               `json:"status,omitempty"`
	Interim []int             `json:"interim,omitempty"`
	Answer  map[string]string `json:"answer,omitempty"`
}

// Result is one rule of one exam.
type Result struct {
	Rule     int      `json:"rule"`
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Verdict  Verdict  `json:"verdict"`
	Evidence []string `json:"evidence"`
	Spec     string   `json:"spec"`
	// Fix says what to change in the client; given with WARN and FAIL,
	// with a run that never came back, and, as how to record the whole
	// run, with any verdict a full journal left uncertain.
	Fix string `json:"fix,omitempty"`
	// Documentation, when set, says that the client's documentation
	// promises otherwise than what it did.
	Documentation *Documented `json:"documentation,omitempty"`
}

// Documented is a difference between what a client's documentation says
// and what the client did.
type Documented struct {
	// Client is the product named in the User-Agent ("curl").
	Client string `json:"client"`
	// Says quotes or paraphrases the documentation; Source is where.
	Says   string `json:"says"`
	Source string `json:"source"`
	// Observed is what the run shows instead.
	Observed string `json:"observed"`
}

// run is one exam's requests in a run, ready to be judged.
type run struct {
	exam     *Exam
	es       []store.JournalEntry
	now      time.Time
	window   time.Duration
	attempts int
	// dropped counts the run's requests that arrived once its journal was
	// full: the journal kept no exam, time or method for them, so each
	// exam of the run must reckon with all of them (fullJournal).
	dropped int
	// deadline is the end of the observation window: the first answer
	// plus the window.
	deadline time.Time
	complete bool
	settled  bool
}

// Grade turns a journal run into its report card. It is a pure function of
// the journal: run.Now decides which observation windows are over.
func Grade(jr store.JournalRun) Card {
	card := Card{Key: jr.Key, Verdict: NA, Requests: len(jr.Entries), Dropped: jr.Dropped}
	for _, e := range jr.Entries {
		if ua := e.Fields["User-Agent"]; ua != "" && !slices.Contains(card.Clients, ua) {
			card.Clients = append(card.Clients, ua)
		}
	}
	var settles time.Duration
	for _, ex := range Exams {
		var es []store.JournalEntry
		for _, e := range jr.Entries {
			if e.Exam == ex.Name {
				es = append(es, e)
			}
		}
		if len(es) == 0 {
			continue
		}
		r := newRun(ex, es, jr.Now)
		r.dropped = jr.Dropped
		ec := r.card()
		card.Exams = append(card.Exams, ec)
		card.Verdict = Worst(card.Verdict, ec.Verdict)
		if ec.State == Open {
			card.Pending = true
			settles = max(settles, r.deadline.Sub(jr.Now))
		}
	}
	if card.Pending {
		card.SettlesInMS = max(1, settles.Milliseconds())
	}
	return card
}

func newRun(ex *Exam, es []store.JournalEntry, now time.Time) *run {
	r := &run{exam: ex, es: es, now: now, window: ex.Window, attempts: defaultAttempts}
	// The run's own ?window= and ?attempts=, from its first request.
	if u, err := url.Parse(es[0].Target); err == nil {
		q := u.Query()
		if d, ok := param.ParseDuration(q.Get("window")); ok && d >= minWindow {
			r.window = d
		}
		if n, err := attemptsParam(q); err == nil {
			r.attempts = n
		}
	}
	start := es[0].Answer.Sent
	if start.IsZero() {
		start = es[0].Arrived
	}
	r.deadline = start.Add(r.window)
	r.complete = ex.complete(es)
	r.settled = r.complete || !now.Before(r.deadline)
	return r
}

func (r *run) card() ExamCard {
	ec := ExamCard{Exam: r.exam.Name, Script: r.exam.Script, Verdict: NA, WindowMS: r.window.Milliseconds(),
		Client: r.es[0].Fields["User-Agent"]}
	switch {
	case r.complete:
		ec.State = Complete
	case !r.settled:
		ec.State = Open
	case len(r.es) == 1 && slices.Contains(r.exam.Rules, 11):
		ec.State = NeverCameBack
	default:
		ec.State = Settled
	}
	for i, e := range r.es {
		req := Request{N: i + 1, AtMS: ms(e.Arrived.Sub(r.es[0].Arrived)), Method: e.Method, Target: e.Target,
			ContentLength: e.ContentLength, ContentHash: e.ContentHash, Fields: e.Fields,
			Status: e.Answer.Status, Interim: e.Answer.Interim, Answer: e.Answer.Fields}
		if i > 0 && !r.es[i-1].Answer.Sent.IsZero() {
			gap := ms(e.Arrived.Sub(r.es[i-1].Answer.Sent))
			req.GapMS = &gap
		}
		ec.Requests = append(ec.Requests, req)
	}
	for _, n := range r.exam.Rules {
		res := judges[n](r)
		rl := rule(n)
		res.Rule, res.ID, res.Title, res.Spec = rl.Number, rl.ID, rl.Title, rl.Spec
		if r.dropped > 0 {
			res = r.fullJournal(n, res)
		}
		if res.Fix == "" && (res.Verdict == Warn || res.Verdict == Fail || ec.State == NeverCameBack && n == 11) {
			res.Fix = rl.Fix
		}
		res.Documentation = documented(r, &res)
		ec.Rules = append(ec.Rules, res)
		ec.Verdict = Worst(ec.Verdict, res.Verdict)
	}
	return ec
}

// fullJournalFix is the fix of a verdict a full journal leaves uncertain.
const fullJournalFix = "take each exam under its own key, or raise --journal-max-entries (and --journal-max-bytes), so that every request of the run is recorded"

// fullJournal qualifies the result of rule n when the run's journal was
// full: requests it did not record are not in the evidence. A rule that
// passes because a request never came (3: no early retry, 4: the POST not
// repeated) cannot pass on requests it did not see, and is a WARN; rule 5
// counts them itself (retriesStop). Every other verdict says so.
func (r *run) fullJournal(n int, res Result) Result {
	if res.Verdict == Fail {
		return res
	}
	res.Fix = fullJournalFix
	if n == 5 {
		return res
	}
	if res.Verdict == Pass && (n == 3 || n == 4) {
		res.Verdict = Warn
	}
	res.Evidence = append(res.Evidence, fmt.Sprintf("%s arrived once the run's journal was full and were not recorded: they may be this exam's and are not in this verdict",
		quantity(r.dropped, "more request")))
	return res
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// secs formats d for evidence: "2.004 s".
func secs(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

// describe is a request for evidence: "request 2 (POST, 13 bytes
// sha256:…)".
func describe(n int, e store.JournalEntry) string {
	s := fmt.Sprintf("request %d (%s", n, e.Method)
	if e.ContentLength > 0 {
		s += ", " + quantity(e.ContentLength, "byte") + " " + e.ContentHash
	}
	return s + ")"
}

// answered describes an answer: "503 with Retry-After: 2".
func answered(e store.JournalEntry) string {
	s := fmt.Sprint(e.Answer.Status)
	if len(e.Answer.Interim) > 0 {
		parts := make([]string, len(e.Answer.Interim))
		for i, c := range e.Answer.Interim {
			parts[i] = fmt.Sprint(c)
		}
		s = strings.Join(parts, " + ") + " + " + s
	}
	if ra := e.Answer.Fields["Retry-After"]; ra != "" {
		s += " with Retry-After: " + ra
	}
	return s
}
