package store_test

import (
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/statuskit/statuskit/store"
)

func TestMemoryStaysWithinMaxKeysUnderAKeyFlood(t *testing.T) {
	t.Parallel()
	m := store.NewMemory(store.MemoryOptions{MaxKeys: 100})
	rep := store.Representation{ContentType: "text/plain", Body: []byte("x"), ETag: `"x"`}
	for i := range 10_000 {
		k := strconv.Itoa(i)
		// Every kind of state counts against the one cap.
		switch i % 4 {
		case 0:
			_, _ = m.NextInSequence(ctx, k, 3, false, time.Hour)
		case 1:
			_, _ = m.Allow(ctx, k, 5, time.Minute)
		case 2:
			_, _ = m.CreateJob(ctx, k, store.JobSpec{Duration: time.Second, Result: 200, Keep: time.Hour, Tombstone: time.Hour})
		case 3:
			_, _, _ = m.PutResource(ctx, "ns", k, rep, store.Condition{}, time.Hour)
		}
		if n := m.Len(); n > 100 {
			t.Fatalf("after %d new keys the store holds %d entries; the cap is 100", i+1, n)
		}
	}
	if n := m.Len(); n != 100 {
		t.Errorf("after the flood: %d entries, want the cap, 100", n)
	}
}

func TestMemoryEvictsTheLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	m := store.NewMemory(store.MemoryOptions{MaxKeys: 3})
	for _, k := range []string{"a", "b", "c"} {
		_, _ = m.NextInSequence(ctx, k, 5, false, time.Hour)
	}
	_, _ = m.NextInSequence(ctx, "a", 5, false, time.Hour) // a is now the most recent
	_, _ = m.NextInSequence(ctx, "d", 5, false, time.Hour) // evicts b
	if pos, _ := m.NextInSequence(ctx, "a", 5, false, time.Hour); pos != 2 {
		t.Errorf("recently used key a: position %d, want 2 (kept)", pos)
	}
	if pos, _ := m.NextInSequence(ctx, "b", 5, false, time.Hour); pos != 0 {
		t.Errorf("least recently used key b: position %d, want 0 (evicted, started over)", pos)
	}
}

func TestMemoryEntriesExpireAfterTheirTTL(t *testing.T) {
	t.Parallel()
	// The store's default clock is time.Now, which synctest fakes.
	synctest.Test(t, func(t *testing.T) {
		m := store.NewMemory(store.MemoryOptions{})
		_, _ = m.NextInSequence(ctx, "k", 3, false, time.Minute)
		_, _ = m.NextInSequence(ctx, "k", 3, false, time.Minute)
		time.Sleep(59 * time.Second)
		if pos, _ := m.NextInSequence(ctx, "k", 3, false, time.Minute); pos != 2 {
			t.Fatalf("within the TTL: position %d, want 2", pos)
		}
		time.Sleep(time.Minute)
		if pos, _ := m.NextInSequence(ctx, "k", 3, false, time.Minute); pos != 0 {
			t.Fatalf("a TTL after the last use: position %d, want 0 (expired)", pos)
		}
		// A rate-limit bucket is forgotten once it has refilled.
		for range 3 {
			_, _ = m.Allow(ctx, "rl", 3, time.Second)
		}
		time.Sleep(time.Second)
		before := m.Len()
		if d, _ := m.Allow(ctx, "rl", 3, time.Second); !d.Allowed || d.Remaining != 2 {
			t.Fatalf("after a window: %+v; want a full bucket", d)
		}
		if m.Len() != before {
			t.Errorf("store grew from %d to %d entries for a refilled bucket", before, m.Len())
		}
	})
}
