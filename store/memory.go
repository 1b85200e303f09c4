package store

import (
	"container/list"
	"context"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxKeys is Memory's key cap when MemoryOptions.MaxKeys is zero.
const DefaultMaxKeys = 100_000

// MemoryOptions configure a Memory store.
type MemoryOptions struct {
	// MaxKeys caps the number of entries (sequences, rate limits, jobs,
	// resources and tombstones together); one more evicts the least
	// recently used. Zero means DefaultMaxKeys.
	MaxKeys int
	// Clock is the store's time; nil means time.Now.
	Clock Clock
}

// Memory is the embedded store: state lives in this process, so it is
// lost on restart and not shared between replicas. It is bounded so that a
// flood of new keys from clients cannot exhaust memory: every entry has a
// TTL, and beyond MaxKeys the least recently used entry is evicted.
// Expired entries are dropped when met or evicted; there is no background
// goroutine.
type Memory struct {
	mu      sync.Mutex
	maxKeys int
	now     Clock
	items   map[string]*list.Element
	lru     *list.List // of *memEntry, most recently used at the front
}

type memEntry struct {
	key     string
	expires time.Time
	val     any
}

// Entry values, one type per kind of state.
type (
	memSequence struct{ served int }
	memBucket   struct{ tat time.Time }
	memJob      struct{ job Job }
	memResource struct {
		res  Resource
		gone bool // a tombstone: deleted, remembered until it expires
	}
)

// Key spaces; the prefix keeps the kinds apart in the one map.
const (
	memSeqPrefix = "seq:"
	memRLPrefix  = "rl:"
	memJobPrefix = "job:"
	memResPrefix = "res:"
)

// NewMemory returns an empty bounded in-memory store.
func NewMemory(opts MemoryOptions) *Memory {
	if opts.MaxKeys <= 0 {
		opts.MaxKeys = DefaultMaxKeys
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &Memory{
		maxKeys: opts.MaxKeys,
		now:     opts.Clock,
		items:   make(map[string]*list.Element),
		lru:     list.New(),
	}
}

// Len reports how many entries the store holds, expired ones not yet
// dropped included. It never exceeds MaxKeys.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// MaxKeys reports the key cap.
func (m *Memory) MaxKeys() int { return m.maxKeys }

// Close does nothing; a Memory store holds no connections.
func (m *Memory) Close() error { return nil }

// String names the store for logs.
func (m *Memory) String() string { return "memory" }

// get returns the live entry for key and marks it recently used; an
// expired one is dropped. The caller holds mu.
func (m *Memory) get(key string, now time.Time) *memEntry {
	el, ok := m.items[key]
	if !ok {
		return nil
	}
	e := el.Value.(*memEntry)
	if !now.Before(e.expires) {
		m.lru.Remove(el)
		delete(m.items, key)
		return nil
	}
	m.lru.MoveToFront(el)
	return e
}

// put stores val under key until expires, evicting the least recently
// used entries beyond the cap. The caller holds mu.
func (m *Memory) put(key string, val any, expires time.Time) {
	if el, ok := m.items[key]; ok {
		e := el.Value.(*memEntry)
		e.val, e.expires = val, expires
		m.lru.MoveToFront(el)
		return
	}
	m.items[key] = m.lru.PushFront(&memEntry{key: key, expires: expires, val: val})
	for len(m.items) > m.maxKeys {
		oldest := m.lru.Back()
		m.lru.Remove(oldest)
		delete(m.items, oldest.Value.(*memEntry).key)
	}
}

func (m *Memory) del(key string) {
	if el, ok := m.items[key]; ok {
		m.lru.Remove(el)
		delete(m.items, key)
	}
}

// NextInSequence implements Store.
func (m *Memory) NextInSequence(_ context.Context, key string, n int, cycle bool, ttl time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	k := memSeqPrefix + key
	served := 0
	if e := m.get(k, now); e != nil {
		served = e.val.(*memSequence).served
	}
	pos, next := sequenceStep(served, n, cycle)
	m.put(k, &memSequence{served: next}, now.Add(ttl))
	return pos, nil
}

// sequenceStep is the sequence rule both stores follow: served requests so
// far in, this request's position and the new count out. The count stays
// below n (cycle) or at most n, so it never grows without bound.
func sequenceStep(served, n int, cycle bool) (pos, next int) {
	if cycle {
		pos = served % n
		return pos, (pos + 1) % n
	}
	pos = min(served, n-1)
	return pos, min(served+1, n)
}

// ResetSequence implements Store.
func (m *Memory) ResetSequence(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.del(memSeqPrefix + key)
	return nil
}

// Allow implements Store with GCRA (the generic cell rate algorithm): the
// bucket is a theoretical arrival time, TAT, that each request pushes one
// emission interval (window/limit) further; a request is refused when it
// would push TAT more than a window ahead of now.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Decision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	k := memRLPrefix + key
	tat := now
	if e := m.get(k, now); e != nil {
		if t := e.val.(*memBucket).tat; t.After(now) {
			tat = t
		}
	}
	d, newTAT := gcra(now, tat, limit, window)
	if d.Allowed {
		m.put(k, &memBucket{tat: newTAT}, newTAT)
	}
	return d, nil
}

// gcra decides one request at now against a bucket whose TAT is tat (not
// before now).
func gcra(now, tat time.Time, limit int, window time.Duration) (Decision, time.Time) {
	interval := window / time.Duration(limit)
	newTAT := tat.Add(interval)
	allowAt := newTAT.Add(-window)
	d := Decision{Limit: limit, Now: now}
	if now.Before(allowAt) {
		d.RetryAfter = allowAt.Sub(now)
		d.ResetAfter = tat.Sub(now)
		return d, tat
	}
	d.Allowed = true
	d.ResetAfter = newTAT.Sub(now)
	d.Remaining = int((window - d.ResetAfter) / interval)
	return d, newTAT
}

// CreateJob implements Store.
func (m *Memory) CreateJob(_ context.Context, id string, spec JobSpec) (Job, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	j := Job{ID: id, Result: spec.Result, Created: now, Done: now.Add(spec.Duration), Now: now}
	j.Expires = j.Done.Add(spec.Keep)
	m.put(memJobPrefix+id, &memJob{job: j}, j.Expires.Add(spec.Tombstone))
	return j, nil
}

// Job implements Store.
func (m *Memory) Job(_ context.Context, id string) (Job, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	e := m.get(memJobPrefix+id, now)
	if e == nil {
		return Job{}, ErrNotFound
	}
	j := e.val.(*memJob).job
	j.Now = now
	return j, nil
}

// CancelJob implements Store.
func (m *Memory) CancelJob(_ context.Context, id string, tombstone time.Duration) (Job, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	e := m.get(memJobPrefix+id, now)
	if e == nil {
		return Job{}, ErrNotFound
	}
	mj := e.val.(*memJob)
	before := mj.job
	before.Now = now
	if !before.Gone() {
		mj.job.Cancelled = true
		mj.job.Expires = now
		e.expires = now.Add(tombstone)
	}
	return before, nil
}

func resourceKey(ns, name string) string {
	return lengthPrefixed(ns) + name
}

// lengthPrefixed makes "ns" + "name" unambiguous whatever characters the
// namespace holds: "3:abc" + "d" cannot be confused with "4:abcd".
func lengthPrefixed(s string) string {
	return strconv.Itoa(len(s)) + ":" + s + "/"
}

// Resource implements Store.
func (m *Memory) Resource(_ context.Context, ns, name string) (Resource, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.get(memResPrefix+resourceKey(ns, name), m.now())
	if e == nil {
		return Resource{}, ErrNotFound
	}
	r := e.val.(*memResource)
	if r.gone {
		return Resource{}, ErrGone
	}
	return r.res, nil
}

// PutResource implements Store.
func (m *Memory) PutResource(_ context.Context, ns, name string, rep Representation, cond Condition, ttl time.Duration) (Resource, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	k := memResPrefix + resourceKey(ns, name)
	var cur *memResource
	if e := m.get(k, now); e != nil {
		cur = e.val.(*memResource)
	}
	live := cur != nil && !cur.gone
	if !conditionHolds(cond, live, cur) {
		return Resource{}, false, ErrConflict
	}
	var version int64 = 1
	if cur != nil {
		version = cur.res.Version + 1
	}
	rep.Body = append([]byte(nil), rep.Body...)
	res := Resource{Representation: rep, Version: version, Modified: now}
	m.put(k, &memResource{res: res}, now.Add(ttl))
	return res, !live, nil
}

func conditionHolds(cond Condition, live bool, cur *memResource) bool {
	if cond.Absent && live {
		return false
	}
	if cond.Version != 0 && (!live || cur.res.Version != cond.Version) {
		return false
	}
	return true
}

// DeleteResource implements Store.
func (m *Memory) DeleteResource(_ context.Context, ns, name string, cond Condition, tombstone time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	k := memResPrefix + resourceKey(ns, name)
	e := m.get(k, now)
	if e == nil {
		return ErrNotFound
	}
	cur := e.val.(*memResource)
	if cur.gone {
		return ErrGone
	}
	if !conditionHolds(cond, true, cur) {
		return ErrConflict
	}
	// The tombstone keeps the version, so a later create continues the
	// count and an old If-Match can never match the new resource.
	m.put(k, &memResource{res: Resource{Version: cur.res.Version, Modified: now}, gone: true}, now.Add(tombstone))
	return nil
}
