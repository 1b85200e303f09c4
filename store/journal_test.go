package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

// journals is the table every journal rule runs over: the embedded
// journal and the one in Redis must keep the same bounds.
var journals = []struct {
	name string
	open func(t *testing.T, opts store.JournalOptions, clock store.Clock) store.Journal
}{
	{"memory", func(t *testing.T, opts store.JournalOptions, clock store.Clock) store.Journal {
		opts.Clock = clock
		return store.NewMemoryJournal(opts)
	}},
	{"redis", func(t *testing.T, opts store.JournalOptions, clock store.Clock) store.Journal {
		srv := redistest.Start(t)
		s, err := store.NewRedis(srv.URL, store.RedisOptions{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s.Journal(opts)
	}},
}

func eachJournal(t *testing.T, opts store.JournalOptions, test func(t *testing.T, j store.Journal, clock *store.ManualClock)) {
	t.Helper()
	for _, b := range journals {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			test(t, b.open(t, opts, clock.Now), clock)
		})
	}
}

func entry(exam, method string) store.JournalEntry {
	return store.JournalEntry{Exam: exam, Method: method, Target: "/exam/" + exam + "?key=k", Proto: "HTTP/1.1",
		Fields: map[string]string{"User-Agent": "test/1"}}
}

func TestJournalRecordsRequestsInOrderWithTheirAnswers(t *testing.T) {
	t.Parallel()
	eachJournal(t, store.JournalOptions{}, func(t *testing.T, j store.Journal, clock *store.ManualClock) {
		start := clock.Now()
		e := entry("retry-after-seconds", "POST")
		e.ContentLength, e.ContentHash = 5, "sha256:0011223344556677"
		run, seq, err := j.Record(ctx, "k", e)
		if err != nil || seq != 0 || len(run.Entries) != 1 {
			t.Fatalf("first Record: seq %d, %d entries, %v; want seq 0 and 1 entry", seq, len(run.Entries), err)
		}
		if !run.Entries[0].Arrived.Equal(start) || !run.Now.Equal(start) {
			t.Errorf("arrival %v (now %v); want the journal's clock, %v", run.Entries[0].Arrived, run.Now, start)
		}
		clock.Advance(10 * time.Millisecond)
		ans := store.JournalAnswer{Status: 503, Fields: map[string]string{"Retry-After": "2"}}
		if err := j.Answer(ctx, "k", seq, ans); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Second)
		run, seq, err = j.Record(ctx, "k", entry("retry-after-seconds", "GET"))
		if err != nil || seq != 1 || len(run.Entries) != 2 {
			t.Fatalf("second Record: seq %d, %d entries, %v", seq, len(run.Entries), err)
		}
		got := run.Entries[0]
		if got.Method != "POST" || got.ContentLength != 5 || got.ContentHash != e.ContentHash || got.Fields["User-Agent"] != "test/1" {
			t.Errorf("entry 0 came back as %+v; want what was recorded", got)
		}
		if got.Answer.Status != 503 || got.Answer.Fields["Retry-After"] != "2" {
			t.Errorf("answer of entry 0 is %+v; want 503 with Retry-After: 2", got.Answer)
		}
		if gap := run.Entries[1].Arrived.Sub(got.Answer.Sent); gap != 2*time.Second {
			t.Errorf("gap between the answer and the next arrival %v; want 2s on the journal's clock", gap)
		}
		if !run.Entries[1].Answer.Sent.IsZero() {
			t.Errorf("an unanswered entry has Sent %v; want zero", run.Entries[1].Answer.Sent)
		}
	})
}

func TestJournalRunOfAnUnknownKeyIsNotFound(t *testing.T) {
	t.Parallel()
	eachJournal(t, store.JournalOptions{}, func(t *testing.T, j store.Journal, _ *store.ManualClock) {
		if _, err := j.Run(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Run of an unknown key: %v; want ErrNotFound", err)
		}
		_, _, _ = j.Record(ctx, "k", entry("gives-up", "GET"))
		if err := j.Forget(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if _, err := j.Run(ctx, "k"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Run after Forget: %v; want ErrNotFound", err)
		}
		if err := j.Answer(ctx, "k", 0, store.JournalAnswer{Status: 200}); err != nil {
			t.Errorf("Answer for a forgotten run: %v; want it ignored", err)
		}
	})
}

func TestJournalCountsRequestsBeyondMaxEntriesInsteadOfRecordingThem(t *testing.T) {
	t.Parallel()
	eachJournal(t, store.JournalOptions{MaxEntries: 3}, func(t *testing.T, j store.Journal, _ *store.ManualClock) {
		for i := range 5 {
			_, seq, err := j.Record(ctx, "k", entry("gives-up", "GET"))
			want := i
			if i >= 3 {
				want = -1
			}
			if err != nil || seq != want {
				t.Fatalf("request %d: seq %d, %v; want %d", i+1, seq, err, want)
			}
		}
		run, err := j.Run(ctx, "k")
		if err != nil || len(run.Entries) != 3 || run.Dropped != 2 {
			t.Errorf("run: %d entries, %d dropped, %v; want 3 recorded and 2 counted", len(run.Entries), run.Dropped, err)
		}
	})
}

func TestJournalForgetsARunTTLAfterItsLastRequest(t *testing.T) {
	t.Parallel()
	eachJournal(t, store.JournalOptions{TTL: time.Minute}, func(t *testing.T, j store.Journal, clock *store.ManualClock) {
		_, _, _ = j.Record(ctx, "k", entry("revalidate", "GET"))
		clock.Advance(59 * time.Second)
		_, _, _ = j.Record(ctx, "k", entry("revalidate", "GET"))
		clock.Advance(59 * time.Second)
		if run, err := j.Run(ctx, "k"); err != nil || len(run.Entries) != 2 {
			t.Fatalf("59s after the last request: %d entries, %v; want the run kept", len(run.Entries), err)
		}
		clock.Advance(2 * time.Second)
		if _, err := j.Run(ctx, "k"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("61s after the last request: %v; want ErrNotFound (TTL 1m)", err)
		}
	})
}

// A flood of new keys, as from a client that makes up a key per request,
// must not grow the journal past MaxKeys, and evicts the least recently
// used run, not the one a client is still using.
func TestJournalKeyFloodEvictsLeastRecentlyUsedRuns(t *testing.T) {
	t.Parallel()
	const maxKeys = 50
	eachJournal(t, store.JournalOptions{MaxKeys: maxKeys}, func(t *testing.T, j store.Journal, clock *store.ManualClock) {
		_, _, _ = j.Record(ctx, "busy", entry("gives-up", "GET"))
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 250 {
					if _, _, err := j.Record(ctx, fmt.Sprintf("flood-%d-%d", w, i), entry("gives-up", "GET")); err != nil {
						t.Error(err)
						return
					}
					if i%20 == 0 {
						// The busy run keeps being used during the flood.
						_, _, _ = j.Record(ctx, "busy", entry("gives-up", "GET"))
					}
				}
			}()
		}
		wg.Wait()
		if n := journalKeys(t, j); n > maxKeys {
			t.Errorf("after 1000 new keys the journal holds %d runs; want at most %d (MaxKeys)", n, maxKeys)
		}
		if _, err := j.Run(ctx, "busy"); err != nil {
			t.Errorf("the run used throughout the flood was evicted: %v", err)
		}
		if _, err := j.Run(ctx, "flood-0-0"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the first flood key is still there (%v); want it evicted as least recently used", err)
		}
	})
}

// Bytes bound the journal whatever the keys and entries: big entries
// evict old runs, and one run alone never exceeds MaxBytes.
func TestJournalKeepsItsByteBound(t *testing.T) {
	t.Parallel()
	const maxBytes = 64 << 10
	eachJournal(t, store.JournalOptions{MaxBytes: maxBytes, MaxEntries: 1000}, func(t *testing.T, j store.Journal, _ *store.ManualClock) {
		big := entry("redirect-307", "POST")
		big.Target = "/exam/redirect-307?key=" + strings.Repeat("x", 1000)
		big.Fields["Content-Type"] = strings.Repeat("y", 1000)
		for i := range 200 {
			key := fmt.Sprintf("k%d", i%20)
			_, seq, err := j.Record(ctx, key, big)
			if err != nil {
				t.Fatal(err)
			}
			_ = j.Answer(ctx, key, seq, store.JournalAnswer{Status: 307, Fields: map[string]string{"Location": big.Target}})
		}
		if b := journalBytes(t, j); b > maxBytes {
			t.Errorf("the journal holds %d bytes; want at most %d (MaxBytes)", b, maxBytes)
		}
		// One key alone: entries stop being recorded at the bound.
		var dropped int
		for range 100 {
			run, _, err := j.Record(ctx, "alone", big)
			if err != nil {
				t.Fatal(err)
			}
			dropped = run.Dropped
		}
		if dropped == 0 {
			t.Error("100 entries of ~2 KB on one key were all recorded under a 64 KiB bound; want the rest counted as dropped")
		}
		if b := journalBytes(t, j); b > maxBytes {
			t.Errorf("the journal holds %d bytes after one key's flood; want at most %d", b, maxBytes)
		}
	})
}

// journalKeys counts the runs a journal holds, from its own accounting.
func journalKeys(t *testing.T, j store.Journal) int {
	switch j := j.(type) {
	case *store.MemoryJournal:
		return j.Len()
	case *store.RedisJournal:
		return int(journalRedis(t, j).ZCard(ctx, "statuskit:journal:index").Val())
	}
	t.Fatalf("unknown journal %T", j)
	return 0
}

func journalBytes(t *testing.T, j store.Journal) int64 {
	switch j := j.(type) {
	case *store.MemoryJournal:
		return j.Bytes()
	case *store.RedisJournal:
		c := journalRedis(t, j)
		// Count what Redis really holds, not only the script's total.
		var n int64
		keys, _ := c.Keys(ctx, "statuskit:journal:run:*").Result()
		for _, k := range keys {
			for _, item := range c.LRange(ctx, k, 0, -1).Val() {
				n += int64(len(item))
			}
			ans := "statuskit:journal:ans:" + strings.TrimPrefix(k, "statuskit:journal:run:")
			for f, v := range c.HGetAll(ctx, ans).Val() {
				if f != "dropped" {
					n += int64(len(v))
				}
			}
		}
		total, _ := c.Get(ctx, "statuskit:journal:bytes").Int64()
		if total != n {
			t.Errorf("the journal's byte count is %d; Redis holds %d bytes of entries and answers", total, n)
		}
		return n
	}
	t.Fatalf("unknown journal %T", j)
	return 0
}

// journalRedis opens a raw client on the journal's Redis.

func journalRedis(t *testing.T, j *store.RedisJournal) *redis.Client {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(j.String(), "journal in redis at "), " (db 0)")
	c := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRedisJournalKeysAreUnderThePrefixWithATTL(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newRedis(t, srv.URL)
	j := s.Journal(store.JournalOptions{})
	_, seq, _ := j.Record(ctx, "k", entry("gives-up", "GET"))
	_ = j.Answer(ctx, "k", seq, store.JournalAnswer{Status: 500})
	raw := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer raw.Close()
	keys, err := raw.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 5 {
		t.Errorf("keys %q; want 5 (run, answers, index, sizes, total)", keys)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "statuskit:journal:") {
			t.Errorf("key %q is not under statuskit:journal:", k)
		}
		if ttl := raw.PTTL(ctx, k).Val(); ttl <= 0 {
			t.Errorf("key %q has TTL %v; every key must expire", k, ttl)
		}
	}
}

// Replicas sharing a Redis stamp one run with one clock: Redis TIME.
func TestRedisJournalReplicasShareOneRunAndOneClock(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a, b := newRedis(t, srv.URL).Journal(store.JournalOptions{}), newRedis(t, srv.URL).Journal(store.JournalOptions{})
	_, seq, err := a.Record(ctx, "k", entry("retry-after-seconds", "GET"))
	if err != nil {
		t.Fatal(err)
	}
	_ = a.Answer(ctx, "k", seq, store.JournalAnswer{Status: 503})
	run, seq, err := b.Record(ctx, "k", entry("retry-after-seconds", "GET"))
	if err != nil || seq != 1 {
		t.Fatalf("replica b: seq %d, %v; want 1 (the run replica a began)", seq, err)
	}
	first := run.Entries[0]
	if gap := run.Entries[1].Arrived.Sub(first.Answer.Sent); gap < 0 || gap > time.Second {
		t.Errorf("gap %v between a's answer and b's arrival; want a small non-negative gap on Redis's clock", gap)
	}
	if d := time.Since(first.Arrived); d < -time.Minute || d > time.Minute {
		t.Errorf("arrival %v is far from now; want Redis TIME", first.Arrived)
	}
}

// The caller stamps a request when it arrives and an answer when it was
// sent; a busy moment between that and the journal call must not move
// them, on either journal.
func TestJournalKeepsTheCallersMomentsOnItsTimeline(t *testing.T) {
	t.Parallel()
	eachJournal(t, store.JournalOptions{}, func(t *testing.T, j store.Journal, clock *store.ManualClock) {
		start := clock.Now()
		e := entry("post-503", "POST")
		e.Arrived = start.Add(-time.Second) // arrived a second before the journal was reached
		_, seq, err := j.Record(ctx, "k", e)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
		if err := j.Answer(ctx, "k", seq, store.JournalAnswer{Status: 503, Sent: clock.Now().Add(-800 * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
		run, err := j.Run(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		got := run.Entries[0]
		if d := got.Arrived.Sub(start); d != -time.Second {
			t.Errorf("arrival placed %v from the journal's time of the call; want -1s, as the caller stamped it", d)
		}
		if d := got.Answer.Sent.Sub(got.Arrived); d != 1200*time.Millisecond {
			t.Errorf("answer sent %v after the arrival; want 1.2s, as the caller stamped them", d)
		}
	})
}
