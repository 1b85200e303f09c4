package store

import (
	"container/list"
	"context"
	"slices"
	"sync"
	"time"
)

// MemoryJournal is the embedded Journal: runs live in this process, are
// lost on restart and are not shared between replicas. Every bound of
// JournalOptions holds at every moment: a flood of new keys evicts the
// least recently used runs, a flood of requests on one key is counted
// rather than recorded, and idle runs are dropped when met or evicted
// (there is no background goroutine).
type MemoryJournal struct {
	mu    sync.Mutex
	opts  JournalOptions
	runs  map[string]*list.Element
	lru   *list.List // of *memRun, most recently used at the front
	bytes int64
}

type memRun struct {
	key     string
	entries []JournalEntry
	dropped int
	bytes   int64
	last    time.Time // the last request, for the TTL
}

// NewMemoryJournal returns an empty journal bounded by opts (zero fields
// take the defaults).
func NewMemoryJournal(opts JournalOptions) *MemoryJournal {
	opts = opts.withDefaults()
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &MemoryJournal{opts: opts, runs: make(map[string]*list.Element), lru: list.New()}
}

// Len reports how many runs the journal holds; never more than MaxKeys.
func (j *MemoryJournal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.runs)
}

// Bytes reports the bytes the journal counts for its runs; never more
// than MaxBytes.
func (j *MemoryJournal) Bytes() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.bytes
}

// Record implements Journal.
func (j *MemoryJournal) Record(_ context.Context, key string, e JournalEntry) (JournalRun, int, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.opts.Clock()
	j.expire(now)
	run := j.get(key)
	if run == nil {
		run = &memRun{key: key}
		j.runs[key] = j.lru.PushFront(run)
	}
	run.last = now
	if e.Arrived.IsZero() {
		e.Arrived = now
	}
	e.Answer = JournalAnswer{}
	size := e.size()
	seq := -1
	if len(run.entries) < j.opts.MaxEntries && run.bytes+size <= j.opts.MaxBytes {
		seq = len(run.entries)
		run.entries = append(run.entries, e)
		run.bytes += size
		j.bytes += size
	} else {
		run.dropped++
	}
	j.evict(run)
	return run.snapshot(now), seq, nil
}

// Answer implements Journal.
func (j *MemoryJournal) Answer(_ context.Context, key string, seq int, a JournalAnswer) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.opts.Clock()
	el, ok := j.runs[key]
	if !ok || seq < 0 {
		return nil
	}
	run := el.Value.(*memRun)
	if seq >= len(run.entries) {
		return nil
	}
	if a.Sent.IsZero() {
		a.Sent = now
	}
	size := a.size()
	if run.bytes+size > j.opts.MaxBytes {
		// Keep the status at least: it costs nothing beyond the entry.
		a.Interim, a.Fields = nil, nil
		size = 0
	}
	delta := size - run.entries[seq].Answer.size()
	run.bytes += delta
	j.bytes += delta
	run.entries[seq].Answer = a
	j.evict(run)
	return nil
}

// Run implements Journal.
func (j *MemoryJournal) Run(_ context.Context, key string) (JournalRun, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.opts.Clock()
	j.expire(now)
	el, ok := j.runs[key]
	if !ok {
		return JournalRun{}, ErrNotFound
	}
	return el.Value.(*memRun).snapshot(now), nil
}

// Forget implements Journal.
func (j *MemoryJournal) Forget(_ context.Context, key string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if el, ok := j.runs[key]; ok {
		j.drop(el)
	}
	return nil
}

// get returns the run of key, marking it recently used. The caller holds
// mu and has expired idle runs.
func (j *MemoryJournal) get(key string) *memRun {
	el, ok := j.runs[key]
	if !ok {
		return nil
	}
	j.lru.MoveToFront(el)
	return el.Value.(*memRun)
}

// expire drops the runs idle for TTL: they sit at the back of the LRU
// list, so the walk stops at the first live one.
func (j *MemoryJournal) expire(now time.Time) {
	for el := j.lru.Back(); el != nil; el = j.lru.Back() {
		if now.Sub(el.Value.(*memRun).last) < j.opts.TTL {
			return
		}
		j.drop(el)
	}
}

// evict drops least recently used runs, never keep, until the key and
// byte bounds hold.
func (j *MemoryJournal) evict(keep *memRun) {
	for len(j.runs) > j.opts.MaxKeys || j.bytes > j.opts.MaxBytes {
		el := j.lru.Back()
		if el.Value.(*memRun) == keep {
			el = el.Prev()
		}
		if el == nil {
			return
		}
		j.drop(el)
	}
}

func (j *MemoryJournal) drop(el *list.Element) {
	run := el.Value.(*memRun)
	j.lru.Remove(el)
	delete(j.runs, run.key)
	j.bytes -= run.bytes
}

// snapshot copies the run for a caller outside the lock; entries are
// values, and their maps are never changed after recording.
func (r *memRun) snapshot(now time.Time) JournalRun {
	return JournalRun{Key: r.key, Entries: slices.Clone(r.entries), Dropped: r.dropped, Now: now}
}
