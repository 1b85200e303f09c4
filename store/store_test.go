package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

func newFakeClock() *store.ManualClock {
	return store.NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
}

// backends is the table every behaviour test runs over: the same rules
// must hold on the embedded store and on Redis.
var backends = []struct {
	name string
	open func(t *testing.T, clock store.Clock) store.Store
}{
	{"memory", func(t *testing.T, clock store.Clock) store.Store {
		return store.NewMemory(store.MemoryOptions{Clock: clock})
	}},
	{"redis", func(t *testing.T, clock store.Clock) store.Store {
		srv := redistest.Start(t)
		s, err := store.NewRedis(srv.URL, store.RedisOptions{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// eachBackend runs test against every store with a fresh fake clock.
func eachBackend(t *testing.T, test func(t *testing.T, s store.Store, clock *store.ManualClock)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			test(t, b.open(t, clock.Now), clock)
		})
	}
}

var ctx = context.Background()

func TestSequenceAdvancesOncePerRequestThenRepeatsTheLast(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		want := []int{0, 1, 2, 2, 2}
		for i, w := range want {
			pos, err := s.NextInSequence(ctx, "k", 3, false, time.Minute)
			if err != nil || pos != w {
				t.Fatalf("request %d: position %d, %v; want %d", i+1, pos, err, w)
			}
		}
		// Another key is another sequence.
		if pos, _ := s.NextInSequence(ctx, "other", 3, false, time.Minute); pos != 0 {
			t.Errorf("a new key started at position %d, want 0", pos)
		}
	})
}

func TestSequenceWithCycleRestartsAfterTheLast(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		want := []int{0, 1, 2, 0, 1, 2, 0}
		for i, w := range want {
			if pos, err := s.NextInSequence(ctx, "k", 3, true, time.Minute); err != nil || pos != w {
				t.Fatalf("request %d: position %d, %v; want %d", i+1, pos, err, w)
			}
		}
	})
}

func TestResetSequenceStartsOver(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		for range 2 {
			_, _ = s.NextInSequence(ctx, "k", 3, false, time.Minute)
		}
		if err := s.ResetSequence(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if pos, _ := s.NextInSequence(ctx, "k", 3, false, time.Minute); pos != 0 {
			t.Errorf("after reset: position %d, want 0", pos)
		}
	})
}

func TestSequenceGivesEachConcurrentRequestItsOwnPosition(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		const n = 200
		seen := make([]int, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				pos, err := s.NextInSequence(ctx, "k", n, true, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				seen[pos]++ // each position once: no race if atomic
			})
		}
		wg.Wait()
		for pos, c := range seen {
			if c != 1 {
				t.Fatalf("position %d was given %d times among %d concurrent requests; want exactly once", pos, c, n)
			}
		}
	})
}

func TestRateLimitAdmitsLimitPerWindowAndSaysWhenToRetry(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, clock *store.ManualClock) {
		allow := func() store.Decision {
			t.Helper()
			d, err := s.Allow(ctx, "k", 5, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		for i := range 5 {
			d := allow()
			if !d.Allowed || d.Remaining != 4-i {
				t.Fatalf("request %d of a 5/10s limit: allowed=%v remaining=%d; want allowed with %d remaining", i+1, d.Allowed, d.Remaining, 4-i)
			}
			if want := time.Duration(i+1) * 2 * time.Second; d.ResetAfter != want {
				t.Errorf("request %d: reset after %v, want %v", i+1, d.ResetAfter, want)
			}
		}
		d := allow()
		if d.Allowed || d.RetryAfter != 2*time.Second || d.Remaining != 0 {
			t.Fatalf("6th request: allowed=%v retry after %v remaining %d; want refused, retry after 2s (one emission interval), 0 remaining", d.Allowed, d.RetryAfter, d.Remaining)
		}
		if !d.Now.Equal(clock.Now()) {
			t.Errorf("decision time %v, want the store clock's %v", d.Now, clock.Now())
		}
		clock.Advance(1999 * time.Millisecond)
		if d := allow(); d.Allowed || d.RetryAfter != time.Millisecond {
			t.Fatalf("1ms before the retry time: allowed=%v retry after %v; want refused, 1ms", d.Allowed, d.RetryAfter)
		}
		clock.Advance(time.Millisecond)
		if d := allow(); !d.Allowed || d.Remaining != 0 {
			t.Fatalf("at the retry time: allowed=%v remaining=%d; want allowed, 0 remaining", d.Allowed, d.Remaining)
		}
		// A full window of quiet refills the whole bucket.
		clock.Advance(10 * time.Second)
		if d := allow(); !d.Allowed || d.Remaining != 4 {
			t.Fatalf("after a quiet window: allowed=%v remaining=%d; want allowed, 4 remaining", d.Allowed, d.Remaining)
		}
	})
}

func TestRateLimitCountsConcurrentRequestsExactly(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		var mu sync.Mutex
		allowed := 0
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				d, err := s.Allow(ctx, "k", 10, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if allowed != 10 {
			t.Errorf("100 concurrent requests against 10/min: %d allowed, want exactly 10", allowed)
		}
	})
}

func TestJobRunsThenFinishesThenExpiresThenIsForgotten(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, clock *store.ManualClock) {
		spec := store.JobSpec{Duration: 3 * time.Second, Result: 201, Keep: time.Minute, Tombstone: time.Minute}
		j, err := s.CreateJob(ctx, "j1", spec)
		if err != nil {
			t.Fatal(err)
		}
		if !j.Done.Equal(clock.Now().Add(3*time.Second)) || j.Result != 201 {
			t.Fatalf("created %+v; want done 3s from now with result 201", j)
		}
		get := func() store.Job {
			t.Helper()
			j, err := s.Job(ctx, "j1")
			if err != nil {
				t.Fatal(err)
			}
			return j
		}
		if j := get(); j.Finished() || j.Gone() {
			t.Fatalf("at once: finished=%v gone=%v; want running", j.Finished(), j.Gone())
		}
		clock.Advance(3 * time.Second)
		if j := get(); !j.Finished() || j.Gone() || j.Result != 201 {
			t.Fatalf("after its duration: %+v; want finished, kept, result 201", j)
		}
		clock.Advance(time.Minute)
		if j := get(); !j.Gone() {
			t.Fatalf("after keep: %+v; want gone (expired)", j)
		}
		clock.Advance(time.Minute)
		if _, err := s.Job(ctx, "j1"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after the tombstone: %v; want ErrNotFound", err)
		}
		if _, err := s.Job(ctx, "never"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown job: %v; want ErrNotFound", err)
		}
	})
}

func TestCancelledJobIsGone(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, clock *store.ManualClock) {
		spec := store.JobSpec{Duration: time.Hour, Result: 200, Keep: time.Minute, Tombstone: time.Minute}
		if _, err := s.CreateJob(ctx, "j", spec); err != nil {
			t.Fatal(err)
		}
		before, err := s.CancelJob(ctx, "j", time.Minute)
		if err != nil || before.Gone() {
			t.Fatalf("cancel: %+v, %v; want the running job as it was", before, err)
		}
		j, err := s.Job(ctx, "j")
		if err != nil || !j.Cancelled || !j.Gone() {
			t.Fatalf("after cancel: %+v, %v; want cancelled and gone", j, err)
		}
		again, err := s.CancelJob(ctx, "j", time.Minute)
		if err != nil || !again.Gone() {
			t.Fatalf("second cancel: %+v, %v; want it reported gone", again, err)
		}
		clock.Advance(time.Minute)
		if _, err := s.CancelJob(ctx, "j", time.Minute); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("cancel after the tombstone: %v; want ErrNotFound", err)
		}
	})
}

func TestResourceCompareAndSetAndTombstones(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, clock *store.ManualClock) {
		rep := store.Representation{ContentType: "text/plain", Body: []byte("one\x00binary"), ETag: `"a"`}
		res, created, err := s.PutResource(ctx, "ns", "r", rep, store.Condition{}, time.Hour)
		if err != nil || !created || res.Version != 1 || !res.Modified.Equal(clock.Now()) {
			t.Fatalf("first put: %+v created=%v err=%v; want created, version 1, modified now", res, created, err)
		}
		got, err := s.Resource(ctx, "ns", "r")
		if err != nil || string(got.Body) != "one\x00binary" || got.ContentType != "text/plain" || got.ETag != `"a"` || got.Version != 1 {
			t.Fatalf("get: %+v, %v; want the stored representation byte for byte", got, err)
		}
		if _, err := s.Resource(ctx, "other-ns", "r"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another namespace sees %v; want ErrNotFound (namespaces are separate)", err)
		}
		if _, _, err := s.PutResource(ctx, "ns", "r", rep, store.Condition{Absent: true}, time.Hour); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("create-only put over a live resource: %v; want ErrConflict", err)
		}
		if _, _, err := s.PutResource(ctx, "ns", "r", rep, store.Condition{Version: 7}, time.Hour); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("put expecting version 7 of version 1: %v; want ErrConflict", err)
		}
		clock.Advance(time.Second)
		rep.Body = []byte("two")
		res, created, err = s.PutResource(ctx, "ns", "r", rep, store.Condition{Version: 1}, time.Hour)
		if err != nil || created || res.Version != 2 {
			t.Fatalf("put expecting version 1: %+v created=%v err=%v; want replaced, version 2", res, created, err)
		}
		if err := s.DeleteResource(ctx, "ns", "r", store.Condition{Version: 1}, time.Minute); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("delete expecting a stale version: %v; want ErrConflict", err)
		}
		if err := s.DeleteResource(ctx, "ns", "r", store.Condition{Version: 2}, time.Minute); err != nil {
			t.Fatalf("delete: %v", err)
		}
		if _, err := s.Resource(ctx, "ns", "r"); !errors.Is(err, store.ErrGone) {
			t.Fatalf("get after delete: %v; want ErrGone while the tombstone lasts", err)
		}
		if err := s.DeleteResource(ctx, "ns", "r", store.Condition{}, time.Minute); !errors.Is(err, store.ErrGone) {
			t.Fatalf("second delete: %v; want ErrGone", err)
		}
		if _, _, err := s.PutResource(ctx, "ns", "r", rep, store.Condition{Version: 2}, time.Hour); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("put expecting the deleted version: %v; want ErrConflict", err)
		}
		clock.Advance(time.Minute)
		if _, err := s.Resource(ctx, "ns", "r"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("get after the tombstone expired: %v; want ErrNotFound", err)
		}
		if err := s.DeleteResource(ctx, "ns", "r", store.Condition{}, time.Minute); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delete of nothing: %v; want ErrNotFound", err)
		}
	})
}

func TestRecreatingADeletedResourceContinuesItsVersion(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, _ *store.ManualClock) {
		rep := store.Representation{ContentType: "text/plain", Body: []byte("x"), ETag: `"x"`}
		_, _, _ = s.PutResource(ctx, "ns", "r", rep, store.Condition{}, time.Hour)
		_ = s.DeleteResource(ctx, "ns", "r", store.Condition{}, time.Minute)
		res, created, err := s.PutResource(ctx, "ns", "r", rep, store.Condition{Absent: true}, time.Hour)
		if err != nil || !created || res.Version != 2 {
			t.Fatalf("create over a tombstone: %+v created=%v err=%v; want created with version 2, so an If-Match on version 1 cannot match", res, created, err)
		}
	})
}

func TestResourcesExpireAfterTheirTTL(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s store.Store, clock *store.ManualClock) {
		rep := store.Representation{ContentType: "text/plain", Body: []byte("x"), ETag: `"x"`}
		_, _, _ = s.PutResource(ctx, "ns", "r", rep, store.Condition{}, time.Minute)
		clock.Advance(time.Minute)
		if _, err := s.Resource(ctx, "ns", "r"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after its TTL: %v; want ErrNotFound", err)
		}
	})
}
