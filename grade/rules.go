package grade

// Verdict is the outcome of one rule for one exam run.
type Verdict string

// The verdicts, from best to worst as Worst ranks them: N/A (nothing to
// judge: the client never did what the rule is about), PASS, WARN
// (allowed, with a risk the evidence names), PENDING (the run is still
// under observation and has not broken the rule yet), FAIL.
const (
	NA      Verdict = "N/A"
	Pass    Verdict = "PASS"
	Warn    Verdict = "WARN"
	Pending Verdict = "PENDING"
	Fail    Verdict = "FAIL"
)

var verdictRank = map[Verdict]int{NA: 0, Pass: 1, Warn: 2, Pending: 3, Fail: 4}

// Worst is the worse of a and b: FAIL over PENDING over WARN over PASS
// over N/A.
func Worst(a, b Verdict) Verdict {
	if verdictRank[b] > verdictRank[a] {
		return b
	}
	return a
}

// Rule is one thing a client must get right, with the tolerance the
// grader allows, the section of the specification it follows, and what to
// change in a client that breaks it.
type Rule struct {
	// Number is the rule's number in docs/grade.md, 1 to 11.
	Number int
	// ID names the rule in JSON ("retry-after-seconds").
	ID string
	// Title states the rule.
	Title string
	// Tolerance says how the grader measures it.
	Tolerance string
	// Spec is the section the rule follows, e.g. "RFC 9110, 10.2.3", or
	// "statuskit" where no specification requires it. Text in double
	// quotes is the section's own words, verbatim; anything else is a
	// paraphrase.
	Spec string
	// Fix says what to change in a client that breaks the rule.
	Fix string
}

// earlyTolerance is how much sooner than Retry-After a request may come
// and still honour it: the journal's clock and the client's timer do not
// tick together, and an HTTP-date has whole seconds.
const earlyTolerance = 50_000_000 // 50 ms, in time.Duration units

// shrinkTolerance is how much a retry gap may shrink from the previous one
// (a fifth) and still count as backing off: jitter makes gaps uneven.
const shrinkTolerance = 0.20

// Rules is the rule table, in number order (Rules[n-1] is rule n).
var Rules = []Rule{
	{1, "retry-after-seconds", "Retry-After in seconds is honoured",
		"the next request arrives at least N s - 50 ms after the answer carrying Retry-After: N was sent; later is fine",
		"RFC 9110, 10.2.3",
		"wait at least the Retry-After delay before the next request (parse delay-seconds; take the larger of it and your own backoff)"},
	{2, "retry-after-date", "Retry-After as an HTTP-date is honoured",
		"the next request arrives no earlier than that date - 50 ms",
		"RFC 9110, 10.2.3 and 5.6.7",
		"parse the HTTP-date form of Retry-After too (IMF-fixdate, e.g. Wed, 21 Oct 2026 07:28:00 GMT) and wait until that time"},
	{3, "retry-after-long", "A long Retry-After is waited out or given up on, never cut short",
		"no request within the observation window after Retry-After: 3600",
		"RFC 9110, 10.2.3",
		"when Retry-After is longer than you are willing to wait, give up and report it; never retry sooner than it says"},
	{4, "post-not-retried", "A POST is not retried automatically",
		"a repeated POST carrying the first one's Idempotency-Key and identical content is a WARN, any other repeat a FAIL",
		"RFC 9110, 9.2.2; draft-ietf-httpapi-idempotency-key-header",
		"retry only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE); for a POST, retry only with an Idempotency-Key the server honours"},
	{5, "retries-stop", "Retries stop",
		"against 500 forever: at most the allowed attempts (?attempts=, 10 by default) and none after the observation window",
		`RFC 9110, 9.2.2 ("A client SHOULD NOT automatically retry a failed automatic retry."); the ?attempts= bound is statuskit's, not the RFC's`,
		"cap retries by count and by total time, then report the failure"},
	{6, "backoff", "Retries back off",
		"from the second gap on, each gap between an answer and the next retry is at least 50 ms and shrinks by no more than 20 %; the first gap may be 0",
		"statuskit: no RFC requires backoff; for a 503, RFC 9110, 15.6.4 says the server is temporarily overloaded, which faster retries add to",
		"wait longer before each retry (exponential backoff, with jitter), never shorter"},
	{7, "redirect-method", "Redirects keep or change the method as their code says",
		"303: GET without content; 307 and 308: the same method and identical content; 301 and 302 after POST: GET without content or POST with identical content; content fields left on a switched GET are a WARN",
		"RFC 9110, 15.4",
		"on 303 switch to GET and drop the content and its fields (Content-Type...); on 307 and 308 resend the same method and content"},
	{8, "revalidate", "no-cache responses are revalidated before reuse",
		"the second fetch carries If-None-Match with the ETag; two plain fetches (no cache) are N/A",
		"RFC 9111, 5.2.2.4 and 4.3.1",
		"revalidate a stored response marked no-cache before using it: send If-None-Match with its ETag and use the stored content on 304"},
	{9, "interim-not-final", "Interim responses are not final",
		"after a 103 or a 100 the client reads on to the final response, a redirect to the completion URL, and follows it",
		"RFC 9110, 15.2; RFC 8297",
		"skip 1xx responses (other than 101) and read the final response that follows; never hand a 1xx to the caller as the answer"},
	{10, "bodiless-ends-at-header", "A response that cannot have content ends at its header section",
		"a HEAD answered 307 with a Content-Length and no content is followed at once to the completion URL",
		"RFC 9112, 6.3; RFC 9110, 9.3.2",
		"after a HEAD request (and for 1xx, 204 and 304) stop reading at the end of the header section, whatever Content-Length says"},
	{11, "came-back", "A run that never came back is reported as such",
		"a request after the first answer; otherwise the exam is 'never came back', not a pass",
		"statuskit",
		"follow the answer: retry after Retry-After, follow the redirect, fetch again, as the exam asks"},
}

// rule returns rule n.
func rule(n int) Rule { return Rules[n-1] }
