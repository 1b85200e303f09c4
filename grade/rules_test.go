package grade_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/store"
)

// t0 is when the synthetic runs begin.
var t0 = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// req is one synthetic request: it arrives at (after t0), and its answer
// is sent 1 ms later.
type req struct {
	at      time.Duration
	step    string
	method  string
	hash    string // content hash; "" for none
	fields  map[string]string
	status  int
	answer  map[string]string
	interim []int
}

// runOf is a journal run of one exam; now is how long after t0 it is read.
func runOf(exam string, now time.Duration, reqs ...req) store.JournalRun {
	jr := store.JournalRun{Key: "k", Now: t0.Add(now)}
	for _, r := range reqs {
		if r.method == "" {
			r.method = "GET"
		}
		e := store.JournalEntry{Exam: exam, Step: r.step, Method: r.method, Target: "/exam/" + exam + "?key=k", Proto: "HTTP/1.1",
			ContentHash: r.hash, Fields: r.fields, Arrived: t0.Add(r.at),
			Answer: store.JournalAnswer{Sent: t0.Add(r.at + time.Millisecond), Status: r.status, Fields: r.answer, Interim: r.interim}}
		if r.hash != "" {
			e.ContentLength = 20
		}
		jr.Entries = append(jr.Entries, e)
	}
	return jr
}

// verdict grades jr and returns the verdict of rule n of its one exam.
func verdict(t *testing.T, jr store.JournalRun, n int) (grade.Verdict, grade.ExamCard) {
	t.Helper()
	card := grade.Grade(jr)
	if len(card.Exams) != 1 {
		t.Fatalf("the card has %d exams, want 1", len(card.Exams))
	}
	for _, r := range card.Exams[0].Rules {
		if r.Rule == n {
			if len(r.Evidence) == 0 {
				t.Errorf("rule %d is %s without evidence", n, r.Verdict)
			}
			return r.Verdict, card.Exams[0]
		}
	}
	t.Fatalf("exam %s does not grade rule %d", card.Exams[0].Exam, n)
	return "", grade.ExamCard{}
}

func ra(v string) map[string]string { return map[string]string{"Retry-After": v} }

const ms = time.Millisecond

type ruleCase struct {
	name string
	run  store.JournalRun
	rule int
	want grade.Verdict
}

func checkRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ec := verdict(t, tc.run, tc.rule)
			if got != tc.want {
				var b strings.Builder
				c := grade.Card{Exams: []grade.ExamCard{ec}}
				c.WriteText(&b)
				t.Errorf("rule %d (%s) is %s; want %s\n%s", tc.rule, grade.Rules[tc.rule-1].Spec, got, tc.want, b.String())
			}
		})
	}
}

// Rule 1: the next request comes no sooner than N s - 50 ms after the
// answer with Retry-After: N was sent (RFC 9110, 10.2.3).
func TestRetryAfterSecondsHonouredWithin50ms(t *testing.T) {
	t.Parallel()
	sent := time.Millisecond // the first answer is sent 1 ms after t0
	checkRules(t, []ruleCase{
		{"exactly N s - 50 ms is honoured", runOf("retry-after-seconds", 10*time.Second,
			req{status: 503, answer: ra("2")}, req{at: sent + 2*time.Second - 50*ms, status: 200}), 1, grade.Pass},
		{"51 ms early is too early", runOf("retry-after-seconds", 10*time.Second,
			req{status: 503, answer: ra("2")}, req{at: sent + 2*time.Second - 51*ms, status: 200}), 1, grade.Fail},
		{"late is fine", runOf("retry-after-seconds", 10*time.Second,
			req{status: 503, answer: ra("2")}, req{at: 9 * time.Second, status: 200}), 1, grade.Pass},
		{"one early retry among good ones fails", runOf("retry-after-seconds", 10*time.Second,
			req{status: 503, answer: ra("2")}, req{at: 3 * time.Second, status: 503, answer: ra("2")}, req{at: 3500 * ms, status: 200}), 1, grade.Fail},
		{"no retry yet within the window is pending", runOf("retry-after-seconds", time.Second,
			req{status: 503, answer: ra("2")}), 1, grade.Pending},
		{"no retry in the window is N/A, not a pass", runOf("retry-after-seconds", time.Minute,
			req{status: 503, answer: ra("2")}), 1, grade.NA},
	})
}

// Rule 2: the next request comes no sooner than the HTTP-date - 50 ms.
func TestRetryAfterDateHonouredWithin50ms(t *testing.T) {
	t.Parallel()
	date := "Mon, 30 Nov 2026 12:00:03 GMT" // t0 + 3 s
	checkRules(t, []ruleCase{
		{"at the date - 50 ms", runOf("retry-after-date", 10*time.Second,
			req{status: 503, answer: ra(date)}, req{at: 3*time.Second - 50*ms, status: 200}), 2, grade.Pass},
		{"60 ms before the date", runOf("retry-after-date", 10*time.Second,
			req{status: 503, answer: ra(date)}, req{at: 3*time.Second - 60*ms, status: 200}), 2, grade.Fail},
		{"a client that waited 2 s from the answer, not until the date", runOf("retry-after-date", 10*time.Second,
			req{status: 503, answer: ra(date)}, req{at: 2 * time.Second, status: 200}), 2, grade.Fail},
	})
}

// Rule 3: no request within the window after Retry-After: 3600.
func TestLongRetryAfterIsNeverCutShort(t *testing.T) {
	t.Parallel()
	checkRules(t, []ruleCase{
		{"no request in the window", runOf("retry-after-long", 61*time.Second,
			req{status: 503, answer: ra("3600")}), 3, grade.Pass},
		{"window still open", runOf("retry-after-long", 10*time.Second,
			req{status: 503, answer: ra("3600")}), 3, grade.Pending},
		{"a retry after 10 s", runOf("retry-after-long", 61*time.Second,
			req{status: 503, answer: ra("3600")}, req{at: 10 * time.Second, status: 503, answer: ra("3600")}), 3, grade.Fail},
		{"a retry after the hour", runOf("retry-after-long", 2*time.Hour,
			req{status: 503, answer: ra("3600")}, req{at: time.Hour + time.Second, status: 200}), 3, grade.Pass},
	})
}

// Rule 4: a POST is not repeated automatically (RFC 9110, 9.2.2).
func TestPostIsNotRetried(t *testing.T) {
	t.Parallel()
	key := map[string]string{"Idempotency-Key": "abc"}
	post := func(at time.Duration, hash string, fields map[string]string, status int) req {
		return req{at: at, method: "POST", hash: hash, fields: fields, status: status, answer: ra("1")}
	}
	checkRules(t, []ruleCase{
		{"not repeated", runOf("post-503", time.Minute, post(0, "sha256:1", nil, 503)), 4, grade.Pass},
		{"not repeated yet", runOf("post-503", time.Second, post(0, "sha256:1", nil, 503)), 4, grade.Pending},
		{"repeated without Idempotency-Key", runOf("post-503", time.Minute,
			post(0, "sha256:1", nil, 503), post(time.Second, "sha256:1", nil, 201)), 4, grade.Fail},
		{"repeated with the same key and content", runOf("post-503", time.Minute,
			post(0, "sha256:1", key, 503), post(time.Second, "sha256:1", key, 201)), 4, grade.Warn},
		{"same key, other content", runOf("post-503", time.Minute,
			post(0, "sha256:1", key, 503), post(time.Second, "sha256:2", key, 201)), 4, grade.Fail},
		{"a GET is not the exam", runOf("post-503", time.Minute, req{status: 503, answer: ra("1")}), 4, grade.NA},
	})
}

// Rule 5: against 500 forever, at most ?attempts= requests and none after
// the window.
func TestRetriesStop(t *testing.T) {
	t.Parallel()
	fails := func(n int, every time.Duration) []req {
		var rs []req
		for i := range n {
			rs = append(rs, req{at: time.Duration(i) * every, status: 500})
		}
		return rs
	}
	checkRules(t, []ruleCase{
		{"four attempts, then quiet", runOf("gives-up", 2*time.Minute, fails(4, time.Second)...), 5, grade.Pass},
		{"eleven attempts", runOf("gives-up", 2*time.Minute, fails(11, time.Second)...), 5, grade.Fail},
		{"still retrying after the window", runOf("gives-up", 2*time.Minute, fails(3, 40*time.Second)...), 5, grade.Fail},
		{"one attempt only", runOf("gives-up", 2*time.Minute, fails(1, 0)...), 5, grade.NA},
		{"window open", runOf("gives-up", 10*time.Second, fails(3, time.Second)...), 5, grade.Pending},
	})
}

// Rule 6: gaps do not shrink by more than 20 %; the first may be 0.
func TestRetriesBackOff(t *testing.T) {
	t.Parallel()
	// gaps builds 500s whose answers are followed after each gap.
	gaps := func(gs ...time.Duration) []req {
		rs := []req{{status: 500}}
		at := time.Duration(0)
		for _, g := range gs {
			at += time.Millisecond + g // the answer is sent 1 ms after arrival
			rs = append(rs, req{at: at, status: 500})
		}
		return rs
	}
	s := time.Second
	checkRules(t, []ruleCase{
		{"0, 1, 2 s", runOf("gives-up", 5*time.Minute, gaps(0, s, 2*s)...), 6, grade.Pass},
		{"1, 0.8 s shrinks by 20 %", runOf("gives-up", 5*time.Minute, gaps(s, 800*ms)...), 6, grade.Pass},
		{"1, 0.79 s shrinks by 21 %", runOf("gives-up", 5*time.Minute, gaps(s, 790*ms)...), 6, grade.Fail},
		{"the second retry at once", runOf("gives-up", 5*time.Minute, gaps(0, 10*ms)...), 6, grade.Fail},
		{"one retry", runOf("gives-up", 5*time.Minute, gaps(s)...), 6, grade.NA},
	})
}

// Rule 7: 303 is GET without content; 307 and 308 keep method and content;
// 301 and 302 after POST either (RFC 9110, 15.4).
func TestRedirectsFollowTheirCode(t *testing.T) {
	t.Parallel()
	ct := map[string]string{"Content-Type": "application/json"}
	redirect := func(exam string, code int, to req) store.JournalRun {
		to.step = "target"
		to.status = 200
		return runOf(exam, time.Minute,
			req{method: "POST", hash: "sha256:1", fields: ct, status: code, answer: map[string]string{"Location": "/exam/" + exam + "/target?key=k"}},
			to)
	}
	checkRules(t, []ruleCase{
		{"303 to GET", redirect("redirect-303", 303, req{at: ms, method: "GET"}), 7, grade.Pass},
		{"303 to GET keeping Content-Type", redirect("redirect-303", 303, req{at: ms, method: "GET", fields: ct}), 7, grade.Warn},
		{"303 to GET with content", redirect("redirect-303", 303, req{at: ms, method: "GET", hash: "sha256:1"}), 7, grade.Fail},
		{"303 keeping POST", redirect("redirect-303", 303, req{at: ms, method: "POST", hash: "sha256:1", fields: ct}), 7, grade.Fail},
		{"307 keeping POST and content", redirect("redirect-307", 307, req{at: ms, method: "POST", hash: "sha256:1", fields: ct}), 7, grade.Pass},
		{"307 to GET", redirect("redirect-307", 307, req{at: ms, method: "GET"}), 7, grade.Fail},
		{"308 losing the content", redirect("redirect-308", 308, req{at: ms, method: "POST", fields: ct}), 7, grade.Fail},
		{"308 with other content", redirect("redirect-308", 308, req{at: ms, method: "POST", hash: "sha256:2", fields: ct}), 7, grade.Fail},
		{"301 to GET", redirect("redirect-301-post", 301, req{at: ms, method: "GET"}), 7, grade.Pass},
		{"301 keeping POST", redirect("redirect-301-post", 301, req{at: ms, method: "POST", hash: "sha256:1", fields: ct}), 7, grade.Pass},
		{"302 to GET keeping Content-Type", redirect("redirect-302-post", 302, req{at: ms, method: "GET", fields: ct}), 7, grade.Warn},
		{"302 to GET with content", redirect("redirect-302-post", 302, req{at: ms, method: "GET", hash: "sha256:1"}), 7, grade.Fail},
		{"302 to PUT", redirect("redirect-302-post", 302, req{at: ms, method: "PUT", hash: "sha256:1"}), 7, grade.Fail},
		{"never followed", runOf("redirect-307", time.Minute,
			req{method: "POST", hash: "sha256:1", status: 307, answer: map[string]string{"Location": "/exam/redirect-307/target?key=k"}}), 7, grade.NA},
		{"not followed yet", runOf("redirect-307", time.Second,
			req{method: "POST", hash: "sha256:1", status: 307, answer: map[string]string{"Location": "/exam/redirect-307/target?key=k"}}), 7, grade.Pending},
	})
}

// Rule 8: a no-cache response is revalidated with its ETag; no cache is
// N/A, not FAIL.
func TestNoCacheIsRevalidated(t *testing.T) {
	t.Parallel()
	tag := map[string]string{"Etag": `"r-1"`, "Cache-Control": "no-cache"}
	fetch := func(at time.Duration, fields map[string]string, status int) req {
		return req{at: at, fields: fields, status: status, answer: tag}
	}
	checkRules(t, []ruleCase{
		{"If-None-Match with the ETag", runOf("revalidate", time.Minute,
			fetch(0, nil, 200), fetch(time.Second, map[string]string{"If-None-Match": `"r-1"`}, 304)), 8, grade.Pass},
		{"the weak form matches too", runOf("revalidate", time.Minute,
			fetch(0, nil, 200), fetch(time.Second, map[string]string{"If-None-Match": `W/"r-1"`}, 304)), 8, grade.Pass},
		{"two plain fetches", runOf("revalidate", time.Minute, fetch(0, nil, 200), fetch(time.Second, nil, 200)), 8, grade.NA},
		{"another tag", runOf("revalidate", time.Minute,
			fetch(0, nil, 200), fetch(time.Second, map[string]string{"If-None-Match": `"other"`}, 200)), 8, grade.Fail},
		{"If-Modified-Since without Last-Modified", runOf("revalidate", time.Minute,
			fetch(0, nil, 200), fetch(time.Second, map[string]string{"If-Modified-Since": "Mon, 30 Nov 2026 12:00:00 GMT"}, 200)), 8, grade.Fail},
		{"one fetch", runOf("revalidate", time.Minute, fetch(0, nil, 200)), 8, grade.NA},
	})
}

// Rules 9 and 10: the completion URL is reached after the interim
// response, and after the bodiless 307 to a HEAD.
func TestInterimAndBodilessResponsesEndWhereTheyShould(t *testing.T) {
	t.Parallel()
	loc := func(exam string) map[string]string {
		return map[string]string{"Location": "/exam/" + exam + "/done?key=k"}
	}
	http10 := runOf("early-hints", time.Minute, req{status: 303, answer: loc("early-hints")})
	http10.Entries[0].Proto = "HTTP/1.0"
	checkRules(t, []ruleCase{
		{"103 then the completion URL", runOf("early-hints", time.Minute,
			req{status: 303, interim: []int{103}, answer: loc("early-hints")}, req{at: ms, step: "done", status: 200}), 9, grade.Pass},
		{"103 taken as final", runOf("early-hints", time.Minute,
			req{status: 303, interim: []int{103}, answer: loc("early-hints")}), 9, grade.Fail},
		{"HTTP/1.0 gets no 1xx", http10, 9, grade.NA},
		{"failed on the 100", runOf("continue", time.Minute,
			req{method: "POST", hash: "sha256:1", status: 303, interim: []int{100}, answer: loc("continue")}), 9, grade.Fail},
		{"HEAD followed", runOf("head-bodiless", time.Minute,
			req{method: "HEAD", status: 307, answer: loc("head-bodiless")}, req{at: ms, step: "done", method: "HEAD", status: 200}), 10, grade.Pass},
		{"waiting for content after HEAD", runOf("head-bodiless", time.Minute,
			req{method: "HEAD", status: 307, answer: loc("head-bodiless")}), 10, grade.Fail},
		{"a GET is not the exam", runOf("head-bodiless", time.Minute,
			req{status: 307, answer: loc("head-bodiless")}), 10, grade.NA},
		{"HEAD followed with GET", runOf("head-bodiless", time.Minute,
			req{method: "HEAD", status: 307, answer: loc("head-bodiless")}, req{at: ms, step: "done", status: 200}), 7, grade.Fail},
	})
}

// Rule 11: a run that never came back is reported as such, not passed.
func TestARunThatNeverCameBackIsNotAPass(t *testing.T) {
	t.Parallel()
	card := grade.Grade(runOf("retry-after-seconds", time.Minute, req{status: 503, answer: ra("2")}))
	ec := card.Exams[0]
	if ec.State != grade.NeverCameBack || ec.Verdict == grade.Pass || card.Verdict == grade.Pass {
		t.Errorf("one request and nothing after the window: state %q, exam %s, card %s; want never came back and no PASS", ec.State, ec.Verdict, card.Verdict)
	}
	for _, r := range ec.Rules {
		if r.Rule == 11 && (r.Verdict != grade.NA || r.Fix == "") {
			t.Errorf("rule 11 is %s with fix %q; want N/A with what to change", r.Verdict, r.Fix)
		}
	}
	back := grade.Grade(runOf("retry-after-seconds", time.Minute, req{status: 503, answer: ra("2")}, req{at: 3 * time.Second, status: 503, answer: ra("2")}))
	if v, _ := verdict(t, runOf("retry-after-seconds", time.Minute, req{status: 503, answer: ra("2")}, req{at: 3 * time.Second, status: 503, answer: ra("2")}), 11); v != grade.Pass || back.Exams[0].State != grade.Settled {
		t.Errorf("came back once: rule 11 %s, state %s; want PASS, settled", v, back.Exams[0].State)
	}
}

// The card is pending while a window is open, and says when it settles.
func TestCardIsPendingUntilItsWindowsClose(t *testing.T) {
	t.Parallel()
	open := grade.Grade(runOf("retry-after-long", 10*time.Second, req{status: 503, answer: ra("3600")}))
	if !open.Pending || open.Verdict != grade.Pending || open.SettlesInMS < 49_000 || open.SettlesInMS > 51_000 {
		t.Errorf("10 s into a 60 s window: pending %v, verdict %s, settles in %d ms; want pending, about 50,000 ms", open.Pending, open.Verdict, open.SettlesInMS)
	}
	run := runOf("retry-after-long", 3*time.Second, req{status: 503, answer: ra("3600")})
	run.Entries[0].Target += "&window=2s" // the run's own ?window=
	if c := grade.Grade(run); c.Pending || c.Verdict != grade.Pass {
		t.Errorf("3 s into a ?window=2s run: pending %v, verdict %s; want settled, PASS", c.Pending, c.Verdict)
	}
}

// A client's documentation difference is reported only for that client.
func TestDocumentationDifferencesNameTheirClient(t *testing.T) {
	t.Parallel()
	fetch := runOf("continue", time.Minute, req{method: "POST", hash: "sha256:1", fields: map[string]string{"User-Agent": "node"},
		status: 303, interim: []int{100}, answer: map[string]string{"Location": "/exam/continue/done?key=k"}})
	card := grade.Grade(fetch)
	if d := card.Exams[0].Rules[0].Documentation; d == nil || d.Client != "node" || !strings.Contains(d.Source, "nodejs.org") {
		t.Errorf("Node's fetch failing on 100: documentation %+v; want Node's promise of a browser-compatible fetch", d)
	}
	fetch.Entries[0].Fields["User-Agent"] = "curl/7.88.1 (nodejs-like) node-fetch/1.0"
	if d := grade.Grade(fetch).Exams[0].Rules[0].Documentation; d != nil {
		t.Errorf("another client that names node only in a comment or a longer token got %+v", d)
	}
}

// A journal that drops a run's requests once it is full must never turn
// a FAIL into a PASS: rule 5 counts the unrecorded requests against the
// limit (the journal cannot say which exam they were for), rules that
// pass on a request that never came cannot pass on requests not seen,
// and the card says how many were not recorded.
func TestAFullJournalNeverTurnsAFailIntoAPass(t *testing.T) {
	t.Parallel()
	fails := func(n int, target string) store.JournalRun {
		var rs []req
		for i := range n {
			rs = append(rs, req{at: time.Duration(i) * 100 * ms, status: 500})
		}
		jr := runOf("gives-up", 2*time.Minute, rs...)
		jr.Entries[0].Target += target
		return jr
	}
	dropped := func(jr store.JournalRun, n int) store.JournalRun { jr.Dropped = n; return jr }
	checkRules(t, []ruleCase{
		{"200 recorded and 400 dropped against ?attempts=500", dropped(fails(200, "&attempts=500"), 400), 5, grade.Fail},
		{"3 recorded and 20 dropped against the default 10", dropped(fails(3, ""), 20), 5, grade.Fail},
		{"3 recorded and 2 dropped: within 10, times unknown", dropped(fails(3, ""), 2), 5, grade.Warn},
		{"the same run recording all", fails(5, ""), 5, grade.Pass},
		{"a POST not repeated, as far as was recorded", dropped(runOf("post-503", time.Minute,
			req{method: "POST", hash: "sha256:1", status: 503, answer: ra("1")}), 3), 4, grade.Warn},
		{"no early retry, as far as was recorded", dropped(runOf("retry-after-long", 2*time.Minute,
			req{status: 503, answer: ra("3600")}), 3), 3, grade.Warn},
	})
	card := grade.Grade(dropped(fails(3, ""), 20))
	var b strings.Builder
	card.WriteText(&b)
	if card.Dropped != 20 || !strings.Contains(b.String(), "20 more not recorded: the run's journal was full") {
		t.Errorf("card of a run with 20 requests dropped: Dropped %d, text:\n%s\nwant it to say 20 were not recorded", card.Dropped, b.String())
	}
	for _, res := range card.Exams[0].Rules {
		if !strings.Contains(strings.Join(res.Evidence, "\n"), "not recorded") || res.Verdict != grade.Fail && !strings.Contains(res.Fix, "own key") {
			t.Errorf("rule %d of a run with dropped requests: evidence %q, fix %q; want both to say what the journal left out", res.Rule, res.Evidence, res.Fix)
		}
	}
}

// rfcSentences are sentences of the specifications, verbatim, by the
// section they are in: the only text a rule may put in double quotes.
var rfcSentences = map[string][]string{
	"RFC 9110, 9.2.2": {"A client SHOULD NOT automatically retry a failed automatic retry."},
}

// A rule cites what the specification says: a quote is the cited
// section's own words, and a rule graded against 500 forever does not cite
// the 503 section as if it applied to it.
func TestRuleCitationsQuoteTheirSectionVerbatim(t *testing.T) {
	t.Parallel()
	quoted := 0
	for _, r := range grade.Rules {
		for _, text := range []string{r.Spec, r.Tolerance, r.Fix, r.Title} {
			parts := strings.Split(text, `"`)
			for i := 1; i < len(parts); i += 2 {
				quoted++
				section := parts[i-1]
				found := false
				for sec, sentences := range rfcSentences {
					if strings.Contains(section, sec) && slices.Contains(sentences, parts[i]) {
						found = true
					}
				}
				if !found {
					t.Errorf("rule %d quotes %q after %q: not a sentence of the section it cites; quote exactly or paraphrase without quotes", r.Number, parts[i], section)
				}
			}
		}
	}
	if quoted == 0 {
		t.Error("no rule quotes its section; rule 5 quotes RFC 9110, 9.2.2")
	}
	for _, ex := range grade.Exams {
		if ex.Name != "gives-up" {
			continue
		}
		for _, n := range ex.Rules {
			if spec := grade.Rules[n-1].Spec; strings.HasPrefix(spec, "RFC 9110, 15.6.4") {
				t.Errorf("rule %d, graded against 500 forever, cites the 503 section as its basis: %q", n, spec)
			}
		}
	}
}
