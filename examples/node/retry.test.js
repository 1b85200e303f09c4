// A retrying fetch against statuskit: flaky sequences, a rate limit, and
// giving up. Each test checks the final status, how many requests the
// server saw, and that the client waited at least the Retry-After the
// server advertised (RFC 9110, 10.2.3) and not much longer.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { fetchWithRetry, retryAfterMs } from './retry.js';
import { startStatuskit } from './statuskit.js';

// The loose upper bound on a wait beyond the advertised Retry-After: loose,
// because CI machines stall.
const slackMs = 2000;

// One server for the file; each test keeps its state apart with its own key.
let sk;
before(async () => { sk = await startStatuskit(); });
after(() => sk?.stop());

const newKey = (name) => `${name.replace(/[^A-Za-z0-9._-]/g, '-')}-${randomUUID()}`;

function assertWaited(elapsedMs, advertisedMs) {
  assert.ok(elapsedMs >= advertisedMs, `took ${elapsedMs} ms; Retry-After asked for ${advertisedMs} ms`);
  assert.ok(elapsedMs < advertisedMs + slackMs, `took ${elapsedMs} ms; Retry-After asked for only ${advertisedMs} ms`);
}

// The tests wait on timers, not on the CPU: run them side by side.
describe('retrying against statuskit', { concurrency: true }, () => {
  test('two 503s are retried after their Retry-After, then 200', async (t) => {
    // Each element carries its own Retry-After, so the test waits 1 s.
    const url = sk.url(`/sequence/503;retry-after=1,503;retry-after=0,200?key=${newKey(t.name)}`);
    const start = Date.now();
    const { response, waits } = await fetchWithRetry(url);
    const elapsed = Date.now() - start;
    await response.arrayBuffer();

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-statuskit-sequence'), '3/3', 'one request per attempt');
    assert.deepEqual(waits, [1000, 0]);
    assertWaited(elapsed, 1000);
  });

  test('a Retry-After given as an HTTP-date is honoured', async (t) => {
    // HTTP-dates have whole seconds: the next whole second plus one is
    // 1 to 2 s away.
    const date = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
    const url = sk.url(`/sequence/503,200?key=${newKey(t.name)}&retry-after=${encodeURIComponent(date.toUTCString())}`);
    const start = Date.now();
    const { response, waits } = await fetchWithRetry(url);
    const elapsed = Date.now() - start;
    await response.arrayBuffer();

    assert.equal(response.status, 200);
    assert.equal(waits.length, 1);
    assert.ok(Date.now() >= date.getTime(), `retried at ${new Date().toISOString()}, before the Retry-After date ${date.toISOString()}`);
    assertWaited(elapsed, waits[0]);
  });

  test('a 429 from the rate limit is waited out', async (t) => {
    const url = sk.url(`/ratelimit?limit=1&window=1s&key=${newKey(t.name)}`);
    const first = await fetch(url);
    await first.arrayBuffer();
    assert.equal(first.status, 200);
    const refused = await fetch(url);
    await refused.arrayBuffer();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1', 'one request a second: the next is allowed within 1 s, rounded up');
    assert.equal(refused.headers.get('ratelimit-policy'), '"default";q=1;w=1');

    const start = Date.now();
    const { response, waits } = await fetchWithRetry(url);
    const elapsed = Date.now() - start;
    await response.arrayBuffer();

    assert.equal(response.status, 200);
    assert.deepEqual(waits, [1000]);
    assertWaited(elapsed, 1000);
  });

  test('retries stop after the given number of tries', async () => {
    // /503 is stateless: every answer is 503, here with Retry-After: 0.
    const { response, waits } = await fetchWithRetry(sk.url('/503?retry-after=0'), { tries: 3 });
    await response.arrayBuffer();

    assert.equal(response.status, 503);
    assert.deepEqual(waits, [0, 0], 'three tries are two retries');
  });
});

describe('retryAfterMs reads RFC 9110 10.2.3 Retry-After', () => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');
  const cases = [
    { value: '120', want: 120_000, why: 'delta-seconds' },
    { value: '0', want: 0, why: 'delta-seconds zero: retry at once' },
    { value: 'Sun, 06 Nov 1994 08:49:42 GMT', want: 5000, why: 'an IMF-fixdate 5 s ahead' },
    { value: 'Sunday, 06-Nov-94 08:49:42 GMT', want: 5000, why: 'the obsolete RFC 850 form, two-digit year' },
    { value: 'Sun Nov  6 08:49:42 1994', want: 5000, why: "the obsolete asctime form, in UTC, not local time" },
    { value: 'Sun, 06 Nov 1994 08:49:00 GMT', want: 0, why: 'a date in the past: at once' },
    { value: null, want: 100, why: 'no field: the client default' },
  ];
  for (const { value, want, why } of cases) {
    test(`${JSON.stringify(value)} is ${want} ms (${why})`, () => {
      assert.equal(retryAfterMs(value, { now, maxMs: 200_000 }), want);
    });
  }
  test('a value that is neither form is an error naming both', () => {
    assert.throws(() => retryAfterMs('soon', { now }), /neither delta-seconds \(120\) nor an HTTP-date/);
    assert.throws(() => retryAfterMs('-1', { now }), /neither delta-seconds/);
    assert.throws(() => retryAfterMs('1.5', { now }), /neither delta-seconds/);
    assert.throws(() => retryAfterMs('Sun, 31 Feb 1994 08:49:37 GMT', { now }), /neither delta-seconds/);
    assert.throws(() => retryAfterMs('Sun, 06 Nov 1994 08:49:37 +0000', { now }), /neither delta-seconds/);
  });
  test('a wait over the limit is an error, not a hang', () => {
    assert.throws(() => retryAfterMs('3600', { now, maxMs: 10_000 }), /asks for 3600000 ms, more than the 10000 ms/);
  });
});
