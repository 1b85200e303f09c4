package grade_test

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/internal/inert"
	"github.com/statuskit/statuskit/reply"
)

// TestCardPageKeepsHostileValuesInert: everything a client or a report
// puts on the card (key, client, exam, target, fields, evidence,
// documentation link) comes out as text or as a harmless link.
func TestCardPageKeepsHostileValuesInert(t *testing.T) {
	t.Parallel()
	for _, v := range inert.HostileValues {
		gap := 12.5
		card := &grade.Card{Key: v, Verdict: grade.Verdict(v), Clients: []string{v}, Requests: 1,
			Exams: []grade.ExamCard{{
				Exam: v, Script: v, State: grade.State(v), Verdict: grade.Verdict(v),
				Requests: []grade.Request{{N: 1, GapMS: &gap, Method: v, Target: v, Fields: map[string]string{v: v}, Status: 503, Answer: map[string]string{"Location": v}}},
				Rules: []grade.Result{{Rule: 1, Title: v, Verdict: grade.Verdict(v), Evidence: []string{v}, Spec: v, Fix: v,
					Documentation: &grade.Documented{Client: v, Says: v, Source: v, Observed: v}}},
			}},
		}
		var b strings.Builder
		if err := card.WriteHTML(&b, v); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, p := range inert.Problems(page, 0) {
			t.Errorf("card with %q everywhere: %s", v, p)
		}
		if !strings.Contains(page, "<p>"+html.EscapeString(v)+"</p>") {
			t.Errorf("card with %q: the exam's script is not shown as escaped text", v)
		}
	}
}

// TestCardPageLinksEachExamForItsKey: the card links every exam with the
// run's key, under the base path, and the documentation it cites.
func TestCardPageLinksEachExamForItsKey(t *testing.T) {
	t.Parallel()
	card := &grade.Card{Key: "ci-42&x", Verdict: grade.Fail, Requests: 1, Exams: []grade.ExamCard{{
		Exam: "retry-after-seconds", Verdict: grade.Fail, State: grade.Complete,
		Rules: []grade.Result{{Rule: 1, Verdict: grade.Fail, Documentation: &grade.Documented{Source: "https://curl.se/docs/manpage.html#--retry"}},
			{Rule: 2, Verdict: grade.Fail, Documentation: &grade.Documented{Source: "javascript:alert(1)"}}},
	}}}
	var b strings.Builder
	if err := card.WriteHTML(&b, "/sk"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<h1>Report card <code>ci-42&amp;x</code>: <span class="fail">FAIL</span></h1>`,
		`<a href="/sk/exam/retry-after-seconds?key=ci-42%26x">retry-after-seconds</a>`,
		`<a href="https://curl.se/docs/manpage.html#--retry">source</a>`,
		`<a href="` + reply.BlockedURL + `">source</a>`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the card does not contain %s:\n%s", want, b.String())
		}
	}
}

// Counts read in the right number ("1 byte", "2 bytes"), and a card
// still under observation says when it settles, not that it settled.
func TestCardTextCountsAndTensesReadRight(t *testing.T) {
	t.Parallel()
	jr := runOf("redirect-307", 3*time.Second,
		req{method: "POST", hash: "sha256:aa", status: 307, answer: map[string]string{"Location": "/exam/redirect-307/target?key=k"}},
		req{at: 100 * ms, step: "target", method: "POST", hash: "sha256:bb", status: 200})
	jr.Entries[0].ContentLength, jr.Entries[1].ContentLength = 1, 2
	card := grade.Grade(jr)
	var b strings.Builder
	card.WriteText(&b)
	text := b.String()
	for _, want := range []string{"[1 byte sha256:aa", "[2 bytes sha256:bb", "request 1 (POST, 1 byte sha256:aa)", "from sha256:aa (1 byte) to sha256:bb (2 bytes)"} {
		if !strings.Contains(text, want) {
			t.Errorf("card text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "1 bytes") {
		t.Errorf("card text says \"1 bytes\":\n%s", text)
	}

	open := grade.Grade(runOf("retry-after-long", 57*time.Second, req{status: 503, answer: ra("3600")}))
	b.Reset()
	open.WriteText(&b)
	if !strings.Contains(b.String(), "still observing: settles in 3.0 s") || strings.Contains(b.String(), "settled in") {
		t.Errorf("a card 3 s from settling:\n%s\nwant \"still observing: settles in 3.0 s\"", b.String())
	}
	b.Reset()
	if err := open.WriteHTML(&b, ""); err != nil || !strings.Contains(b.String(), "Still observing: settles in 3.0 s") {
		t.Errorf("the page of a card 3 s from settling: %v\n%s", err, b.String())
	}
}
