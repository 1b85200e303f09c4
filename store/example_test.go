package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/statuskit/statuskit/store"
)

// A sequence of three elements: positions 0, 1, 2, and then the last
// repeats.
func ExampleMemory_NextInSequence() {
	st := store.NewMemory(store.MemoryOptions{MaxKeys: 1000})
	for range 4 {
		pos, _ := st.NextInSequence(context.Background(), "client-1", 3, false, time.Hour)
		fmt.Print(pos, " ")
	}
	// Output: 0 1 2 2
}

// Two requests per minute: the third is refused, and told when to retry.
func ExampleMemory_Allow() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st := store.NewMemory(store.MemoryOptions{Clock: func() time.Time { return now }})
	for range 3 {
		d, _ := st.Allow(context.Background(), "client-1", 2, time.Minute)
		fmt.Printf("allowed=%v remaining=%d retry after %v\n", d.Allowed, d.Remaining, d.RetryAfter)
	}
	// Output:
	// allowed=true remaining=1 retry after 0s
	// allowed=true remaining=0 retry after 0s
	// allowed=false remaining=0 retry after 30s
}

// Open takes what the --store flag takes.
func ExampleOpen() {
	st, err := store.Open("redis://127.0.0.1:6379/0", store.MemoryOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	fmt.Println(st)
	// Output: redis at 127.0.0.1:6379 (db 0)
}

// The store is bounded by entries and by bytes; a sequence costs
// EntryBytes whatever the length of its key.
func ExampleMemory_Bytes() {
	st := store.NewMemory(store.MemoryOptions{MaxKeys: 1000, MaxBytes: 2 * store.EntryBytes})
	for _, key := range []string{"a", "b", "a much longer key, which costs no more"} {
		_, _ = st.NextInSequence(context.Background(), key, 3, false, time.Hour)
	}
	fmt.Println(st.Len(), "entries,", st.Bytes(), "bytes")
	// Output: 2 entries, 128 bytes
}
