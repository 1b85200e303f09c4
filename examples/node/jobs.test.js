// Polling an asynchronous job: POST /jobs answers 202 Accepted with the
// Location of a status monitor and a Retry-After (RFC 9110, 15.3.3); the
// monitor answers 200 while the job runs, paced by its own Retry-After,
// and 303 See Other to the result once it is done (RFC 9110, 15.4.4).
// Jobs need no key: their ids are 128 random bits.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { retryAfterMs } from './retry.js';
import { findStatuskit, startStatuskit } from './statuskit.js';

// Polls allowed before a test gives up: the job takes 1 s and the monitor
// asks for a poll a second, so two or three are enough.
const maxPolls = 10;

let sk;
before(async () => { sk = await startStatuskit(); });
after(() => sk?.stop());

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

describe('jobs', { concurrency: true }, () => {
  test('a job is polled at its Retry-After until 303, then the result is fetched', async () => {
    const start = Date.now();
    const accepted = await fetch(sk.url('/jobs?duration=1s&result=201'), { method: 'POST', redirect: 'manual' });
    await accepted.arrayBuffer();
    assert.equal(accepted.status, 202);
    const monitor = new URL(accepted.headers.get('location'), accepted.url);

    let res = accepted;
    for (let poll = 0; ; poll++) {
      assert.ok(poll < maxPolls, `the job was still running after ${maxPolls} polls`);
      await sleep(retryAfterMs(res.headers.get('retry-after')));
      res = await fetch(monitor, { redirect: 'manual' });
      const status = await res.json();
      if (res.status !== 200) {
        assert.equal(status.state, 'done');
        break;
      }
      assert.equal(status.state, 'running');
    }
    const doneAfter = Date.now() - start;

    assert.equal(res.status, 303);
    assert.ok(doneAfter >= 1000, `the monitor said done ${doneAfter} ms after the POST, before the job's 1 s`);
    const result = await fetch(new URL(res.headers.get('location'), monitor));
    await result.arrayBuffer();
    assert.equal(result.status, 201);
  });

  test('fetch follows the 303 to the result by itself', async () => {
    const accepted = await fetch(sk.url('/jobs?duration=0s&result=204'), { method: 'POST' });
    await accepted.arrayBuffer();
    assert.equal(accepted.status, 202);

    const res = await fetch(new URL(accepted.headers.get('location'), accepted.url));
    await res.arrayBuffer();

    assert.equal(res.status, 204);
    assert.ok(res.redirected, 'the monitor redirected');
    assert.match(res.url, /\/jobs\/[0-9a-f]+\/result$/);
  });
});

test('a server that cannot start is reported with its own message', async () => {
  await assert.rejects(
    startStatuskit({ bin: findStatuskit(), args: ['--max-sleep', '-1s'] }),
    /exited with status 2 before it was ready[\s\S]*--max-sleep takes a duration of 0 or more/,
  );
});
