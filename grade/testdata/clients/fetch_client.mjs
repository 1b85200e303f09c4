// Takes statuskit exams with Node's built-in fetch, the way a program would.
//
// Usage: node fetch_client.mjs JOBS DEADLINE
//
// JOBS and the output are those of urllib3_client.py: one JSON line per
// job, {exam, status, url} or {exam, error}. fetch has no retries of its
// own; it follows redirects.
const body = '{"statuskit":"exam"}';
const json = { 'Content-Type': 'application/json' };
const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));

async function poll(url) {
  let r = await fetch(url, { method: 'POST', body, headers: json });
  await r.arrayBuffer();
  const monitor = new URL(r.headers.get('location'), url);
  let wait = Number(r.headers.get('retry-after') ?? '1');
  for (;;) {
    await sleep(wait);
    r = await fetch(monitor);
    await r.arrayBuffer();
    if (!r.headers.has('retry-after')) return r;
    wait = Number(r.headers.get('retry-after'));
  }
}

async function run(job) {
  let out;
  try {
    let r;
    switch (job.do) {
      case 'get': r = await fetch(job.url); break;
      case 'post': r = await fetch(job.url, { method: 'POST', body, headers: json }); break;
      case 'head': r = await fetch(job.url, { method: 'HEAD' }); break;
      case 'twice': await (await fetch(job.url)).arrayBuffer(); r = await fetch(job.url); break;
      case 'async': r = await poll(job.url); break;
      default: throw new Error('unknown job ' + job.do);
    }
    if (!r.bodyUsed) await r.arrayBuffer();
    out = { status: r.status, url: r.url };
  } catch (e) {
    out = { error: `${e.name}: ${e.message}${e.cause ? ' (' + e.cause + ')' : ''}`.slice(0, 400) };
  }
  out.exam = job.exam;
  process.stdout.write(JSON.stringify(out) + '\n');
}

const [jobs, deadline] = [JSON.parse(process.argv[2]), Number(process.argv[3])];
setTimeout(() => process.exit(0), deadline * 1000).unref();
await Promise.all(jobs.map(run));
