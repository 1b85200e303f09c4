package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/statuskit/statuskit/store"
	"github.com/statuskit/statuskit/store/redistest"
)

func newRedis(t *testing.T, url string) *store.Redis {
	t.Helper()
	s, err := store.NewRedis(url, store.RedisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRedisWritesEveryKeyPrefixedAndWithATTL(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newRedis(t, srv.URL)
	rep := store.Representation{ContentType: "text/plain", Body: []byte("x"), ETag: `"x"`}
	_, _ = s.NextInSequence(ctx, "seq", 3, false, time.Hour)
	_, _ = s.Allow(ctx, "rl", 5, time.Minute)
	_, _ = s.CreateJob(ctx, "job", store.JobSpec{Duration: time.Second, Result: 200, Keep: time.Hour, Tombstone: time.Hour})
	_, _, _ = s.PutResource(ctx, "ns", "kept", rep, store.Condition{}, time.Hour)
	_, _, _ = s.PutResource(ctx, "ns", "deleted", rep, store.Condition{}, time.Hour)
	_ = s.DeleteResource(ctx, "ns", "deleted", store.Condition{}, time.Minute)

	raw := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer raw.Close()
	keys, err := raw.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 5 {
		t.Errorf("keys %q; want 5 (sequence, bucket, job, resource, tombstone)", keys)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "statuskit:") {
			t.Errorf("key %q is not under the statuskit: prefix", k)
		}
		if ttl := raw.PTTL(ctx, k).Val(); ttl <= 0 {
			t.Errorf("key %q has TTL %v; every key must expire", k, ttl)
		}
	}
}

func TestRedisReplicasShareOneClockAndOneCount(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a, b := newRedis(t, srv.URL), newRedis(t, srv.URL)
	for i := range 6 {
		s := a
		if i%2 == 1 {
			s = b
		}
		pos, err := s.NextInSequence(ctx, "k", 10, false, time.Hour)
		if err != nil || pos != i {
			t.Fatalf("request %d through client %d: position %d, %v; want %d", i+1, i%2+1, pos, err, i)
		}
		d, err := s.Allow(ctx, "k", 4, time.Hour)
		if err != nil || d.Allowed != (i < 4) {
			t.Fatalf("request %d through client %d: allowed=%v, %v; want allowed only for the first 4 across both", i+1, i%2+1, d.Allowed, err)
		}
	}
	d, _ := a.Allow(ctx, "t", 1, time.Hour)
	if skew := time.Since(d.Now); skew < -time.Minute || skew > time.Minute {
		t.Errorf("decision time %v is far from now; the store should use Redis TIME", d.Now)
	}
}

func TestRedisUnreachableIsUnavailableAndReconnects(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newRedis(t, srv.URL)
	if _, err := s.NextInSequence(ctx, "k", 3, false, time.Hour); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	_, err := s.NextInSequence(ctx, "k", 3, false, time.Hour)
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("with Redis stopped: %v; want an error matching ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), srv.Addr) {
		t.Errorf("error %q does not name the Redis address %s", err, srv.Addr)
	}
	srv.Restart()
	// The pool may hold connections to the old process; go-redis drops
	// them and dials again by itself.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err = s.NextInSequence(ctx, "k", 3, false, time.Hour)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("after Redis came back: %v; want the store to reconnect", err)
	}
}

func TestRedisPassesTheCallersCancellationThrough(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := newRedis(t, srv.URL)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Allow(c, "k", 1, time.Second); !errors.Is(err, context.Canceled) || errors.Is(err, store.ErrUnavailable) {
		t.Errorf("cancelled context: %v; want context.Canceled, not unavailability", err)
	}
}

func TestRedisURLErrorsSayWhatIsExpected(t *testing.T) {
	t.Parallel()
	_, err := store.NewRedis("redis://user:secret@127.0.0.1:6379/notanumber", store.RedisOptions{})
	if err == nil || !strings.Contains(err.Error(), "redis://host:port/db") || strings.Contains(err.Error(), "secret") {
		t.Errorf("bad URL: %v; want a message with the expected form and no password", err)
	}
	if _, err := store.Open("postgres://x", store.MemoryOptions{}); err == nil || !strings.Contains(err.Error(), "memory") {
		t.Errorf("Open of an unknown scheme: %v; want a message naming memory and redis://", err)
	}
}
