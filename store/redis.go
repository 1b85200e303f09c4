package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisOptions configure a Redis store.
type RedisOptions struct {
	// Clock, when set, replaces the Redis server's TIME as the store's
	// time. Only tests should set it: replicas agree on time because they
	// all ask the one Redis.
	Clock Clock
}

// Redis keeps the scenarios' state in Redis, so that several statuskit
// replicas behind a load balancer behave exactly like one server: each
// operation is one Lua script, which Redis runs atomically, and takes its
// time from the Redis server. Every key it writes is prefixed
// "statuskit:" and has a TTL.
//
// The client reconnects by itself; while Redis is unreachable operations
// fail with an error matching ErrUnavailable.
type Redis struct {
	client *redis.Client
	clock  Clock
	desc   string
}

// Key spaces in Redis.
const (
	redisSeqPrefix = "statuskit:seq:"
	redisRLPrefix  = "statuskit:rl:"
	redisJobPrefix = "statuskit:job:"
	redisResPrefix = "statuskit:res:"
)

// NewRedis connects to the Redis at rawURL: redis://[user:password@]host:port/db,
// rediss:// for TLS, or unix:///path/to/socket?db=N. go-redis options such
// as ?dial_timeout=2s may be added. It does not wait for Redis to be
// reachable; call Ping to check.
//
// Unlike go-redis's default, commands are not retried (unless the URL
// sets max_retries): a script whose reply was lost may have run, and
// running it again would advance a sequence or count a request twice.
func NewRedis(rawURL string, opts RedisOptions) (*Redis, error) {
	o, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis URL %q: %v; write it as redis://host:port/db, e.g. redis://127.0.0.1:6379/0", redactURL(rawURL), err)
	}
	q, _ := url.Parse(rawURL)
	set := func(name string) bool { return q != nil && q.Query().Has(name) }
	if !set("max_retries") {
		o.MaxRetries = -1
	}
	// Short timeouts: a stateful request should fail fast with 503 rather
	// than hang while Redis is unreachable.
	if !set("dial_timeout") {
		o.DialTimeout = time.Second
	}
	if !set("read_timeout") {
		o.ReadTimeout = time.Second
	}
	if !set("write_timeout") {
		o.WriteTimeout = time.Second
	}
	if !set("pool_timeout") {
		o.PoolTimeout = 2 * time.Second
	}
	// One dial attempt per request: go-redis's default of five, 100ms
	// apart, would hold every request half a second while Redis is down.
	o.DialerRetries = 1
	return &Redis{
		client: redis.NewClient(o),
		clock:  opts.Clock,
		desc:   fmt.Sprintf("redis at %s (db %d)", o.Addr, o.DB),
	}, nil
}

// redactURL hides a password for messages, and echoes what it cannot
// parse, with anything before an "@" hidden: the person who typed it
// needs to see what the program got.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err == nil && (u.User != nil || !strings.Contains(raw, "@")) {
		return u.Redacted()
	}
	// Unparsable, or "user:pass@host:port" read as an opaque URL: hide
	// whatever comes before the last "@".
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		prefix := ""
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			prefix = raw[:j+3]
		}
		return prefix + "xxxxx@" + raw[i+1:]
	}
	return raw
}

// String describes the store without credentials, e.g.
// "redis at 127.0.0.1:6379 (db 0)".
func (s *Redis) String() string { return s.desc }

// Ping checks that Redis answers.
func (s *Redis) Ping(ctx context.Context) error {
	return s.wrap(ctx, s.client.Ping(ctx).Err())
}

// Close closes the connection pool.
func (s *Redis) Close() error { return s.client.Close() }

// Errors Redis replies with that mean "not now" rather than a bug.
var unavailablePrefixes = []string{"LOADING", "BUSY", "OOM", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "MISCONF"}

// wrap classifies an error: the caller's context ending passes through,
// unreachability and "not now" replies become UnavailableError, and
// anything else (a script bug) stays an ordinary error.
func (s *Redis) wrap(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		msg := rerr.Error()
		for _, p := range unavailablePrefixes {
			if strings.HasPrefix(msg, p) {
				return &UnavailableError{Store: s.desc, Err: err}
			}
		}
		return fmt.Errorf("%s: %w", s.desc, err)
	}
	return &UnavailableError{Store: s.desc, Err: err}
}

// nowArg is the first argument of every timed script: empty asks the
// script to use Redis TIME.
func (s *Redis) nowArg() string {
	if s.clock == nil {
		return ""
	}
	return strconv.FormatInt(s.clock().UnixMicro(), 10)
}

// luaNow starts the timed scripts: now in microseconds, from the argument
// or the Redis server's clock. Times are Lua numbers (doubles), exact to
// the microsecond for centuries; fmt keeps all their digits.
const luaNow = `
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local function fmt(x) return string.format('%.17g', x) end
local function ms(us) return math.max(1, math.ceil(us / 1000)) end
`

var seqScript = redis.NewScript(`
local served = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
local pos, nxt
if ARGV[2] == '1' then
  pos = served % n
  nxt = (pos + 1) % n
else
  pos = math.min(served, n - 1)
  nxt = math.min(served + 1, n)
end
redis.call('SET', KEYS[1], nxt, 'PX', ARGV[3])
return pos
`)

// NextInSequence implements Store.
func (s *Redis) NextInSequence(ctx context.Context, key string, n int, cycle bool, ttl time.Duration) (int, error) {
	c := "0"
	if cycle {
		c = "1"
	}
	pos, err := seqScript.Run(ctx, s.client, []string{redisSeqPrefix + key}, n, c, durationMS(ttl)).Int()
	return pos, s.wrap(ctx, err)
}

// ResetSequence implements Store.
func (s *Redis) ResetSequence(ctx context.Context, key string) error {
	return s.wrap(ctx, s.client.Del(ctx, redisSeqPrefix+key).Err())
}

// gcraScript is Memory.Allow's GCRA in Lua; see gcra in memory.go.
var gcraScript = redis.NewScript(luaNow + `
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local interval = window / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local newtat = tat + interval
local allowat = newtat - window
if now < allowat then
  return {0, 0, fmt(allowat - now), fmt(tat - now), fmt(now)}
end
local reset = newtat - now
redis.call('SET', KEYS[1], fmt(newtat), 'PX', ms(reset))
local remaining = math.floor((window - reset) / interval + 1e-9)
return {1, remaining, '0', fmt(reset), fmt(now)}
`)

// Allow implements Store.
func (s *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Decision, error) {
	v, err := gcraScript.Run(ctx, s.client, []string{redisRLPrefix + key}, s.nowArg(), limit, window.Microseconds()).Slice()
	if err != nil {
		return Decision{}, s.wrap(ctx, err)
	}
	if len(v) != 5 {
		return Decision{}, fmt.Errorf("%s: rate limit script returned %d values, want 5", s.desc, len(v))
	}
	d := Decision{Limit: limit}
	d.Allowed = toInt(v[0]) == 1
	d.Remaining = int(toInt(v[1]))
	d.RetryAfter = micros(v[2])
	d.ResetAfter = micros(v[3])
	d.Now = time.UnixMicro(int64(toFloat(v[4])))
	return d, nil
}

var createJobScript = redis.NewScript(luaNow + `
local done = now + tonumber(ARGV[3])
local expires = done + tonumber(ARGV[4])
local forget = expires + tonumber(ARGV[5])
redis.call('HSET', KEYS[1], 'result', ARGV[2], 'created', fmt(now), 'done', fmt(done),
  'expires', fmt(expires), 'forget', fmt(forget), 'cancelled', '0', 'poll', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ms(forget - now))
return {fmt(now), fmt(done), fmt(expires)}
`)

// CreateJob implements Store.
func (s *Redis) CreateJob(ctx context.Context, id string, spec JobSpec) (Job, error) {
	v, err := createJobScript.Run(ctx, s.client, []string{redisJobPrefix + id}, s.nowArg(), spec.Result,
		spec.Duration.Microseconds(), spec.Keep.Microseconds(), spec.Tombstone.Microseconds(), spec.Poll.Microseconds()).Slice()
	if err != nil {
		return Job{}, s.wrap(ctx, err)
	}
	if len(v) != 3 {
		return Job{}, fmt.Errorf("%s: job script returned %d values, want 3", s.desc, len(v))
	}
	created := instant(v[0])
	return Job{ID: id, Result: spec.Result, Created: created, Done: instant(v[1]), Expires: instant(v[2]), Poll: spec.Poll, Now: created}, nil
}

// luaReadJob reads the job hash into f (nil when forgotten) and drops a
// job whose tombstone has expired by the store's clock.
const luaReadJob = `
local f = redis.call('HMGET', KEYS[1], 'result', 'created', 'done', 'expires', 'forget', 'cancelled', 'poll')
if not f[1] then return false end
if now >= tonumber(f[5]) then
  redis.call('DEL', KEYS[1])
  return false
end
local record = {f[1], f[2], f[3], f[4], f[6], fmt(now), f[7] or '0'}
`

var jobScript = redis.NewScript(luaNow + luaReadJob + `
return record
`)

var cancelJobScript = redis.NewScript(luaNow + luaReadJob + `
if f[6] ~= '1' and now < tonumber(f[4]) then
  local tomb = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'cancelled', '1', 'expires', fmt(now), 'forget', fmt(now + tomb))
  redis.call('PEXPIRE', KEYS[1], ms(tomb))
end
return record
`)

// Job implements Store.
func (s *Redis) Job(ctx context.Context, id string) (Job, error) {
	return s.readJob(ctx, id, jobScript.Run(ctx, s.client, []string{redisJobPrefix + id}, s.nowArg()))
}

// CancelJob implements Store.
func (s *Redis) CancelJob(ctx context.Context, id string, tombstone time.Duration) (Job, error) {
	return s.readJob(ctx, id, cancelJobScript.Run(ctx, s.client, []string{redisJobPrefix + id}, s.nowArg(), tombstone.Microseconds()))
}

func (s *Redis) readJob(ctx context.Context, id string, cmd *redis.Cmd) (Job, error) {
	v, err := cmd.Slice()
	if errors.Is(err, redis.Nil) {
		return Job{}, ErrNotFound
	}
	if err != nil {
		return Job{}, s.wrap(ctx, err)
	}
	if len(v) != 7 {
		return Job{}, fmt.Errorf("%s: job script returned %d values, want 7", s.desc, len(v))
	}
	result, _ := strconv.Atoi(toString(v[0]))
	return Job{
		ID: id, Result: result,
		Created: instant(v[1]), Done: instant(v[2]), Expires: instant(v[3]),
		Cancelled: toString(v[4]) == "1",
		Poll:      micros(v[6]),
		Now:       instant(v[5]),
	}, nil
}

func redisResourceKey(ns, name string) string { return redisResPrefix + resourceKey(ns, name) }

// luaReadResource reads the state of a resource key: live, ver (0 when
// none), gone (a tombstone). A record past its logical expiry is dropped,
// so a store on an injected clock expires like one on real time.
const luaReadResource = `
local f = redis.call('HMGET', KEYS[1], 'ver', 'gone', 'exp')
local ver, live, gone = 0, false, false
if f[1] then
  if now >= tonumber(f[3]) then
    redis.call('DEL', KEYS[1])
  else
    ver = tonumber(f[1])
    gone = f[2] == '1'
    live = not gone
  end
end
`

var getResourceScript = redis.NewScript(luaNow + luaReadResource + `
if gone then return {'gone'} end
if not live then return {'absent'} end
local r = redis.call('HMGET', KEYS[1], 'body', 'ctype', 'etag', 'mod')
return {'ok', ver, r[1], r[2], r[3], r[4]}
`)

var putResourceScript = redis.NewScript(luaNow + luaReadResource + `
if ARGV[6] == '1' and live then return {'conflict'} end
local want = tonumber(ARGV[5])
if want ~= 0 and (not live or ver ~= want) then return {'conflict'} end
ver = ver + 1
local ttl = tonumber(ARGV[7])
redis.call('HSET', KEYS[1], 'ver', ver, 'body', ARGV[2], 'ctype', ARGV[3], 'etag', ARGV[4],
  'mod', fmt(now), 'gone', '0', 'exp', fmt(now + ttl))
redis.call('PEXPIRE', KEYS[1], ms(ttl))
local created = 1
if live then created = 0 end
return {'ok', ver, fmt(now), created}
`)

var deleteResourceScript = redis.NewScript(luaNow + luaReadResource + `
if gone then return {'gone'} end
if not live then return {'absent'} end
local want = tonumber(ARGV[2])
if want ~= 0 and ver ~= want then return {'conflict'} end
local tomb = tonumber(ARGV[3])
redis.call('HDEL', KEYS[1], 'body', 'ctype', 'etag')
redis.call('HSET', KEYS[1], 'gone', '1', 'mod', fmt(now), 'exp', fmt(now + tomb))
redis.call('PEXPIRE', KEYS[1], ms(tomb))
return {'ok'}
`)

// Resource implements Store.
func (s *Redis) Resource(ctx context.Context, ns, name string) (Resource, error) {
	v, err := getResourceScript.Run(ctx, s.client, []string{redisResourceKey(ns, name)}, s.nowArg()).Slice()
	if err != nil {
		return Resource{}, s.wrap(ctx, err)
	}
	if err := outcome(v); err != nil {
		return Resource{}, err
	}
	if len(v) != 6 {
		return Resource{}, fmt.Errorf("%s: resource script returned %d values, want 6", s.desc, len(v))
	}
	return Resource{
		Representation: Representation{Body: []byte(toString(v[2])), ContentType: toString(v[3]), ETag: toString(v[4])},
		Version:        toInt(v[1]),
		Modified:       instant(v[5]),
	}, nil
}

// PutResource implements Store.
func (s *Redis) PutResource(ctx context.Context, ns, name string, rep Representation, cond Condition, ttl time.Duration) (Resource, bool, error) {
	absent := "0"
	if cond.Absent {
		absent = "1"
	}
	v, err := putResourceScript.Run(ctx, s.client, []string{redisResourceKey(ns, name)}, s.nowArg(),
		rep.Body, rep.ContentType, rep.ETag, cond.Version, absent, ttl.Microseconds()).Slice()
	if err != nil {
		return Resource{}, false, s.wrap(ctx, err)
	}
	if err := outcome(v); err != nil {
		return Resource{}, false, err
	}
	if len(v) != 4 {
		return Resource{}, false, fmt.Errorf("%s: resource script returned %d values, want 4", s.desc, len(v))
	}
	rep.Body = append([]byte(nil), rep.Body...)
	return Resource{Representation: rep, Version: toInt(v[1]), Modified: instant(v[2])}, toInt(v[3]) == 1, nil
}

// DeleteResource implements Store.
func (s *Redis) DeleteResource(ctx context.Context, ns, name string, cond Condition, tombstone time.Duration) error {
	v, err := deleteResourceScript.Run(ctx, s.client, []string{redisResourceKey(ns, name)}, s.nowArg(),
		cond.Version, tombstone.Microseconds()).Slice()
	if err != nil {
		return s.wrap(ctx, err)
	}
	return outcome(v)
}

// outcome turns a resource script's first value into an error.
func outcome(v []any) error {
	if len(v) == 0 {
		return errors.New("resource script returned nothing")
	}
	switch toString(v[0]) {
	case "ok":
		return nil
	case "absent":
		return ErrNotFound
	case "gone":
		return ErrGone
	case "conflict":
		return ErrConflict
	}
	return fmt.Errorf("resource script returned %q", toString(v[0]))
}

// Reply conversions. Lua numbers come back as integers, the microsecond
// times as strings (so no digit is lost).

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return ""
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}

func toFloat(v any) float64 {
	f, _ := strconv.ParseFloat(toString(v), 64)
	return f
}

func micros(v any) time.Duration {
	return time.Duration(toFloat(v) * float64(time.Microsecond))
}

func instant(v any) time.Time {
	return time.UnixMicro(int64(toFloat(v)))
}

func durationMS(d time.Duration) int64 {
	return max(1, int64((d+time.Millisecond-1)/time.Millisecond))
}
