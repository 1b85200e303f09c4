package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// DefaultMaxKeys is Memory's key cap when MemoryOptions.MaxKeys is zero.
const DefaultMaxKeys = 100_000

// DefaultMaxBytes is Memory's byte bound when MemoryOptions.MaxBytes is
// zero: 8 MiB. DefaultMaxKeys sequences or rate-limit buckets take about
// 6 MiB of it, so for those the key cap is reached first; resources and
// jobs, which hold more, meet the byte bound first.
const DefaultMaxBytes = 8 << 20

// EntryBytes is what Memory counts against MaxBytes for every entry, on
// top of the content the entry holds: its slot (48 bytes) and its share
// of the key index and of the slots' spare capacity (5 to 23 bytes, by
// how full they are). A sequence position or a rate-limit bucket is an
// entry with no content.
const EntryBytes = 64

// MemoryOptions configure a Memory store.
type MemoryOptions struct {
	// MaxKeys caps the number of entries (sequences, rate limits, jobs,
	// resources and tombstones together); one more evicts the least
	// recently used. Zero means DefaultMaxKeys; at most math.MaxInt32-1.
	MaxKeys int
	// MaxBytes bounds the store's size in bytes, approximately: each
	// entry counts EntryBytes plus what it holds (a resource's content,
	// content type and entity tag; a job's record). Beyond it the least
	// recently used entries are evicted, except the one just written, so
	// one entry larger than MaxBytes is kept, alone. Zero means
	// DefaultMaxBytes; there is no unbounded setting.
	MaxBytes int64
	// Clock is the store's time; nil means time.Now.
	Clock Clock
}

// Memory is the embedded store: state lives in this process, so it is
// lost on restart and not shared between replicas. It is bounded so that a
// flood of new keys from clients cannot exhaust memory: every entry has a
// TTL, and beyond MaxKeys entries or MaxBytes bytes the least recently
// used entries are evicted. Expired entries are dropped when met or
// evicted; there is no background goroutine.
//
// An entry costs the same whatever the length of its key: the store keeps
// a 128-bit digest of each key (SHA-256, keyed with a secret chosen per
// store), not the key. Two keys would share state only if their digests
// collided, which for a store holding 2^31 keys has a probability below
// 2^-66. Entries are fixed-size slots in one slice, chained in recency
// order by index and found through an open-addressing table of slot
// numbers, so a sequence or a rate limit costs about 64 bytes and the
// garbage collector has no per-entry object to allocate or scan.
type Memory struct {
	mu       sync.Mutex
	maxKeys  int
	maxBytes int64
	now      Clock
	// epoch anchors the stored instants, which are nanoseconds since it:
	// with the default clock, durations since a reading of time.Now are
	// measured on the monotonic clock, as time.Time comparisons are.
	epoch time.Time
	// secret keys the digests, so that clients cannot choose keys whose
	// digests crowd one part of the table.
	secret [16]byte

	slots []memSlot
	// table maps a digest to its slot: linear probing from the digest's
	// low bits, each cell a slot number plus one (0: empty). Its length
	// is a power of two, at most three quarters full.
	table []uint32
	// head is the most recently used slot, tail the least; free heads a
	// chain (through next) of slots to reuse. memNone marks no slot.
	head, tail, free int32
	held             int   // entries in the table
	bytes            int64 // their accounted size

	// The content of job and resource entries; their slot's value is the
	// index.
	jobs      slab[Job]
	resources slab[memResource]
}

// memKey is a key's digest: the first 128 bits of SHA-256 over the
// store's secret, the kind of state and the key.
type memKey [16]byte

// memSlot is one entry; unused slots are chained on the free list.
type memSlot struct {
	key     memKey
	expires int64 // nanoseconds since epoch
	// value is a sequence's count of requests served, a rate-limit
	// bucket's theoretical arrival time (nanoseconds since epoch), or the
	// index of a job's or a resource's content in its slab.
	value      int64
	prev, next int32
	size       int32 // bytes counted against maxBytes
	kind       byte
}

const memNone = -1

type memResource struct {
	res  Resource
	gone bool // a tombstone: deleted, remembered until it expires
}

// Kinds of state; the kind is hashed with the key, so the kinds are
// separate key spaces.
const (
	kindSequence byte = 's'
	kindBucket   byte = 'l'
	kindJob      byte = 'j'
	kindResource byte = 'r'
)

// Accounted sizes of a job's and a resource's content, besides the
// resource's bytes and strings: the record in its slab and its place on
// the slab's free list.
const (
	memJobBytes      = int64(unsafe.Sizeof(Job{})) + 4
	memResourceBytes = int64(unsafe.Sizeof(memResource{})) + 4
)

// NewMemory returns an empty bounded in-memory store.
func NewMemory(opts MemoryOptions) *Memory {
	if opts.MaxKeys <= 0 {
		opts.MaxKeys = DefaultMaxKeys
	}
	opts.MaxKeys = min(opts.MaxKeys, math.MaxInt32-1)
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	m := &Memory{
		maxKeys:  opts.MaxKeys,
		maxBytes: opts.MaxBytes,
		now:      opts.Clock,
		epoch:    opts.Clock(),
		head:     memNone,
		tail:     memNone,
		free:     memNone,
	}
	rand.Read(m.secret[:])
	return m
}

// Len reports how many entries the store holds, expired ones not yet
// dropped included. It never exceeds MaxKeys.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.held
}

// Bytes reports the store's accounted size, the figure MaxBytes bounds.
func (m *Memory) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// MaxKeys reports the key cap.
func (m *Memory) MaxKeys() int { return m.maxKeys }

// MaxBytes reports the byte bound.
func (m *Memory) MaxBytes() int64 { return m.maxBytes }

// Close does nothing; a Memory store holds no connections.
func (m *Memory) Close() error { return nil }

// String names the store for logs.
func (m *Memory) String() string { return "memory" }

// digest is the memKey of key in the space of kind; a resource's name is
// preceded by its length-prefixed namespace.
func (m *Memory) digest(kind byte, ns, key string) memKey {
	var buf [256]byte
	b := append(buf[:0], m.secret[:]...)
	b = append(b, kind)
	if kind == kindResource {
		b = strconv.AppendInt(b, int64(len(ns)), 10)
		b = append(b, ':')
		b = append(b, ns...)
		b = append(b, '/')
	}
	b = append(b, key...)
	sum := sha256.Sum256(b)
	return memKey(sum[:16])
}

// since is t as nanoseconds since the epoch.
func (m *Memory) since(t time.Time) int64 { return int64(t.Sub(m.epoch)) }

// instant is the time of a stored instant.
func (m *Memory) instant(ns int64) time.Time { return m.epoch.Add(time.Duration(ns)) }

// later is now plus d, saturating instead of overflowing.
func later(now int64, d time.Duration) int64 {
	if d > 0 && now > math.MaxInt64-int64(d) {
		return math.MaxInt64
	}
	return now + int64(d)
}

// get returns the slot of key's live entry and marks it recently used, or
// memNone; an expired entry is dropped. The caller holds mu.
func (m *Memory) get(key memKey, now int64) int32 {
	i, _ := m.lookup(key)
	if i == memNone {
		return memNone
	}
	if now >= m.slots[i].expires {
		m.remove(i)
		return memNone
	}
	m.toFront(i)
	return i
}

// put stores an entry of kind for key until expires, with size bytes of
// content, and returns its slot, which is new when fresh is set. Beyond
// either bound the least recently used entries are evicted, never this
// one. The caller holds mu and sets the slot's value.
func (m *Memory) put(key memKey, kind byte, expires, size int64) (i int32, fresh bool) {
	size = min(size+EntryBytes, math.MaxInt32)
	if i, _ = m.lookup(key); i != memNone {
		m.bytes += size - int64(m.slots[i].size)
		m.toFront(i)
	} else {
		fresh = true
		i = m.alloc()
		m.slots[i] = memSlot{key: key, kind: kind}
		m.link(i)
		m.insert(i)
		m.held++
		m.bytes += size
	}
	s := &m.slots[i]
	s.expires, s.size = expires, int32(size)
	for (m.held > m.maxKeys || m.bytes > m.maxBytes) && m.tail != i {
		m.remove(m.tail)
	}
	return i, fresh
}

// alloc returns a free slot, growing the slice when none is.
func (m *Memory) alloc() int32 {
	if m.free != memNone {
		i := m.free
		m.free = m.slots[i].next
		return i
	}
	if len(m.slots) == cap(m.slots) {
		// Grow as append would, but never past the key cap, where the
		// store stops growing.
		m.slots = slices.Grow(m.slots, min(max(len(m.slots)/4, 64), m.maxKeys-len(m.slots)))
	}
	m.slots = append(m.slots, memSlot{})
	return int32(len(m.slots) - 1)
}

// remove drops the entry in slot i and frees the slot.
func (m *Memory) remove(i int32) {
	m.unlink(i)
	s := &m.slots[i]
	_, cell := m.lookup(s.key)
	m.erase(cell)
	switch s.kind {
	case kindJob:
		m.jobs.del(s.value)
	case kindResource:
		m.resources.del(s.value)
	}
	m.held--
	m.bytes -= int64(s.size)
	*s = memSlot{next: m.free}
	m.free = i
}

func (m *Memory) del(key memKey) {
	if i, _ := m.lookup(key); i != memNone {
		m.remove(i)
	}
}

// link puts slot i at the front of the recency list.
func (m *Memory) link(i int32) {
	s := &m.slots[i]
	s.prev, s.next = memNone, m.head
	if m.head != memNone {
		m.slots[m.head].prev = i
	}
	m.head = i
	if m.tail == memNone {
		m.tail = i
	}
}

// unlink takes slot i out of the recency list.
func (m *Memory) unlink(i int32) {
	s := &m.slots[i]
	if s.prev != memNone {
		m.slots[s.prev].next = s.next
	} else {
		m.head = s.next
	}
	if s.next != memNone {
		m.slots[s.next].prev = s.prev
	} else {
		m.tail = s.prev
	}
}

func (m *Memory) toFront(i int32) {
	if m.head != i {
		m.unlink(i)
		m.link(i)
	}
}

// home is the table cell where the search for key starts. The digest is
// uniform, so its low bits spread keys evenly.
func (m *Memory) home(key memKey) int {
	return int(binary.LittleEndian.Uint64(key[:8]) & uint64(len(m.table)-1))
}

// lookup finds key's slot and its table cell; memNone and -1 when absent.
func (m *Memory) lookup(key memKey) (slot int32, cell int) {
	if len(m.table) == 0 {
		return memNone, -1
	}
	mask := len(m.table) - 1
	for c := m.home(key); ; c = (c + 1) & mask {
		v := m.table[c]
		if v == 0 {
			return memNone, -1
		}
		if m.slots[v-1].key == key {
			return int32(v - 1), c
		}
	}
}

// insert adds slot i, whose key is not in the table yet, growing the
// table first if that would fill it beyond three quarters.
func (m *Memory) insert(i int32) {
	if (m.held+1)*4 > len(m.table)*3 {
		old := m.table
		m.table = make([]uint32, max(64, 2*len(old)))
		for _, v := range old {
			if v != 0 {
				m.place(v)
			}
		}
	}
	m.place(uint32(i) + 1)
}

// place puts cell value v in the first empty cell from its key's home.
func (m *Memory) place(v uint32) {
	mask := len(m.table) - 1
	c := m.home(m.slots[v-1].key)
	for m.table[c] != 0 {
		c = (c + 1) & mask
	}
	m.table[c] = v
}

// erase empties cell c, then moves back every later entry of its run
// whose search would otherwise stop at the hole (Knuth, TAOCP vol. 3,
// 6.4, Algorithm R), so the table needs no tombstones.
func (m *Memory) erase(c int) {
	mask := len(m.table) - 1
	for j := (c + 1) & mask; m.table[j] != 0; j = (j + 1) & mask {
		h := m.home(m.slots[m.table[j]-1].key)
		// The entry at j may fill the hole at c if c lies on its probe
		// path, from h to j.
		if (j-h)&mask >= (j-c)&mask {
			m.table[c] = m.table[j]
			c = j
		}
	}
	m.table[c] = 0
}

// slab holds values by index, reusing freed indexes.
type slab[T any] struct {
	items []T
	free  []int32
}

func (s *slab[T]) add(v T) int64 {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		s.items[i] = v
		return int64(i)
	}
	s.items = append(s.items, v)
	return int64(len(s.items) - 1)
}

func (s *slab[T]) del(i int64) {
	var zero T
	s.items[i] = zero // let go of the strings and bytes it held
	s.free = append(s.free, int32(i))
}

// NextInSequence implements Store.
func (m *Memory) NextInSequence(_ context.Context, key string, n int, cycle bool, ttl time.Duration) (int, error) {
	k := m.digest(kindSequence, "", key)
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.since(m.now())
	served := 0
	if i := m.get(k, now); i != memNone {
		served = int(m.slots[i].value)
	}
	pos, next := sequenceStep(served, n, cycle)
	i, _ := m.put(k, kindSequence, later(now, ttl), 0)
	m.slots[i].value = int64(next)
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
	k := m.digest(kindSequence, "", key)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.del(k)
	return nil
}

// Allow implements Store with GCRA (the generic cell rate algorithm): the
// bucket is a theoretical arrival time, TAT, that each request pushes one
// emission interval (window/limit) further; a request is refused when it
// would push TAT more than a window ahead of now.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Decision, error) {
	k := m.digest(kindBucket, "", key)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	now := m.since(t)
	tat := t
	if i := m.get(k, now); i != memNone {
		if v := m.slots[i].value; v > now {
			tat = m.instant(v)
		}
	}
	d, newTAT := gcra(t, tat, limit, window)
	if d.Allowed {
		// At its TAT the bucket is full again, the same as no bucket, so
		// it is forgotten then.
		v := m.since(newTAT)
		i, _ := m.put(k, kindBucket, v, 0)
		m.slots[i].value = v
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
	k := m.digest(kindJob, "", id)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	// The store keeps its own copy of the id, so what it counts is what
	// it holds.
	j := Job{ID: strings.Clone(id), Result: spec.Result, Created: t, Done: t.Add(spec.Duration), Poll: spec.Poll, Now: t}
	j.Expires = j.Done.Add(spec.Keep)
	m.putJob(k, m.since(j.Expires.Add(spec.Tombstone)), j)
	return j, nil
}

// putJob stores job j under k until expires.
func (m *Memory) putJob(k memKey, expires int64, j Job) {
	i, fresh := m.put(k, kindJob, expires, memJobBytes+int64(len(j.ID)))
	if fresh {
		m.slots[i].value = m.jobs.add(j)
	} else {
		m.jobs.items[m.slots[i].value] = j
	}
}

// Job implements Store.
func (m *Memory) Job(_ context.Context, id string) (Job, error) {
	k := m.digest(kindJob, "", id)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	i := m.get(k, m.since(t))
	if i == memNone {
		return Job{}, ErrNotFound
	}
	j := m.jobs.items[m.slots[i].value]
	j.Now = t
	return j, nil
}

// CancelJob implements Store.
func (m *Memory) CancelJob(_ context.Context, id string, tombstone time.Duration) (Job, error) {
	k := m.digest(kindJob, "", id)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	now := m.since(t)
	i := m.get(k, now)
	if i == memNone {
		return Job{}, ErrNotFound
	}
	j := &m.jobs.items[m.slots[i].value]
	before := *j
	before.Now = t
	if !before.Gone() {
		j.Cancelled = true
		j.Expires = t
		m.slots[i].expires = later(now, tombstone)
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
	k := m.digest(kindResource, ns, name)
	m.mu.Lock()
	defer m.mu.Unlock()
	i := m.get(k, m.since(m.now()))
	if i == memNone {
		return Resource{}, ErrNotFound
	}
	r := m.resources.items[m.slots[i].value]
	if r.gone {
		return Resource{}, ErrGone
	}
	return r.res, nil
}

// PutResource implements Store.
func (m *Memory) PutResource(_ context.Context, ns, name string, rep Representation, cond Condition, ttl time.Duration) (Resource, bool, error) {
	k := m.digest(kindResource, ns, name)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	now := m.since(t)
	var cur *memResource
	if i := m.get(k, now); i != memNone {
		cur = &m.resources.items[m.slots[i].value]
	}
	live := cur != nil && !cur.gone
	if !conditionHolds(cond, live, cur) {
		return Resource{}, false, ErrConflict
	}
	var version int64 = 1
	if cur != nil {
		version = cur.res.Version + 1
	}
	// The store keeps its own copies, so what it counts is what it holds.
	rep.Body = append([]byte(nil), rep.Body...)
	rep.ContentType = strings.Clone(rep.ContentType)
	rep.ETag = strings.Clone(rep.ETag)
	res := Resource{Representation: rep, Version: version, Modified: t}
	m.putResource(k, later(now, ttl), memResource{res: res})
	return res, !live, nil
}

// putResource stores r under k until expires.
func (m *Memory) putResource(k memKey, expires int64, r memResource) {
	size := memResourceBytes + int64(cap(r.res.Body)+len(r.res.ContentType)+len(r.res.ETag))
	i, fresh := m.put(k, kindResource, expires, size)
	if fresh {
		m.slots[i].value = m.resources.add(r)
	} else {
		m.resources.items[m.slots[i].value] = r
	}
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
	k := m.digest(kindResource, ns, name)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	now := m.since(t)
	i := m.get(k, now)
	if i == memNone {
		return ErrNotFound
	}
	cur := m.resources.items[m.slots[i].value]
	if cur.gone {
		return ErrGone
	}
	if !conditionHolds(cond, true, &cur) {
		return ErrConflict
	}
	// The tombstone keeps the version, so a later create continues the
	// count and an old If-Match can never match the new resource.
	m.putResource(k, later(now, tombstone), memResource{res: Resource{Version: cur.res.Version, Modified: t}, gone: true})
	return nil
}
