// Runs a real `statuskit serve` for tests: on a free loopback port, ready
// before the first test, stopped after the last.
//
//   import { startStatuskit } from './statuskit.js';
//   let sk;
//   before(async () => { sk = await startStatuskit(); });
//   after(() => sk.stop());
//   test('503', async () => { const r = await fetch(sk.url('/503')); ... });

import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// How long a server may take to become ready, and to stop after SIGTERM.
// statuskit starts in tens of milliseconds; the margin is for a loaded CI
// machine.
const readyTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;
// The most of the server's output kept for error messages.
const maxLogBytes = 64 << 10;

// statuskit serve prints this line on stderr once it listens.
const servingOn = /serving on (127\.0\.0\.1:\d+)/;

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

let built = null;

/**
 * The statuskit binary: $STATUSKIT_BIN if set; else built once per process
 * from this checkout with `go build` into a temporary directory (when `go`
 * is on PATH); else `statuskit` on PATH. Throws saying how to provide one.
 */
export function findStatuskit() {
  if (process.env.STATUSKIT_BIN) {
    accessSync(process.env.STATUSKIT_BIN, constants.X_OK);
    return process.env.STATUSKIT_BIN;
  }
  const go = onPath('go');
  if (go && existsSync(join(repo, 'go.mod'))) {
    if (!built) {
      const bin = join(mkdtempSync(join(tmpdir(), 'statuskit-')), 'statuskit');
      execFileSync(go, ['build', '-o', bin, './cmd/statuskit'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
      built = bin;
    }
    return built;
  }
  const installed = onPath('statuskit');
  if (installed) return installed;
  throw new Error('no statuskit binary: set STATUSKIT_BIN=/path/to/statuskit, put Go on PATH to build it from this checkout, or install statuskit on PATH');
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts `statuskit serve` with extra flags `args` on a port the kernel
 * picks (--addr 127.0.0.1:0, so parallel runs never race for one), reads
 * the address from its "serving on" line and waits until /readyz answers
 * 200. Rejects with the server's output if it exits first or is not ready
 * within 10 s.
 *
 * Resolves to { url(path), log(), stop() }: url gives the URL of a path
 * on the server, log what it has printed, and stop shuts it down with
 * SIGTERM (SIGKILL after 5 s), rejecting if it did not exit cleanly.
 */
export async function startStatuskit({ bin = findStatuskit(), args = [] } = {}) {
  const argv = ['serve', '--addr', '127.0.0.1:0', '--drain-timeout', '2s', ...args];
  const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-maxLogBytes);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  // 'close', not 'exit': it comes after the output is read to the end.
  const exited = new Promise((done) => child.once('close', (code, signal) => done({ code, signal })));
  let exit = null;
  exited.then((e) => { exit = e; });
  const describe = () => `${bin} ${argv.join(' ')}`;

  const deadline = Date.now() + readyTimeoutMs;
  let addr = null;
  for (;;) {
    if (exit) {
      throw new Error(`${describe()} exited with status ${exit.code ?? exit.signal} before it was ready; its output:\n${output}`);
    }
    addr ??= output.match(servingOn)?.[1] ?? null;
    if (addr && (await ready(addr))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${describe()} was not ready within ${readyTimeoutMs} ms (address ${addr ?? 'not yet printed'}); its output:\n${output}`);
    }
    await sleep(5);
  }

  return {
    url: (path) => `http://${addr}${path}`,
    log: () => output,
    async stop() {
      if (!exit) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const { code, signal } = await exited;
      clearTimeout(timer);
      if (code !== 0) {
        throw new Error(`statuskit did not exit cleanly after SIGTERM (status ${code ?? signal}); its output:\n${output}`);
      }
    },
  };
}

async function ready(addr) {
  try {
    const res = await fetch(`http://${addr}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
