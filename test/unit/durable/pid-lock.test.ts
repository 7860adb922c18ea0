/** src/durable/pid-lock: the one lock under every store (held, stale broken, two breakers, release). */
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  acquirePidLock,
  pidLockHolder,
  readPidLockOwner,
  removePidLockLeftovers,
} from '../../../src/durable/pid-lock.js';
import { processStart } from '../../../src/durable/process-alive.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'pkicfg-pidlock-'));

/** A pid no process has: a child that ran and was reaped. */
function deadPid(): number {
  const c = spawnSync(process.execPath, ['-e', '0']);
  return c.pid!;
}

describe('acquirePidLock', () => {
  test('a held lock answers with its holder (a value, not an exception) until released', () => {
    const file = join(dir(), 'lock');
    const a = acquirePidLock(file, { user: 'netadmin' });
    expect(a.ok).toBe(true);
    const b = acquirePidLock(file, { user: 'bob' });
    expect(b).toMatchObject({ ok: false, holder: { user: 'netadmin', pid: process.pid, host: hostname() } });
    expect(pidLockHolder(file)).toMatchObject({ user: 'netadmin' });
    if (a.ok) {
      expect(a.lock.owner.started).toBe(processStart(process.pid));
      a.lock.release();
      a.lock.release(); // idempotent
    }
    expect(existsSync(file)).toBe(false);
    expect(pidLockHolder(file)).toBeUndefined();
    expect(acquirePidLock(file, {}).ok).toBe(true);
  });

  test('a release removes only its own lock', () => {
    const file = join(dir(), 'lock');
    const a = acquirePidLock(file, {});
    if (!a.ok) throw new Error('not taken');
    // someone broke it (say, by hand) and another holder took it: a's release must not remove that one
    writeFileSync(
      file,
      JSON.stringify({ pid: process.pid, host: hostname(), token: 'other', started: a.lock.owner.started }),
    );
    a.lock.release();
    expect(readPidLockOwner(file)?.token).toBe('other');
  });

  test("a dead holder's lock is broken and taken, and so is one whose pid now runs a later process", () => {
    const d = dir();
    const file = join(d, 'lock');
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'dead' }));
    expect(pidLockHolder(file)).toBeUndefined();
    const r = acquirePidLock(file, { user: 'x' });
    expect(r.ok).toBe(true);
    if (r.ok) r.lock.release();
    // pid reuse: the pid runs (our parent), but it started at another time than the lock says
    writeFileSync(
      file,
      JSON.stringify({ pid: process.ppid, host: hostname(), token: 'reused', started: '1' }),
    );
    expect(acquirePidLock(file, {}).ok).toBe(true);
    expect(readdirSync(d)).toEqual(['lock']);
  });

  test("another host's lock is never broken (its pids mean nothing here)", () => {
    const file = join(dir(), 'lock');
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, token: 'far' }));
    expect(acquirePidLock(file, {})).toMatchObject({ ok: false, holder: { token: 'far' } });
  });

  test('a lock directory of the older stores: live pid held, dead or missing pid broken', () => {
    const d = dir();
    const file = join(d, '.lock');
    mkdirSync(file);
    writeFileSync(join(file, 'pid'), String(process.ppid));
    expect(acquirePidLock(file, {})).toMatchObject({ ok: false, holder: { pid: process.ppid } });
    writeFileSync(join(file, 'pid'), String(deadPid()));
    expect(acquirePidLock(file, {}).ok).toBe(true);
  });

  test('waitMs waits for a holder that releases', async () => {
    const file = join(dir(), 'lock');
    const child = spawn(process.execPath, ['--input-type=module', '-e', HOLD_THEN_RELEASE, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((ok) => child.stdout.once('data', () => ok()));
    expect(acquirePidLock(file, {}).ok).toBe(false);
    child.kill('SIGUSR1');
    const r = acquirePidLock(file, {}, { waitMs: 20_000 });
    expect(r.ok).toBe(true);
    await new Promise((ok) => child.once('exit', ok));
  });

  test('removePidLockLeftovers removes temp files of dead pids and markers of dead breakers only', () => {
    const d = dir();
    const file = join(d, 'lock');
    const r = acquirePidLock(file, {});
    if (!r.ok) throw new Error('not taken');
    const dead = deadPid();
    writeFileSync(`${file}.${dead}.0123456789abcdef`, '{}');
    writeFileSync(`${file}.${process.pid}.fedcba9876543210`, '{}');
    writeFileSync(`${file}.break.old`, JSON.stringify({ pid: dead, host: hostname(), token: 'm' }));
    writeFileSync(`${file}.unrelated`, '');
    expect(removePidLockLeftovers(file)).toBe(2);
    expect(readdirSync(d).sort()).toEqual(['lock', `lock.${process.pid}.fedcba9876543210`, 'lock.unrelated']);
  });
});

/** Child: takes the lock at argv[1], says so, releases it on SIGUSR1. */
const HOLD_THEN_RELEASE = `
import { acquirePidLock } from ${JSON.stringify(resolve('dist/src/durable/pid-lock.js'))};
const r = acquirePidLock(process.argv[1], { who: 'child' });
if (!r.ok) process.exit(2);
process.stdout.write('held\\n');
process.on('SIGUSR1', () => { r.lock.release(); process.exit(0); });
setInterval(() => {}, 1000);
`;

/**
 * Child of the race: waits for the start signal (a file), then takes the lock
 * at argv[1] (waiting), checks that it is alone in the critical section and
 * that nobody broke its live lock meanwhile, and exits WITHOUT releasing: its
 * lock goes stale for the next children, which all try to break it at once.
 */
const TAKE_AND_DIE = `
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { acquirePidLock } from ${JSON.stringify(resolve('dist/src/durable/pid-lock.js'))};
const [file, go, inside] = process.argv.slice(1);
while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
const r = acquirePidLock(file, {}, { waitMs: 60000 });
if (!r.ok) { console.log('timeout'); process.exit(3); }
try { writeFileSync(inside, String(process.pid), { flag: 'wx' }); } catch { console.log('overlap'); process.exit(4); }
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
const now = JSON.parse(readFileSync(file, 'utf8'));
if (now.token !== r.lock.owner.token) { console.log('broken while alive'); process.exit(5); }
unlinkSync(inside);
console.log('ok');
process.exit(0);
`;

describe('two or more breakers of the same stale lock', () => {
  test('child processes breaking dead holders at once: one holder at a time, no live lock broken', async () => {
    const d = dir();
    const file = join(d, 'lock');
    const go = join(d, 'go');
    const inside = join(d, 'inside');
    // the first stale lock, which every child finds at the start
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'first' }));
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', TAKE_AND_DIE, file, go, inside], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const results = children.map(
      (c) =>
        new Promise<string>((ok) => {
          let out = '';
          c.stdout.on('data', (b: Buffer) => (out += b.toString()));
          c.on('exit', (code) => ok(`${code} ${out.trim()}`));
        }),
    );
    writeFileSync(go, '');
    expect(await Promise.all(results)).toEqual(children.map(() => '0 ok'));
    // the last child's lock is stale now: the next acquirer takes it
    const r = acquirePidLock(file, {});
    expect(r.ok).toBe(true);
    if (r.ok) removePidLockLeftovers(file);
    expect(readdirSync(d).sort()).toEqual(['go', 'lock']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
  }, 120_000);
});
