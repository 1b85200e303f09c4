package store_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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

func TestMemoryStaysWithinMaxBytesEvictingTheLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	// Room for ten sequences by bytes, a thousand by keys: the byte bound
	// decides.
	m := store.NewMemory(store.MemoryOptions{MaxKeys: 1000, MaxBytes: 10 * store.EntryBytes})
	for i := range 10 {
		_, _ = m.NextInSequence(ctx, strconv.Itoa(i), 5, false, time.Hour)
	}
	if m.Len() != 10 || m.Bytes() != 10*store.EntryBytes {
		t.Fatalf("ten sequences: %d entries, %d bytes; want 10 and %d (EntryBytes each)", m.Len(), m.Bytes(), 10*store.EntryBytes)
	}
	_, _ = m.NextInSequence(ctx, "0", 5, false, time.Hour)  // 0 is now the most recent
	_, _ = m.NextInSequence(ctx, "10", 5, false, time.Hour) // one more evicts 1
	if m.Len() != 10 || m.Bytes() > m.MaxBytes() {
		t.Fatalf("after an eleventh: %d entries, %d bytes; want 10, within MaxBytes %d", m.Len(), m.Bytes(), m.MaxBytes())
	}
	if pos, _ := m.NextInSequence(ctx, "0", 5, false, time.Hour); pos != 2 {
		t.Errorf("recently used key 0: position %d, want 2 (kept)", pos)
	}
	if pos, _ := m.NextInSequence(ctx, "1", 5, false, time.Hour); pos != 0 {
		t.Errorf("least recently used key 1: position %d, want 0 (evicted by the byte bound, started over)", pos)
	}

	// Content counts: a resource of 4 entries' worth of bytes evicts at
	// least 4 sequences to make room.
	rep := store.Representation{ContentType: "text/plain", Body: make([]byte, 4*store.EntryBytes)}
	if _, _, err := m.PutResource(ctx, "ns", "big", rep, store.Condition{}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if m.Len() > 6 || m.Bytes() > m.MaxBytes() {
		t.Errorf("after a resource of %d bytes: %d entries, %d bytes; want at most 6 entries, within MaxBytes %d", len(rep.Body), m.Len(), m.Bytes(), m.MaxBytes())
	}
	if got, err := m.Resource(ctx, "ns", "big"); err != nil || len(got.Body) != len(rep.Body) {
		t.Errorf("the resource just written: %d bytes, %v; want it kept", len(got.Body), err)
	}
	// Removing entries gives their bytes back.
	_ = m.DeleteResource(ctx, "ns", "big", store.Condition{}, time.Hour)
	if m.Bytes() >= 6*store.EntryBytes+int64(len(rep.Body)) {
		t.Errorf("after the resource became a tombstone: %d bytes; its content should no longer count", m.Bytes())
	}
}

func TestMemoryKeepsOneEntryLargerThanMaxBytesAlone(t *testing.T) {
	t.Parallel()
	m := store.NewMemory(store.MemoryOptions{MaxBytes: 1000})
	_, _ = m.NextInSequence(ctx, "a", 5, false, time.Hour)
	rep := store.Representation{ContentType: "text/plain", Body: make([]byte, 2000)}
	if _, _, err := m.PutResource(ctx, "ns", "huge", rep, store.Condition{}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Resource(ctx, "ns", "huge"); err != nil {
		t.Fatalf("a resource larger than MaxBytes: %v; want it kept (the newest entry is never evicted)", err)
	}
	if m.Len() != 1 {
		t.Errorf("%d entries; want 1: everything else evicted to make room", m.Len())
	}
}

func TestMemoryEntryCostDoesNotDependOnKeyLength(t *testing.T) {
	t.Parallel()
	short, long := store.NewMemory(store.MemoryOptions{}), store.NewMemory(store.MemoryOptions{})
	_, _ = short.NextInSequence(ctx, "k", 3, false, time.Hour)
	_, _ = long.NextInSequence(ctx, strings.Repeat("k", 30_000), 3, false, time.Hour)
	if short.Bytes() != store.EntryBytes || long.Bytes() != store.EntryBytes {
		t.Errorf("a 1-byte key costs %d bytes, a 30,000-byte key %d; want EntryBytes (%d) for both: the store keeps a digest, not the key",
			short.Bytes(), long.Bytes(), store.EntryBytes)
	}
	if pos, _ := long.NextInSequence(ctx, strings.Repeat("k", 30_000), 3, false, time.Hour); pos != 1 {
		t.Errorf("the long key's second request: position %d, want 1", pos)
	}
	if pos, _ := long.NextInSequence(ctx, strings.Repeat("k", 29_999)+"j", 3, false, time.Hour); pos != 0 {
		t.Errorf("a long key differing in its last byte: position %d, want 0 (another key)", pos)
	}
}

// lruModel is the eviction rule written plainly: keys in recency order,
// each with its count of requests.
type lruModel struct {
	max   int
	order []string // most recent first
	count map[string]int
}

func (l *lruModel) next(key string, n int) int {
	c, ok := l.count[key]
	if ok {
		l.order = slices.DeleteFunc(l.order, func(k string) bool { return k == key })
	}
	l.order = slices.Insert(l.order, 0, key)
	pos := min(c, n-1)
	l.count[key] = min(c+1, n)
	if len(l.order) > l.max {
		delete(l.count, l.order[l.max])
		l.order = l.order[:l.max]
	}
	return pos
}

func (l *lruModel) reset(key string) {
	if _, ok := l.count[key]; ok {
		delete(l.count, key)
		l.order = slices.DeleteFunc(l.order, func(k string) bool { return k == key })
	}
}

func TestMemoryEvictsExactlyAsALeastRecentlyUsedListWould(t *testing.T) {
	t.Parallel()
	// Random requests and resets over more keys than the cap exercise
	// the recency chain, slot reuse, and the index's growth and
	// deletions; every answer must match the plain model's.
	const maxKeys, keys, n = 300, 1000, 1000
	m := store.NewMemory(store.MemoryOptions{MaxKeys: maxKeys})
	model := &lruModel{max: maxKeys, count: map[string]int{}}
	rng := rand.New(rand.NewPCG(1, 2))
	for step := range 100_000 {
		// Skewed towards low key numbers, so some keys stay hot.
		key := strconv.Itoa(int(rng.ExpFloat64() * keys / 4))
		if rng.IntN(20) == 0 {
			_ = m.ResetSequence(ctx, key)
			model.reset(key)
			continue
		}
		got, _ := m.NextInSequence(ctx, key, n, false, time.Hour)
		if want := model.next(key, n); got != want {
			t.Fatalf("step %d, key %s: position %d, want %d (the model's)", step, key, got, want)
		}
		if m.Len() != len(model.order) {
			t.Fatalf("step %d: %d entries, want %d", step, m.Len(), len(model.order))
		}
	}
}
