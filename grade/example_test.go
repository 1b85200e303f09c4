package grade_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/statuskit/statuskit/grade"
	"github.com/statuskit/statuskit/reply"
	"github.com/statuskit/statuskit/store"
)

// Grade turns a journal run into a report card: here a client that came
// back 2.5 s after a 503 with Retry-After: 2, and then got its 200.
func ExampleGrade() {
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	run := store.JournalRun{Key: "ci-42", Now: at(5 * time.Second), Entries: []store.JournalEntry{
		{Exam: "retry-after-seconds", Method: "GET", Target: "/exam/retry-after-seconds?key=ci-42", Arrived: at(0),
			Answer: store.JournalAnswer{Sent: at(time.Millisecond), Status: 503, Fields: map[string]string{"Retry-After": "2"}}},
		{Exam: "retry-after-seconds", Method: "GET", Target: "/exam/retry-after-seconds?key=ci-42", Arrived: at(2501 * time.Millisecond),
			Answer: store.JournalAnswer{Sent: at(2502 * time.Millisecond), Status: 200}},
	}}
	card := grade.Grade(run)
	exam := card.Exams[0]
	fmt.Println(card.Verdict, exam.Exam, exam.State)
	for _, r := range exam.Rules {
		fmt.Printf("%s rule %d: %s\n", r.Verdict, r.Rule, r.Evidence[0])
	}
	// Output:
	// PASS retry-after-seconds complete
	// PASS rule 1: request 2 (GET) came 2.500 s after the 503 with Retry-After: 2: honoured
	// PASS rule 11: came back: 2 requests, the last answered 200
}

// A Grader serves the exams and the cards; the server mounts it at /exam
// and /grade (server/routes.go).
func ExampleGrader() {
	g := grade.New(grade.Config{Journal: store.NewMemoryJournal(store.JournalOptions{})})
	mux := http.NewServeMux()
	mux.Handle("/exam/{name}", reply.HandlerFunc(g.Exam))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	res, err := http.Get(ts.URL + "/exam/retry-after-seconds?key=ci-42")
	if err != nil {
		panic(err)
	}
	res.Body.Close()
	fmt.Println(res.StatusCode, "Retry-After:", res.Header.Get("Retry-After"))
	// Output: 503 Retry-After: 2
}
