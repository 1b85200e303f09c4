// Package store holds the state behind statuskit's stateful scenarios:
// sequence positions, rate-limit buckets, async jobs and sandbox resources.
//
// Every operation is atomic, so a scenario behaves the same under
// concurrent requests. Two implementations exist: Memory, embedded and
// bounded (a cap on keys, a TTL on every entry, least-recently-used
// eviction), and Redis, which lets several statuskit replicas behind a load
// balancer share state and behave exactly like one server.
//
// Time comes from the store, not from the caller: Memory uses its clock and
// Redis the Redis server's TIME, so replicas with skewed clocks still
// agree. Both accept an injected clock for tests.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Store is the state of the stateful scenarios. Implementations are safe
// for concurrent use and make each method one atomic step.
type Store interface {
	// NextInSequence counts one more request against the sequence key of
	// n elements and returns the 0-based position this request gets:
	// 0, 1, ... n-1, then n-1 again, or 0 again when cycle is set. The
	// entry expires ttl after its last use.
	NextInSequence(ctx context.Context, key string, n int, cycle bool, ttl time.Duration) (int, error)
	// ResetSequence forgets the sequence key; the next request is
	// position 0 again.
	ResetSequence(ctx context.Context, key string) error

	// Allow takes one request from the rate limit key, which admits limit
	// requests per window (GCRA: the bucket refills one request every
	// window/limit, up to limit).
	Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error)

	// CreateJob records a job that runs for spec.Duration from now.
	CreateJob(ctx context.Context, id string, spec JobSpec) (Job, error)
	// Job returns the job id, ErrNotFound when the store does not know it
	// (never existed, or forgotten after its tombstone).
	Job(ctx context.Context, id string) (Job, error)
	// CancelJob cancels a running job or removes a finished one; the job
	// is then gone (Job.Gone) until its tombstone expires. It returns the
	// job as it was before, or ErrNotFound.
	CancelJob(ctx context.Context, id string, tombstone time.Duration) (Job, error)

	// Resource returns the resource name in namespace ns: ErrNotFound if
	// there is none, ErrGone while a tombstone of a deleted one lasts.
	Resource(ctx context.Context, ns, name string) (Resource, error)
	// PutResource creates or replaces a resource if cond holds at the
	// moment of writing (ErrConflict otherwise). created reports whether
	// there was no live resource before. The resource expires ttl after
	// this write.
	PutResource(ctx context.Context, ns, name string, rep Representation, cond Condition, ttl time.Duration) (res Resource, created bool, err error)
	// DeleteResource deletes a live resource if cond holds (ErrConflict
	// otherwise), leaving a tombstone for the given time. Without a live
	// resource it returns ErrNotFound or ErrGone.
	DeleteResource(ctx context.Context, ns, name string, cond Condition, tombstone time.Duration) error

	// Close releases connections; the store is unusable afterwards.
	Close() error
}

// Errors the operations return. Compare with errors.Is.
var (
	// ErrNotFound: no such job or resource.
	ErrNotFound = errors.New("not found")
	// ErrGone: the resource was deleted and its tombstone still lasts.
	ErrGone = errors.New("gone")
	// ErrConflict: the condition of a write did not hold.
	ErrConflict = errors.New("condition does not hold")
	// ErrUnavailable: the store cannot be reached now (Redis down,
	// loading, out of memory). The operation may work if retried later.
	ErrUnavailable = errors.New("state store unavailable")
)

// UnavailableError says which store could not be reached and why. It
// matches ErrUnavailable.
type UnavailableError struct {
	Store string // e.g. "redis at 127.0.0.1:6379"
	Err   error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("%s is unavailable: %v", e.Store, e.Err)
}

// Is makes errors.Is(err, ErrUnavailable) true.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

// Unwrap returns the cause.
func (e *UnavailableError) Unwrap() error { return e.Err }

// Decision is the outcome of Allow.
type Decision struct {
	Allowed bool
	// Limit is the number of requests per window.
	Limit int
	// Remaining is how many more requests would be allowed right now.
	Remaining int
	// RetryAfter, when not allowed, is how long until one request would
	// be allowed.
	RetryAfter time.Duration
	// ResetAfter is how long until the bucket is full again (all Limit
	// requests available).
	ResetAfter time.Duration
	// Now is the store's time of the decision.
	Now time.Time
}

// JobSpec describes a job to create.
type JobSpec struct {
	// Duration is how long the job runs.
	Duration time.Duration
	// Result is the status code its result answers with.
	Result int
	// Keep is how long a finished job (and its result) is kept; after
	// that it has expired.
	Keep time.Duration
	// Tombstone is how long an expired job is remembered as gone before
	// it is forgotten.
	Tombstone time.Duration
	// Poll is the longest Retry-After the job's monitor advertises while
	// it runs, kept with the job so every poll says the same.
	Poll time.Duration
}

// Job is a job record as the store sees it at Now.
type Job struct {
	ID     string
	Result int
	// Created is when the job started; Done when it finishes (or
	// finished); Expires when it is, or was, no longer kept.
	Created, Done, Expires time.Time
	// Cancelled is set by CancelJob.
	Cancelled bool
	// Poll is the job's longest poll interval (JobSpec.Poll).
	Poll time.Duration
	// Now is the store's time when the record was read.
	Now time.Time
}

// Gone reports whether the job was cancelled or has expired.
func (j Job) Gone() bool { return j.Cancelled || !j.Now.Before(j.Expires) }

// Finished reports whether the job has run to completion.
func (j Job) Finished() bool { return !j.Now.Before(j.Done) }

// Representation is the content of a resource.
type Representation struct {
	ContentType string
	Body        []byte
	// ETag is the entity tag to store with it (RFC 9110, 8.8.3), chosen
	// by the caller; the store compares versions, not tags.
	ETag string
}

// Resource is a stored resource.
type Resource struct {
	Representation
	// Version increases by one with every write of the name, including
	// across a delete, so it identifies one state for compare-and-set.
	Version int64
	// Modified is the store's time of the last write.
	Modified time.Time
}

// Condition is what a write requires of the current state.
type Condition struct {
	// Version, when non-zero, requires the live resource to have exactly
	// this version (If-Match, evaluated then written atomically).
	Version int64
	// Absent requires that no live resource exists (If-None-Match: *, or
	// a create-only POST).
	Absent bool
}

// Clock returns the current time; tests inject a fake one.
type Clock func() time.Time
