package grade_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/server"
)

// Each exam's resources answer only the methods the exam is about: any
// other is 405 with an Allow that lists them (RFC 9110, 15.5.6), OPTIONS
// is 204 with the same Allow, and neither is recorded in the run. A GET
// after post-503 must not be answered 201 as if it were the POST's retry.
func TestExamResourcesAnswer405WithAllowToOtherMethods(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	type resource struct{ path, allow string }
	var resources []resource
	for _, ex := range grade.Exams {
		allow := strings.Join(append(slices.Clone(ex.Methods), "OPTIONS"), ", ")
		resources = append(resources, resource{"/exam/" + ex.Name, allow})
		for _, step := range ex.Steps {
			if step == "status" || step == "style.css" {
				resources = append(resources, resource{"/exam/" + ex.Name + "/" + step, "GET, HEAD, OPTIONS"})
			}
		}
	}
	if len(resources) != len(grade.Exams)+2 {
		t.Fatalf("%d resources with a method list; want one per exam plus async-job/status and early-hints/style.css", len(resources))
	}
	for _, rs := range resources {
		key := "methods-" + strings.ReplaceAll(strings.TrimPrefix(rs.path, "/exam/"), "/", "-")
		target := ts.URL + rs.path + "?key=" + key
		for _, method := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE"} {
			if strings.Contains(rs.allow, method) {
				continue
			}
			res, body := send(t, method, target, "", http.Header{"Accept": {"text/plain"}})
			if res.StatusCode != 405 || res.Header.Get("Allow") != rs.allow {
				t.Errorf("%s %s: %d, Allow %q; want 405 with Allow: %s (RFC 9110, 15.5.6)", method, rs.path, res.StatusCode, res.Header.Get("Allow"), rs.allow)
			}
			if method != "HEAD" && !strings.Contains(body, "not "+method) {
				t.Errorf("%s %s: %q; want a message naming the refused method", method, rs.path, body)
			}
		}
		res, body := send(t, "OPTIONS", target, "", nil)
		if res.StatusCode != 204 || res.Header.Get("Allow") != rs.allow || body != "" {
			t.Errorf("OPTIONS %s: %d, Allow %q, content %q; want 204 with Allow: %s and no content (RFC 9110, 9.3.7)",
				rs.path, res.StatusCode, res.Header.Get("Allow"), body, rs.allow)
		}
		if res, body := send(t, "GET", ts.URL+"/grade/"+key, "", nil); res.StatusCode != 404 {
			t.Errorf("after only refused methods on %s, /grade/%s: %d %.200s; want 404 (nothing recorded)", rs.path, key, res.StatusCode, body)
		}
	}
}

// The 405 of an exam's own URL says how the exam is taken, with a command
// that takes it.
func TestExam405SaysHowToTakeTheExam(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, tc := range []struct{ method, exam, says string }{
		{"GET", "post-503", "send: POST with content, e.g. curl -H 'Content-Type: application/json' -d '{\"order\":42}' '" + ts.URL + "/exam/post-503?key=ci-42'"},
		{"POST", "retry-after-seconds", "send: GET, e.g. curl --retry 3 '" + ts.URL + "/exam/retry-after-seconds?key=ci-42'"},
		{"GET", "head-bodiless", "send: HEAD, e.g. curl -I -L '" + ts.URL + "/exam/head-bodiless?key=ci-42'"},
	} {
		res, body := send(t, tc.method, ts.URL+"/exam/"+tc.exam+"?key=how", "{}", http.Header{"Accept": {"text/plain"}})
		if res.StatusCode != 405 || !strings.Contains(body, tc.says) {
			t.Errorf("%s /exam/%s: %d %q; want 405 saying %q", tc.method, tc.exam, res.StatusCode, body, tc.says)
		}
	}
}

// The resources a redirect leads to record whatever method arrives: the
// method a client follows a redirect with is what rule 7 grades, so a
// GET after a 307 is answered, recorded and FAILed, not refused.
func TestRedirectTargetsRecordEveryMethod(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	for _, tc := range []struct{ start, exam, method, step string }{
		{"POST", "redirect-307", "GET", "target"},
		{"POST", "redirect-303", "PUT", "target"},
		{"POST", "async-job", "POST", "result"},
		{"POST", "continue", "DELETE", "done"},
		{"HEAD", "head-bodiless", "HEAD", "done"},
	} {
		key := "any-" + tc.exam
		send(t, tc.start, ts.URL+"/exam/"+tc.exam+"?key="+key, "{}", nil)
		res, _ := send(t, tc.method, ts.URL+"/exam/"+tc.exam+"/"+tc.step+"?key="+key, "", nil)
		if res.StatusCode != 200 {
			t.Errorf("%s /exam/%s/%s: %d; want 200 (recorded for rule 7)", tc.method, tc.exam, tc.step, res.StatusCode)
		}
	}
}

// A step of an exam the run has not started (its completion URL, a
// redirect target, the job's monitor) is a 409 that says how to start the
// exam, never a completion recorded without the exam: not on a fresh
// key, and not on a key that started another exam.
func TestStepsOfAnExamNotStartedAre409(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	send(t, "GET", ts.URL+"/exam/gives-up?key=other-exam", "", nil)
	for _, ex := range grade.Exams {
		for _, step := range append([]string{"done"}, ex.Steps...) {
			for _, key := range []string{"fresh-" + ex.Name, "other-exam"} {
				if key == "other-exam" && ex.Name == "gives-up" {
					continue // the exam that key did start
				}
				target := "/exam/" + ex.Name + "/" + step + "?key=" + key
				res, body := send(t, "GET", ts.URL+target, "", http.Header{"Accept": {"text/plain"}})
				start := ts.URL + "/exam/" + ex.Name + "?key=" + key
				if res.StatusCode != 409 || !strings.Contains(body, "has not been started") || !strings.Contains(body, start) {
					t.Errorf("GET %s: %d %q; want 409 saying how to start it (%s) (RFC 9110, 15.5.10)", target, res.StatusCode, body, start)
				}
			}
			if res, _ := send(t, "GET", ts.URL+"/grade/fresh-"+ex.Name, "", nil); res.StatusCode != 404 {
				t.Errorf("after GET /exam/%s/%s on a fresh key, its card: %d; want 404 (nothing recorded)", ex.Name, step, res.StatusCode)
			}
		}
	}
	res, body := send(t, "GET", ts.URL+"/grade/other-exam", "", http.Header{"Accept": {"application/json"}})
	var card grade.Card
	if err := json.Unmarshal([]byte(body), &card); err != nil || res.StatusCode != 200 || card.Requests != 1 {
		t.Errorf("the card of a run that took gives-up once, then asked for other exams' steps: %d, %d requests (%v); want 1", res.StatusCode, card.Requests, err)
	}
}

// GET /exam lists the methods each exam's URL answers, the same the 405
// names in Allow.
func TestExamIndexListsEachExamsMethods(t *testing.T) {
	t.Parallel()
	ts := newServer(t, server.DefaultConfig())
	_, body := send(t, "GET", ts.URL+"/exam", "", http.Header{"Accept": {"application/json"}})
	var rows []struct {
		Name    string
		Methods []string
	}
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != len(grade.Exams) {
		t.Fatalf("GET /exam as JSON: %v, %d rows; want %d", err, len(rows), len(grade.Exams))
	}
	for i, ex := range grade.Exams {
		if rows[i].Name != ex.Name || !slices.Equal(rows[i].Methods, ex.Methods) || len(ex.Methods) == 0 {
			t.Errorf("GET /exam row %d: %s %v; want %s %v (and never none)", i, rows[i].Name, rows[i].Methods, ex.Name, ex.Methods)
		}
	}
}
