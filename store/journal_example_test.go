package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/statuskit/statuskit/store"
)

// A run of two requests: the journal stamps each arrival and answer with
// its own clock, so the gap a client left is the journal's to measure.
func ExampleMemoryJournal() {
	clock := store.NewManualClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	j := store.NewMemoryJournal(store.JournalOptions{MaxKeys: 100, MaxEntries: 10, Clock: clock.Now})
	ctx := context.Background()

	_, seq, _ := j.Record(ctx, "ci-42", store.JournalEntry{Exam: "retry-after-seconds", Method: "GET"})
	_ = j.Answer(ctx, "ci-42", seq, store.JournalAnswer{Status: 503, Fields: map[string]string{"Retry-After": "2"}})
	clock.Advance(2 * time.Second)
	run, _, _ := j.Record(ctx, "ci-42", store.JournalEntry{Exam: "retry-after-seconds", Method: "GET"})

	first, second := run.Entries[0], run.Entries[1]
	fmt.Println(len(run.Entries), "requests; answered", first.Answer.Status, "with Retry-After:", first.Answer.Fields["Retry-After"])
	fmt.Println("came back after", second.Arrived.Sub(first.Answer.Sent))
	// Output:
	// 2 requests; answered 503 with Retry-After: 2
	// came back after 2s
}
