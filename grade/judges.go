package grade

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/param"
	"github.com/statuskit/statuskit/store"
)

// judges grade one rule each over an exam run. They only read the run;
// every verdict comes with the evidence that decided it.
var judges = map[int]func(r *run) Result{
	1:  func(r *run) Result { return r.retryAfter(false) },
	2:  func(r *run) Result { return r.retryAfter(true) },
	3:  (*run).longRetryAfter,
	4:  (*run).postNotRetried,
	5:  (*run).retriesStop,
	6:  (*run).backoff,
	7:  (*run).redirects,
	8:  (*run).revalidated,
	9:  (*run).interimNotFinal,
	10: (*run).bodilessEnds,
	11: (*run).cameBack,
}

// result builds a Result from a verdict and evidence lines.
func result(v Verdict, evidence ...string) Result { return Result{Verdict: v, Evidence: evidence} }

// waiting is the verdict of a rule nothing has decided yet: PENDING while
// the window runs, else what settled says.
func (r *run) waiting(settled Result, what string) Result {
	if r.settled {
		return settled
	}
	return result(Pending, fmt.Sprintf("%s; observing for %s more", what, secs(r.deadline.Sub(r.now).Round(time.Millisecond))))
}

// retryAfter is rules 1 (dates false) and 2 (dates true): every request
// that follows an answer with Retry-After comes no earlier than it says,
// less earlyTolerance.
func (r *run) retryAfter(dates bool) Result {
	verdict := NA
	var evidence []string
	var last *store.JournalEntry
	for i := range r.es {
		e := &r.es[i]
		v := e.Answer.Fields["Retry-After"]
		if v == "" || e.Answer.Sent.IsZero() {
			continue
		}
		ra, err := field.ParseRetryAfter(v)
		if err != nil {
			continue
		}
		var due time.Time
		if s, ok := ra.Seconds(); ok && !dates {
			due = e.Answer.Sent.Add(time.Duration(s) * time.Second)
		} else if d, ok := ra.Date(); ok && dates {
			due = d
		} else {
			continue
		}
		last = e
		if i+1 == len(r.es) {
			continue
		}
		next := r.es[i+1]
		gap := next.Arrived.Sub(e.Answer.Sent)
		early := due.Sub(next.Arrived)
		what := fmt.Sprintf("%s came %s after the %s", describe(i+2, next), secs(gap), answered(*e))
		if dates {
			what = fmt.Sprintf("%s came %s after the %s (%s after that date)", describe(i+2, next), secs(gap), answered(*e), secs(-early))
		}
		if early > earlyTolerance {
			verdict = Worst(verdict, Fail)
			evidence = append(evidence, fmt.Sprintf("%s: %s too early", what, secs(early)))
			continue
		}
		verdict = Worst(verdict, Pass)
		evidence = append(evidence, what+": honoured")
	}
	switch {
	case last == nil:
		return result(NA, "no answer of this run carried Retry-After in this form yet")
	case verdict != NA:
		return result(verdict, evidence...)
	}
	return r.waiting(result(NA, fmt.Sprintf("never came back after the %s: nothing to judge", answered(*last))),
		fmt.Sprintf("no request yet after the %s", answered(*last)))
}

// longRetryAfter is rule 3: after Retry-After: 3600, no request within
// the window (or, were the window that long, before the hour is up).
func (r *run) longRetryAfter() Result {
	first := r.es[0]
	if first.Answer.Sent.IsZero() {
		return r.waiting(result(NA, "the first answer was not recorded"), "the first answer is not recorded yet")
	}
	ra, err := field.ParseRetryAfter(first.Answer.Fields["Retry-After"])
	delay, ok := ra.Seconds()
	if err != nil || !ok {
		return result(NA, "the first answer carried no Retry-After in seconds")
	}
	due := first.Answer.Sent.Add(time.Duration(delay) * time.Second)
	for i, e := range r.es[1:] {
		if early := due.Sub(e.Arrived); early > earlyTolerance {
			return result(Fail, fmt.Sprintf("%s came %s after the %s: cut %s short",
				describe(i+2, e), secs(e.Arrived.Sub(first.Answer.Sent)), answered(first), secs(early)))
		}
	}
	if len(r.es) > 1 {
		return result(Pass, fmt.Sprintf("the next request came after the %s had run out", answered(first)))
	}
	return r.waiting(result(Pass, fmt.Sprintf("no request in the %s window after the %s: the client waited it out or gave up",
		secs(r.window), answered(first))), "no request so far")
}

// postNotRetried is rule 4: the exam's POST is not repeated; a repeat
// with the same Idempotency-Key and content is a WARN, any other a FAIL.
func (r *run) postNotRetried() Result {
	first := r.es[0]
	if first.Method != http.MethodPost {
		return result(NA, fmt.Sprintf("the exam expects a POST with content; the first request was %s", first.Method))
	}
	key := first.Fields["Idempotency-Key"]
	verdict := NA
	var evidence []string
	for i, e := range r.es[1:] {
		if e.Step != stepStart || e.Method != http.MethodPost {
			continue
		}
		what := fmt.Sprintf("%s repeated the POST %s after the %s", describe(i+2, e), secs(e.Arrived.Sub(first.Answer.Sent)), answered(first))
		repeatKey := e.Fields["Idempotency-Key"]
		switch {
		case key != "" && repeatKey == key && e.ContentHash == first.ContentHash:
			verdict = Worst(verdict, Warn)
			evidence = append(evidence, fmt.Sprintf("%s with the same Idempotency-Key (%s) and identical content: safe only if the server honours the key", what, key))
		case repeatKey == "":
			verdict = Worst(verdict, Fail)
			evidence = append(evidence, what+" without an Idempotency-Key")
		default:
			verdict = Worst(verdict, Fail)
			evidence = append(evidence, fmt.Sprintf("%s with Idempotency-Key %q and content %s, not the first request's (%q, %s)",
				what, repeatKey, orNone(e.ContentHash), key, orNone(first.ContentHash)))
		}
	}
	if verdict != NA {
		return result(verdict, evidence...)
	}
	return r.waiting(result(Pass, fmt.Sprintf("the POST was answered %s and not repeated within the %s window", answered(first), secs(r.window))),
		"the POST has not been repeated so far")
}

func orNone(hash string) string {
	if hash == "" {
		return "(none)"
	}
	return hash
}

// retriesStop is rule 5: against 500 forever, at most r.attempts
// requests, none after the window.
func (r *run) retriesStop() Result {
	first := r.es[0]
	start := first.Answer.Sent
	if start.IsZero() {
		start = first.Arrived
	}
	for i, e := range r.es {
		if e.Arrived.After(r.deadline) {
			return result(Fail, fmt.Sprintf("%s came %s after the first 500, after the %s window: the client is still retrying",
				describe(i+1, e), secs(e.Arrived.Sub(start)), secs(r.window)))
		}
	}
	n := len(r.es)
	if n > r.attempts {
		return result(Fail, fmt.Sprintf("%d requests within %s, more than the %d allowed (?attempts=)", n, secs(r.es[n-1].Arrived.Sub(first.Arrived)), r.attempts))
	}
	if r.dropped > 0 {
		// The journal did not say which exam its unrecorded requests were
		// for, nor when they came: they count here, or a full journal
		// would turn a client that never stops into a PASS.
		recorded := fmt.Sprintf("%s recorded and %d more not recorded once the run's journal was full", quantity(n, "request"), r.dropped)
		if n+r.dropped > r.attempts {
			return result(Fail, fmt.Sprintf("%s: %d in all, more than the %d allowed (?attempts=); the journal cannot say which exam the unrecorded ones were for, so they count here",
				recorded, n+r.dropped, r.attempts))
		}
		return r.waiting(result(Warn, fmt.Sprintf("%s: %d in all, within the %d allowed, but when the unrecorded ones came is unknown, so none after the %s window cannot be checked",
			recorded, n+r.dropped, r.attempts, secs(r.window))), recorded)
	}
	if n == 1 {
		return r.waiting(result(NA, "never retried: one request, answered 500 (never came back)"), "one request so far")
	}
	return r.waiting(result(Pass, fmt.Sprintf("stopped after %d requests in %s (at most %d allowed within %s)",
		n, secs(r.es[n-1].Arrived.Sub(first.Arrived)), r.attempts, secs(r.window))),
		fmt.Sprintf("%d requests so far", n))
}

// minGap is the shortest gap that counts as waiting at all.
const minGap = earlyTolerance

// backoff is rule 6: from the second gap on, each gap is at least minGap
// and shrinks by no more than shrinkTolerance.
func (r *run) backoff() Result {
	var gaps []time.Duration
	for i := 0; i+1 < len(r.es); i++ {
		e := r.es[i]
		if e.Answer.Sent.IsZero() || e.Answer.Status < 400 {
			continue
		}
		gaps = append(gaps, r.es[i+1].Arrived.Sub(e.Answer.Sent))
	}
	shown := make([]string, len(gaps))
	for i, g := range gaps {
		shown[i] = secs(g)
	}
	all := "gaps between each answer and the next retry: " + strings.Join(shown, ", ")
	for i := 1; i < len(gaps); i++ {
		switch {
		case gaps[i] < minGap:
			return result(Fail, all, fmt.Sprintf("retry %d came %s after the answer: retrying at once", i+1, secs(gaps[i])))
		case float64(gaps[i]) < (1-shrinkTolerance)*float64(gaps[i-1]):
			return result(Fail, all, fmt.Sprintf("gap %d (%s) is %.0f %% shorter than gap %d (%s): the retries speed up",
				i+1, secs(gaps[i]), 100*(1-float64(gaps[i])/float64(gaps[i-1])), i, secs(gaps[i-1])))
		}
	}
	switch len(gaps) {
	case 0:
		return r.waiting(result(NA, "never retried: no gap to judge"), "no retry so far")
	case 1:
		return r.waiting(result(NA, all, "one retry: a backoff needs two gaps to judge"), "one retry so far")
	}
	return r.waiting(result(Pass, all, "each gap at least 80 % of the one before"), all)
}

// redirects is rule 7: each redirect the exam answered is followed with
// the method and content its code asks for.
func (r *run) redirects() Result {
	first := r.es[0]
	if strings.HasPrefix(r.exam.Send, "POST") && first.Method != http.MethodPost {
		return result(NA, fmt.Sprintf("the exam expects a POST with content; the first request was %s", first.Method))
	}
	verdict := NA
	var evidence []string
	unfollowed := ""
	for i, e := range r.es {
		code := e.Answer.Status
		if !isRedirect(code) {
			continue
		}
		step := stepOf(e.Answer.Fields["Location"])
		j := i + 1
		for j < len(r.es) && r.es[j].Step != step {
			j++
		}
		if j == len(r.es) {
			unfollowed = fmt.Sprintf("the %d to %s", code, e.Answer.Fields["Location"])
			continue
		}
		v, what := judgeRedirect(code, e, r.es[j])
		verdict = Worst(verdict, v)
		evidence = append(evidence, fmt.Sprintf("%d after %s → %s: %s", code, describe(i+1, e), describe(j+1, r.es[j]), what))
	}
	if unfollowed != "" && !r.settled {
		return result(Pending, append(evidence, "not followed yet: "+unfollowed)...)
	}
	if unfollowed != "" && verdict == NA {
		return result(NA, "never followed "+unfollowed)
	}
	if verdict == NA {
		return r.waiting(result(NA, "no redirect was answered"), "no redirect answered yet")
	}
	return result(verdict, evidence...)
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// stepOf is the exam step a Location names: "target" of
// /exam/redirect-303/target?key=k.
func stepOf(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return ""
	}
	_, rest, _ := strings.Cut(u.Path, "/exam/")
	_, step, _ := strings.Cut(rest, "/")
	return step
}

// contentFields are the request fields that describe content (RFC 9110,
// 8.3-8.7): a GET switched from a POST should not carry them on.
var contentFields = []string{"Content-Type", "Content-Encoding", "Content-Language", "Content-Location"}

// judgeRedirect grades how a request answered code was followed.
func judgeRedirect(code int, from, to store.JournalEntry) (Verdict, string) {
	left := ""
	for _, name := range contentFields {
		if v := to.Fields[name]; v != "" {
			left += fmt.Sprintf("; the %s still carries %s: %s", to.Method, name, v)
		}
	}
	sameContent := to.ContentHash == from.ContentHash && to.ContentLength == from.ContentLength
	switched := func(want string) (Verdict, string) {
		if to.ContentLength > 0 {
			return Fail, fmt.Sprintf("the %s carried %s of content; a switched request has none", to.Method, quantity(to.ContentLength, "byte"))
		}
		if left != "" && from.Method != to.Method {
			return Warn, "switched to " + want + " without content" + left
		}
		return Pass, "switched to " + want + " without content"
	}
	switch code {
	case http.StatusSeeOther:
		want := http.MethodGet
		if from.Method == http.MethodHead {
			want = http.MethodHead
		}
		if to.Method != want {
			return Fail, fmt.Sprintf("followed with %s; a 303 is followed with %s (RFC 9110, 15.4.4)", to.Method, want)
		}
		return switched(want)
	case http.StatusMovedPermanently, http.StatusFound:
		if from.Method == http.MethodPost {
			if to.Method == http.MethodGet {
				v, what := switched(http.MethodGet)
				return v, what + " (allowed, RFC 9110, 15.4.2 and 15.4.3)"
			}
			if to.Method == http.MethodPost && sameContent {
				return Pass, "kept POST with identical content (allowed)"
			}
			return Fail, fmt.Sprintf("followed with %s and content %s; after a POST either GET without content or POST with the same content (%s)",
				to.Method, orNone(to.ContentHash), orNone(from.ContentHash))
		}
	}
	// 307, 308, and 301/302 after a method other than POST: same method,
	// same content (RFC 9110, 15.4.8 and 15.4.9).
	if to.Method != from.Method {
		return Fail, fmt.Sprintf("the method changed from %s to %s; a %d keeps it", from.Method, to.Method, code)
	}
	if !sameContent {
		return Fail, fmt.Sprintf("the content changed from %s (%s) to %s (%s); a %d resends it unchanged",
			orNone(from.ContentHash), quantity(from.ContentLength, "byte"), orNone(to.ContentHash), quantity(to.ContentLength, "byte"), code)
	}
	if from.ContentLength > 0 {
		return Pass, fmt.Sprintf("kept %s and identical content", to.Method)
	}
	return Pass, "kept " + to.Method
}

// revalidated is rule 8: the second fetch of a no-cache response carries
// If-None-Match with its ETag.
func (r *run) revalidated() Result {
	var fetches []store.JournalEntry
	for _, e := range r.es {
		if e.Step == stepStart {
			fetches = append(fetches, e)
		}
	}
	first := fetches[0]
	tag := first.Answer.Fields["Etag"]
	if len(fetches) < 2 {
		return r.waiting(result(NA, "fetched once: never came back for the second fetch (the server cannot see a stored response reused without revalidation, which would FAIL)"),
			"one fetch so far")
	}
	second := fetches[1]
	inm := second.Fields["If-None-Match"]
	switch {
	case inm == "" && second.Fields["If-Modified-Since"] == "":
		return result(NA, fmt.Sprintf("no cache: two plain fetches, answered %d and %d", first.Answer.Status, second.Answer.Status))
	case inm == "":
		return result(Fail, fmt.Sprintf("the second fetch revalidated with If-Modified-Since: %s only; the response had no Last-Modified but ETag %s",
			second.Fields["If-Modified-Since"], tag))
	}
	list, err := field.ParseETagList("If-None-Match", []string{inm})
	current, terr := field.ParseETag(tag)
	if err != nil || terr != nil || !list.Match(current, false) {
		return result(Fail, fmt.Sprintf("the second fetch sent If-None-Match: %s, which does not match the ETag %s it was given", inm, tag))
	}
	return result(Pass, fmt.Sprintf("the second fetch sent If-None-Match: %s and was answered %d", inm, second.Answer.Status))
}

// interimNotFinal is rule 9: after the 103 or 100, the final 303 is read
// and followed to the completion URL.
func (r *run) interimNotFinal() Result {
	first := r.es[0]
	if first.Proto == "HTTP/1.0" {
		return result(NA, "an HTTP/1.0 request: no 1xx may be sent to it (RFC 9110, 15.2)")
	}
	for i, e := range r.es {
		if e.Step == stepDone {
			return result(Pass, fmt.Sprintf("after the %s the client read on and requested the completion URL (%s)", answered(first), describe(i+1, e)))
		}
	}
	return r.waiting(result(Fail, fmt.Sprintf("the completion URL was never requested within the %s window after the %s: the client took the interim response as final, failed on it, or does not follow redirects",
		secs(r.window), answered(first))), "the completion URL has not been requested yet")
}

// bodilessEnds is rule 10: the 307 to a HEAD, with a Content-Length and no
// content, is followed at once.
func (r *run) bodilessEnds() Result {
	first := r.es[0]
	if first.Method != http.MethodHead {
		return result(NA, fmt.Sprintf("the exam expects HEAD; the first request was %s", first.Method))
	}
	length := first.Answer.Fields["Content-Length"]
	for i, e := range r.es {
		if e.Step == stepDone {
			return result(Pass, fmt.Sprintf("the client ended the %d at its header section (Content-Length: %s, no content) and came to the completion URL %s later (%s)",
				first.Answer.Status, length, secs(e.Arrived.Sub(first.Answer.Sent)), describe(i+1, e)))
		}
	}
	return r.waiting(result(Fail, fmt.Sprintf("the completion URL was never requested within the %s window: the client waits for the %s Content-Length announced to a HEAD (or does not follow redirects)",
		secs(r.window), announced(length))), "the completion URL has not been requested yet")
}

// cameBack is rule 11.
func (r *run) cameBack() Result {
	first := r.es[0]
	if n := len(r.es); n > 1 {
		return result(Pass, fmt.Sprintf("came back: %d requests, the last answered %d", n, r.es[n-1].Answer.Status))
	}
	return r.waiting(result(NA, fmt.Sprintf("never came back: one request, answered %s, and none within the %s window", answered(first), secs(r.window))),
		"one request so far")
}

// announced is a Content-Length value as a quantity: "1 byte", "200
// bytes"; a value that is not a number is quoted as it came.
func announced(length string) string {
	n, err := strconv.ParseInt(length, 10, 64)
	if err != nil || !param.Digits(length) {
		return strconv.Quote(length) + " bytes"
	}
	return quantity(n, "byte")
}
