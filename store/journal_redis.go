package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisJournal keeps runs in the Redis of a Redis store, so that every
// replica behind a load balancer records into, and grades from, the same
// runs. Each operation is one Lua script; times are on the Redis server's
// TIME (see Journal).
//
// A run is a list of entries (statuskit:journal:run:KEY) and a hash of
// answers and the dropped count (statuskit:journal:ans:KEY). The bounds
// are kept by the scripts themselves: an index of runs by last use
// (statuskit:journal:index, scored in microseconds), their sizes (statuskit:journal:sizes) and the
// total (statuskit:journal:bytes). Every key has the journal's TTL. The
// scripts name the runs they evict without declaring them, which a
// standalone Redis (what statuskit supports) allows and Redis Cluster
// does not.
type RedisJournal struct {
	store *Redis
	opts  JournalOptions
}

// Journal returns the journal kept in s's Redis, bounded by opts (zero
// fields take the defaults; opts.Clock is ignored: the store's clock
// applies).
func (s *Redis) Journal(opts JournalOptions) *RedisJournal {
	opts = opts.withDefaults()
	opts.Clock = nil
	return &RedisJournal{store: s, opts: opts}
}

// String describes the journal for logs.
func (j *RedisJournal) String() string { return "journal in " + j.store.String() }

// luaJournal are the names and the eviction every journal script shares.
const luaJournal = `
local RUN, ANS = 'statuskit:journal:run:', 'statuskit:journal:ans:'
local INDEX, SIZES, TOTAL = 'statuskit:journal:index', 'statuskit:journal:sizes', 'statuskit:journal:bytes'
local function drop(k)
  local size = tonumber(redis.call('HGET', SIZES, k) or '0')
  redis.call('DEL', RUN .. k, ANS .. k)
  redis.call('HDEL', SIZES, k)
  redis.call('ZREM', INDEX, k)
  if size > 0 then redis.call('DECRBY', TOTAL, size) end
end
local function oldest_other(k)
  for _, o in ipairs(redis.call('ZRANGE', INDEX, 0, 1)) do
    if o ~= k then return o end
  end
  return nil
end
local function expire_idle(ttl)
  for _, k in ipairs(redis.call('ZRANGEBYSCORE', INDEX, '-inf', now - ttl * 1000, 'LIMIT', 0, 64)) do drop(k) end
end
-- use stamps a run as the most recently used: its score is now in
-- microseconds, or one more than the newest score, so that two uses in
-- one microsecond (or under a test's stopped clock) keep their order.
local function use(k)
  local top = redis.call('ZRANGE', INDEX, -1, -1, 'WITHSCORES')
  local score = now
  if top[2] and tonumber(top[2]) >= score then score = tonumber(top[2]) + 1 end
  redis.call('ZADD', INDEX, score, k)
end
local function read(k)
  return {fmt(now), redis.call('LRANGE', RUN .. k, 0, -1), redis.call('HGETALL', ANS .. k)}
end
`

// recordScript: ARGV now, key, item, max entries, max keys, max bytes, TTL
// in ms, how long ago the request arrived in µs. It returns {seq, now,
// entries, answers}.
var recordScript = redis.NewScript(luaNow + luaJournal + `
local key, maxEntries, maxKeys, maxBytes, ttl = ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
expire_idle(ttl)
local item = fmt(now - tonumber(ARGV[8])) .. ' ' .. ARGV[3]
local n = redis.call('LLEN', RUN .. key)
local size = tonumber(redis.call('HGET', SIZES, key) or '0')
local seq = -1
if n < maxEntries and size + #item <= maxBytes then
  redis.call('RPUSH', RUN .. key, item)
  redis.call('HINCRBY', SIZES, key, #item)
  redis.call('INCRBY', TOTAL, #item)
  seq = n
else
  redis.call('HINCRBY', ANS .. key, 'dropped', 1)
end
use(key)
while redis.call('ZCARD', INDEX) > maxKeys do
  local o = oldest_other(key)
  if not o then break end
  drop(o)
end
while tonumber(redis.call('GET', TOTAL) or '0') > maxBytes do
  local o = oldest_other(key)
  if not o then break end
  drop(o)
end
for _, k in ipairs({RUN .. key, ANS .. key, INDEX, SIZES, TOTAL}) do redis.call('PEXPIRE', k, ttl) end
local r = read(key)
return {seq, r[1], r[2], r[3]}
`)

// answerScript: ARGV now, key, seq, item, max bytes, TTL in ms, how long
// ago the answer was sent in µs.
var answerScript = redis.NewScript(luaNow + luaJournal + `
local key, seq, maxBytes, ttl = ARGV[2], ARGV[3], tonumber(ARGV[5]), tonumber(ARGV[6])
if redis.call('EXISTS', RUN .. key) == 0 or tonumber(seq) >= redis.call('LLEN', RUN .. key) then return 0 end
local item = fmt(now - tonumber(ARGV[7])) .. ' ' .. ARGV[4]
local size = tonumber(redis.call('HGET', SIZES, key) or '0')
if size + #item > maxBytes then return 0 end
redis.call('HSET', ANS .. key, seq, item)
redis.call('HINCRBY', SIZES, key, #item)
redis.call('INCRBY', TOTAL, #item)
while tonumber(redis.call('GET', TOTAL) or '0') > maxBytes do
  local o = oldest_other(key)
  if not o then break end
  drop(o)
end
redis.call('PEXPIRE', ANS .. key, ttl)
return 1
`)

// runScript: ARGV now, TTL in ms, key. It returns {now, entries, answers}.
var runScript = redis.NewScript(luaNow + luaJournal + `
expire_idle(tonumber(ARGV[2]))
return read(ARGV[3])
`)

// forgetScript: ARGV now, key.
var forgetScript = redis.NewScript(luaNow + luaJournal + `
drop(ARGV[2])
return 1
`)

// wireEntry and wireAnswer are the JSON stored for an entry and an
// answer; times are in the item's prefix.
type wireEntry struct {
	Exam          string            `json:"x"`
	Step          string            `json:"s,omitempty"`
	Method        string            `json:"m"`
	Target        string            `json:"t"`
	Proto         string            `json:"p"`
	ContentLength int64             `json:"n,omitempty"`
	ContentHash   string            `json:"h,omitempty"`
	Fields        map[string]string `json:"f,omitempty"`
}

type wireAnswer struct {
	Status  int               `json:"s"`
	Interim []int             `json:"i,omitempty"`
	Fields  map[string]string `json:"f,omitempty"`
}

// Record implements Journal.
func (j *RedisJournal) Record(ctx context.Context, key string, e JournalEntry) (JournalRun, int, error) {
	item, err := json.Marshal(wireEntry{e.Exam, e.Step, e.Method, e.Target, e.Proto, e.ContentLength, e.ContentHash, e.Fields})
	if err != nil {
		return JournalRun{}, -1, err
	}
	v, err := recordScript.Run(ctx, j.store.client, nil, j.store.nowArg(), key, item,
		j.opts.MaxEntries, j.opts.MaxKeys, j.opts.MaxBytes, durationMS(j.opts.TTL), j.ago(e.Arrived)).Slice()
	if err != nil {
		return JournalRun{}, -1, j.store.wrap(ctx, err)
	}
	if len(v) != 4 {
		return JournalRun{}, -1, fmt.Errorf("%s: journal record returned %d values", j.store.desc, len(v))
	}
	seq, _ := v[0].(int64)
	run, err := decodeRun(key, v[1:])
	if err != nil {
		return JournalRun{}, -1, fmt.Errorf("%s: %w", j.store.desc, err)
	}
	return run, int(seq), nil
}

// Answer implements Journal.
func (j *RedisJournal) Answer(ctx context.Context, key string, seq int, a JournalAnswer) error {
	if seq < 0 {
		return nil
	}
	item, err := json.Marshal(wireAnswer{a.Status, a.Interim, a.Fields})
	if err != nil {
		return err
	}
	err = answerScript.Run(ctx, j.store.client, nil, j.store.nowArg(), key, seq, item,
		j.opts.MaxBytes, durationMS(j.opts.TTL), j.ago(a.Sent)).Err()
	return j.store.wrap(ctx, err)
}

// ago is how long before now, in µs, the caller stamped t: measured on the
// caller's monotonic clock (or the store's test clock), it moves the
// moment onto Redis's timeline whatever the skew between the clocks. A
// zero t is now.
func (j *RedisJournal) ago(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	if j.store.clock != nil {
		return max(0, j.store.clock().Sub(t).Microseconds())
	}
	return max(0, time.Since(t).Microseconds())
}

// Run implements Journal.
func (j *RedisJournal) Run(ctx context.Context, key string) (JournalRun, error) {
	v, err := runScript.Run(ctx, j.store.client, nil, j.store.nowArg(), durationMS(j.opts.TTL), key).Slice()
	if err != nil {
		return JournalRun{}, j.store.wrap(ctx, err)
	}
	run, err := decodeRun(key, v)
	if err != nil {
		return JournalRun{}, fmt.Errorf("%s: %w", j.store.desc, err)
	}
	if len(run.Entries) == 0 && run.Dropped == 0 {
		return JournalRun{}, ErrNotFound
	}
	return run, nil
}

// Forget implements Journal.
func (j *RedisJournal) Forget(ctx context.Context, key string) error {
	return j.store.wrap(ctx, forgetScript.Run(ctx, j.store.client, nil, j.store.nowArg(), key).Err())
}

// decodeRun reads {now, entries, answers} as the scripts return them.
func decodeRun(key string, v []any) (JournalRun, error) {
	if len(v) != 3 {
		return JournalRun{}, fmt.Errorf("journal read returned %d values", len(v))
	}
	now, err := microTime(fmt.Sprint(v[0]))
	if err != nil {
		return JournalRun{}, err
	}
	run := JournalRun{Key: key, Now: now}
	items, _ := v[1].([]any)
	for _, it := range items {
		at, raw, err := timedItem(it)
		if err != nil {
			return JournalRun{}, err
		}
		var w wireEntry
		if err := json.Unmarshal(raw, &w); err != nil {
			return JournalRun{}, fmt.Errorf("journal entry: %v", err)
		}
		run.Entries = append(run.Entries, JournalEntry{Arrived: at, Exam: w.Exam, Step: w.Step, Method: w.Method,
			Target: w.Target, Proto: w.Proto, ContentLength: w.ContentLength, ContentHash: w.ContentHash, Fields: w.Fields})
	}
	answers, _ := v[2].([]any)
	for i := 0; i+1 < len(answers); i += 2 {
		name := fmt.Sprint(answers[i])
		if name == "dropped" {
			run.Dropped, _ = strconv.Atoi(fmt.Sprint(answers[i+1]))
			continue
		}
		seq, err := strconv.Atoi(name)
		if err != nil || seq < 0 || seq >= len(run.Entries) {
			continue
		}
		at, raw, err := timedItem(answers[i+1])
		if err != nil {
			return JournalRun{}, err
		}
		var w wireAnswer
		if err := json.Unmarshal(raw, &w); err != nil {
			return JournalRun{}, fmt.Errorf("journal answer: %v", err)
		}
		run.Entries[seq].Answer = JournalAnswer{Sent: at, Status: w.Status, Interim: w.Interim, Fields: w.Fields}
	}
	return run, nil
}

// timedItem splits "MICROSECONDS JSON".
func timedItem(v any) (time.Time, []byte, error) {
	s, _ := v.(string)
	us, raw, ok := strings.Cut(s, " ")
	if !ok {
		return time.Time{}, nil, fmt.Errorf("journal item %.40q has no time", s)
	}
	t, err := microTime(us)
	return t, []byte(raw), err
}

// microTime reads a Lua number of microseconds since the Unix epoch.
func microTime(s string) (time.Time, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("journal time %.30q: %v", s, err)
	}
	return time.UnixMicro(int64(f)), nil
}
