package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/statuskit/statuskit/field"
	"github.com/statuskit/statuskit/precondition"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/store"
)

// Exam is one scripted scenario at /exam/{name}: what it answers to each
// request of a run (a pure function of the run's history), when the run
// is complete, and the rules it grades.
type Exam struct {
	// Name is the path segment: /exam/{Name}.
	Name string
	// Script says what the exam answers, for the docs and the card.
	Script string
	// Send says what the client sends to start the exam.
	Send string
	// Methods are the methods the exam's own URL answers; any other is
	// 405 with Allow (RFC 9110, 15.5.6) and is not recorded. A redirect
	// target and the completion URL answer every method: the method a
	// client follows a redirect with is what rule 7 grades.
	Methods []string
	// Rules are the numbers of the rules graded (Rules[n-1]).
	Rules []int
	// Window is how long after its first answer a run is observed when
	// the client does not complete it; ?window= changes it per run.
	Window time.Duration
	// Steps are the exam's other resources, /exam/{Name}/{step}.
	Steps []string
	// answer decides the response to one request.
	answer func(c *call) answer
	// complete reports whether the run reached the exam's end: no request
	// the grader waits for remains.
	complete func(entries []store.JournalEntry) bool
}

// The steps every exam may use.
const (
	stepStart  = ""
	stepTarget = "target" // where a redirect exam sends the client
	stepDone   = "done"   // the completion URL
	stepStatus = "status" // an async job's monitor
	stepResult = "result" // an async job's result
	stepStyle  = "style.css"
)

// Windows: how long a run is observed by default. Long enough for the
// retrying clients statuskit has met (curl's 1, 2, 4 s; go-retryablehttp's
// 1, 2, 4, 8 s) to finish.
const (
	shortWindow = 30 * time.Second
	longWindow  = 60 * time.Second
)

// The scripted delays.
const (
	retryAfterSeconds = 2    // retry-after-seconds, ratelimit
	retryAfterDateIn  = 2    // retry-after-date: seconds ahead
	retryAfterLong    = 3600 // retry-after-long
	postRetryAfter    = 1    // post-503
	jobRetryAfter     = 1    // async-job polls
	jobDuration       = 2 * time.Second
	defaultAttempts   = 10 // gives-up
)

// The methods of an exam's own URL: GET brings HEAD (RFC 9110, 9.3.2).
var (
	getHead = []string{http.MethodGet, http.MethodHead}
	post    = []string{http.MethodPost}
)

// Exams is the exam table, in the order of the docs.
var Exams = []*Exam{
	{Name: "retry-after-seconds", Script: "503 with Retry-After: 2, twice, then 200", Send: "GET", Methods: getHead,
		Rules: []int{1, 11}, Window: shortWindow,
		answer: func(c *call) answer {
			if c.attempt() < 2 {
				return unavailable(strconv.Itoa(retryAfterSeconds), "come back in 2 s (Retry-After: 2)")
			}
			return okay("the retries honoured Retry-After; exam complete")
		},
		complete: answered2xx},
	{Name: "retry-after-date", Script: "503 with Retry-After as an HTTP-date 2 s ahead, then 200", Send: "GET", Methods: getHead,
		Rules: []int{2, 11}, Window: shortWindow,
		answer: func(c *call) answer {
			if c.attempt() < 1 {
				at := field.RetryAfterAt(c.arrived.Add(retryAfterDateIn * time.Second)).String()
				return unavailable(at, "come back at "+at)
			}
			return okay("exam complete")
		},
		complete: answered2xx},
	{Name: "retry-after-long", Script: "503 with Retry-After: 3600, to every request sooner than that", Send: "GET", Methods: getHead,
		Rules: []int{3}, Window: longWindow,
		answer: func(c *call) answer {
			if first, ok := c.firstAnswer(); ok && c.arrived.Sub(first) >= retryAfterLong*time.Second {
				return okay("an hour has passed; exam complete")
			}
			return unavailable(strconv.Itoa(retryAfterLong), "come back in an hour, or give up")
		},
		complete: never},
	{Name: "ratelimit", Script: "429 with Retry-After: 2 and RateLimit fields, then 200", Send: "GET", Methods: getHead,
		Rules: []int{1, 11}, Window: shortWindow,
		answer: func(c *call) answer {
			policy, _ := field.FormatRateLimitPolicy([]field.RateLimitPolicy{{Name: "exam", Quota: 1, Window: retryAfterSeconds}})
			state, _ := field.FormatRateLimit([]field.RateLimit{{Name: "exam", Remaining: 0, Reset: retryAfterSeconds, HasReset: true}})
			fields := []reply.Field{{Name: "Ratelimit-Policy", Value: policy}, {Name: "Ratelimit", Value: state}}
			if c.attempt() < 1 {
				return answer{status: http.StatusTooManyRequests, retryAfter: strconv.Itoa(retryAfterSeconds), fields: fields,
					message: "quota of 1 request per 2 s used up; come back in 2 s (Retry-After: 2)"}
			}
			a := okay("exam complete")
			a.fields = fields
			return a
		},
		complete: answered2xx},
	{Name: "no-retry-after", Script: "503 without Retry-After, three times, then 200", Send: "GET", Methods: getHead,
		Rules: []int{6, 11}, Window: longWindow,
		answer: func(c *call) answer {
			if c.attempt() < 3 {
				a := unavailable("", "no Retry-After: back off on your own")
				a.noRetryAfter = true
				return a
			}
			return okay("exam complete")
		},
		complete: answered2xx},
	{Name: "gives-up", Script: "500 to every request", Send: "GET", Methods: getHead,
		Rules: []int{5, 6}, Window: longWindow,
		answer: func(c *call) answer {
			return answer{status: http.StatusInternalServerError, message: "500 forever: stop retrying at some point"}
		},
		complete: never},
	{Name: "post-503", Script: "a POST answered 503 with Retry-After: 1, then 201", Send: "POST with content", Methods: post,
		Rules: []int{4, 1}, Window: shortWindow,
		answer: func(c *call) answer {
			if c.attempt() < 1 {
				return unavailable(strconv.Itoa(postRetryAfter), "not now; a client must not repeat this POST on its own")
			}
			return answer{status: http.StatusCreated, location: c.link(stepDone), message: "created by a repeated POST"}
		},
		complete: answered2xx},
	redirectExam(http.StatusSeeOther),
	redirectExam(http.StatusTemporaryRedirect),
	redirectExam(http.StatusPermanentRedirect),
	redirectExam(http.StatusMovedPermanently),
	redirectExam(http.StatusFound),
	{Name: "revalidate", Script: "200 with an ETag and Cache-Control: no-cache; 304 to If-None-Match with that ETag", Send: "GET, twice", Methods: getHead,
		Rules: []int{8}, Window: shortWindow,
		answer: func(c *call) answer {
			tag := revalidateTag(c.key)
			fields := []reply.Field{{Name: "Etag", Value: tag.String()}, {Name: "Cache-Control", Value: "no-cache"}}
			res, err := precondition.Evaluate(c.r.Method, c.r.Header, precondition.Validators{ETag: tag, HasETag: true, Exists: true})
			if err != nil {
				return answer{err: reply.BadRequest(err)}
			}
			if res.Status == http.StatusNotModified {
				return answer{status: http.StatusNotModified, fields: fields}
			}
			return answer{status: http.StatusOK, fields: fields,
				content: []byte("statuskit revalidate exam: store me, and revalidate before reusing me\n"), contentType: "text/plain; charset=utf-8"}
		},
		complete: func(es []store.JournalEntry) bool { return count(es, stepStart) >= 2 }},
	{Name: "async-job", Script: "202 with Location and Retry-After: 1; the monitor answers 200 with Retry-After: 1 until the job is done (2 s), then 303 to the result",
		Send: "POST, then GET the Location until redirected", Methods: post, Steps: []string{stepStatus, stepResult},
		Rules: []int{1, 7, 11}, Window: shortWindow,
		answer:   asyncJob,
		complete: func(es []store.JournalEntry) bool { return count(es, stepResult) > 0 }},
	{Name: "early-hints", Script: "103 Early Hints with a Link, then 303 to the completion URL", Send: "GET", Methods: getHead,
		Steps: []string{stepStyle}, Rules: []int{9}, Window: shortWindow,
		answer: func(c *call) answer {
			if c.step == stepStyle {
				return answer{status: http.StatusOK, content: []byte("/* statuskit early-hints exam */\n"), contentType: "text/css"}
			}
			return answer{status: http.StatusSeeOther, location: c.link(stepDone),
				interim: []interim{{http.StatusEarlyHints, http.Header{"Link": {"<" + c.link(stepStyle) + ">; rel=preload; as=style"}}}},
				message: "the 103 was only a hint: follow this redirect to finish the exam"}
		},
		complete: reached(stepDone)},
	{Name: "continue", Script: "a POST answered 100 Continue, then 303 to the completion URL", Send: "POST with content", Methods: post,
		Rules: []int{9, 7}, Window: shortWindow,
		answer: func(c *call) answer {
			// The 100 went out before the content was read (Grader.Exam).
			return answer{status: http.StatusSeeOther, location: c.link(stepDone),
				message: "content received after 100 Continue; follow this redirect to finish the exam"}
		},
		complete: reached(stepDone)},
	{Name: "head-bodiless", Script: "a HEAD answered 307 with a Content-Length and, correctly, no content, to the completion URL", Send: "HEAD", Methods: []string{http.MethodHead},
		Rules: []int{10, 7}, Window: shortWindow,
		answer: func(c *call) answer {
			return answer{status: http.StatusTemporaryRedirect, location: c.link(stepDone),
				message: "this content is not sent to a HEAD; its Content-Length is"}
		},
		complete: reached(stepDone)},
}

// redirectExam is redirect-303, -307 and -308, and redirect-301-post and
// redirect-302-post: a POST with content redirected to a target that
// records what arrived.
func redirectExam(code int) *Exam {
	name := "redirect-" + strconv.Itoa(code)
	if code == http.StatusMovedPermanently || code == http.StatusFound {
		name += "-post"
	}
	return &Exam{Name: name, Script: strconv.Itoa(code) + " to a target that records what arrived",
		Send: "POST with content", Methods: post, Steps: []string{stepTarget}, Rules: []int{7, 11}, Window: shortWindow,
		answer: func(c *call) answer {
			if c.step == stepTarget {
				return okay("redirect target: what arrived is in the journal; exam complete")
			}
			return answer{status: code, location: c.link(stepTarget), message: "follow this redirect"}
		},
		complete: reached(stepTarget)}
}

// asyncJob is the async-job exam: the job starts with the run's first
// request and is done jobDuration later.
func asyncJob(c *call) answer {
	started, ok := c.firstArrival(stepStart)
	switch c.step {
	case stepStart:
		return answer{status: http.StatusAccepted, location: c.link(stepStatus), retryAfter: strconv.Itoa(jobRetryAfter),
			content: jobJSON("running", c.link(stepStatus)), contentType: "application/json"}
	case stepStatus:
		if !ok {
			return answer{err: reply.Errorf(http.StatusNotFound, "no job under this key: start one with POST %s", c.link(stepStart))}
		}
		if c.arrived.Sub(started) < jobDuration {
			return answer{status: http.StatusOK, retryAfter: strconv.Itoa(jobRetryAfter),
				content: jobJSON("running", c.link(stepStatus)), contentType: "application/json"}
		}
		return answer{status: http.StatusSeeOther, location: c.link(stepResult), message: "the job is done: its result is at Location"}
	}
	return answer{status: http.StatusOK, content: jobJSON("done", c.link(stepResult)), contentType: "application/json"}
}

func jobJSON(state, self string) []byte {
	return []byte(`{"status":` + strconv.Quote(state) + `,"monitor":` + strconv.Quote(self) + "}\n")
}

// revalidateTag is the revalidate exam's strong ETag, one per key so that
// runs never share a cached copy.
func revalidateTag(key string) field.ETag {
	sum := sha256.Sum256([]byte("revalidate\x00" + key))
	return field.ETag{Opaque: "r-" + hex.EncodeToString(sum[:6])}
}

func unavailable(retryAfter, message string) answer {
	return answer{status: http.StatusServiceUnavailable, retryAfter: retryAfter, message: message}
}

func okay(message string) answer {
	return answer{status: http.StatusOK, message: message}
}

// Completion tests.

func never([]store.JournalEntry) bool { return false }

func answered2xx(es []store.JournalEntry) bool {
	return slices.ContainsFunc(es, func(e store.JournalEntry) bool { return e.Answer.Status >= 200 && e.Answer.Status < 300 })
}

func reached(step string) func([]store.JournalEntry) bool {
	return func(es []store.JournalEntry) bool { return count(es, step) > 0 }
}

func count(es []store.JournalEntry, step string) int {
	n := 0
	for _, e := range es {
		if e.Step == step {
			n++
		}
	}
	return n
}

// exam returns the exam named name, nil if there is none.
func exam(name string) *Exam {
	for _, e := range Exams {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// methods are the methods the exam's resource step answers, nil for every
// method: a redirect target, the async job's result and the completion
// URL record whatever arrives, since the method a client follows a
// redirect with is what rule 7 grades.
func (e *Exam) methods(step string) []string {
	switch step {
	case stepStart:
		return e.Methods
	case stepStatus, stepStyle:
		return getHead
	}
	return nil
}

// hasStep reports whether step is a resource of the exam.
func (e *Exam) hasStep(step string) bool {
	return step == stepStart || step == stepDone || slices.Contains(e.Steps, step)
}
