package store

import (
	"context"
	"time"
)

// Journal keeps, per client key, the requests of a graded client run and
// what each was answered: the evidence package grade turns into a report
// card. Implementations are safe for concurrent use and bounded
// (JournalOptions): entries per key, keys, bytes, and a TTL after a key's
// last request.
//
// Times: the caller stamps an arrival and an answer when they happen, with
// its monotonic clock (time.Now() as the handler starts, and as the final
// response begins to be written), because the moment the journal is
// reached can be much later on a busy machine. The journal places those moments on its
// own timeline: MemoryJournal keeps them as they are, RedisJournal takes
// the Redis server's TIME less how long ago each happened (measured on the
// caller's monotonic clock), so that replicas sharing one Redis put a run
// on one timeline. The error is the one-way latency to Redis; a step of
// the Redis host's wall clock during a run shows up in its gaps. A zero
// time means "now" on the journal's clock.
type Journal interface {
	// Record appends e to the journal of key, placing e.Arrived on the
	// journal's timeline, and returns the run with e in it and e's index
	// in run.Entries. When the run is full (MaxEntries entries, or
	// MaxBytes in it alone), e is counted in run.Dropped instead and the
	// index is -1. run.Now is the journal's time of the call.
	Record(ctx context.Context, key string, e JournalEntry) (run JournalRun, seq int, err error)
	// Answer stores what entry seq of key was answered, placing a.Sent on
	// the journal's timeline. A seq of -1 (an entry not recorded) or of a
	// run forgotten meanwhile is ignored.
	Answer(ctx context.Context, key string, seq int, a JournalAnswer) error
	// Run returns the journal of key, ErrNotFound when there is none (never
	// recorded, expired or evicted).
	Run(ctx context.Context, key string) (JournalRun, error)
	// Forget drops the journal of key; forgetting an unknown key is not an
	// error.
	Forget(ctx context.Context, key string) error
}

// JournalRun is the journal of one key as read at Now.
type JournalRun struct {
	Key string
	// Entries are the recorded requests, oldest first.
	Entries []JournalEntry
	// Dropped counts the requests that arrived after the run was full.
	Dropped int
	// Now is the journal's clock when the run was read.
	Now time.Time
}

// JournalEntry is one request of a run and its answer. Strings are kept
// as given: the caller bounds them (package grade clips each field value),
// and MaxBytes bounds their sum.
type JournalEntry struct {
	// Arrived is when the request arrived (see Journal for the clock).
	Arrived time.Time
	// Exam and Step name the scripted scenario and the resource of it that
	// was requested ("" for the exam's own URL, "target", "done"...).
	Exam, Step string
	// Method, Target (the request-target as received) and Proto
	// ("HTTP/1.1") of the request.
	Method, Target, Proto string
	// ContentLength is the number of content bytes received; ContentHash
	// identifies them ("sha256:" and 16 hex digits), "" when there were
	// none. The content itself is never kept.
	ContentLength int64
	ContentHash   string
	// Fields are the request fields that bear on grading (Content-Type,
	// Idempotency-Key, the conditional and range fields, User-Agent...),
	// by canonical name.
	Fields map[string]string
	// Answer is what the server answered; its Sent is zero until Answer
	// has been called for the entry.
	Answer JournalAnswer
}

// JournalAnswer is what a request was answered.
type JournalAnswer struct {
	// Sent is when the final response began to be written (see Journal
	// for the clock): the client cannot have had it sooner.
	Sent time.Time
	// Status is the final status; Interim lists the 1xx sent before it.
	Status  int
	Interim []int
	// Fields are the response fields that bear on grading (Retry-After,
	// Location, ETag...), by canonical name.
	Fields map[string]string
}

// JournalOptions bound a journal. Zero values mean the defaults
// (DefaultJournalOptions): a journal bounded at zero could grade nothing.
type JournalOptions struct {
	// MaxKeys caps the runs kept; one more evicts the least recently used.
	MaxKeys int
	// MaxEntries caps the requests recorded per run; later ones are only
	// counted (JournalRun.Dropped).
	MaxEntries int
	// MaxBytes caps the bytes of all runs together, as stored (an entry
	// is roughly the length of its strings plus a small overhead);
	// beyond it the least recently used runs are evicted. A run that
	// alone would exceed it records no more entries.
	MaxBytes int64
	// TTL is how long a run is kept after its last request.
	TTL time.Duration
	// Clock is MemoryJournal's time for zero stamps, the TTL and
	// JournalRun.Now (nil: time.Now, whose monotonic reading makes gaps
	// immune to wall-clock steps). RedisJournal takes the clock of its
	// store's RedisOptions.
	Clock Clock
}

// The default journal bounds: 10,000 runs of at most 200 requests, 64 MiB
// in all, each kept an hour after its last request.
const (
	DefaultJournalMaxKeys    = 10_000
	DefaultJournalMaxEntries = 200
	DefaultJournalMaxBytes   = 64 << 20
	DefaultJournalTTL        = time.Hour
)

// withDefaults fills the zero fields.
func (o JournalOptions) withDefaults() JournalOptions {
	if o.MaxKeys <= 0 {
		o.MaxKeys = DefaultJournalMaxKeys
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultJournalMaxEntries
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultJournalMaxBytes
	}
	if o.TTL <= 0 {
		o.TTL = DefaultJournalTTL
	}
	return o
}

// entryOverhead is what MemoryJournal counts for an entry beyond its
// strings: the struct, the map and the slice slot.
const entryOverhead = 160

// size is the bytes MemoryJournal counts for e.
func (e *JournalEntry) size() int64 {
	n := entryOverhead + len(e.Exam) + len(e.Step) + len(e.Method) + len(e.Target) + len(e.Proto) + len(e.ContentHash)
	for k, v := range e.Fields {
		n += len(k) + len(v) + 16
	}
	return int64(n)
}

// size is the bytes MemoryJournal counts for a.
func (a *JournalAnswer) size() int64 {
	n := 8 * len(a.Interim)
	for k, v := range a.Fields {
		n += len(k) + len(v) + 16
	}
	return int64(n)
}

// JournalFor is the journal that goes with the store st: in the same Redis
// when st is a *Redis, so that replicas sharing the store also share runs,
// else a MemoryJournal.
func JournalFor(st Store, opts JournalOptions) Journal {
	if r, ok := st.(*Redis); ok {
		return r.Journal(opts)
	}
	return NewMemoryJournal(opts)
}
