// A running daemon notices a commit made after it fell asleep: a `commit
// confirmed` whose deadline passes is rolled back by the daemon itself, with no
// other command opening the store (the daemon sleeps for its whole interval
// otherwise). The committer's clock is set back so that `commit confirmed 1`
// falls due half a second after it is made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { Session } from '../../../src/commit/session.js';
import { Store } from '../../../src/commit/store.js';
import { systemClock, type Clock } from '../../../src/enroll/clock.js';
import { runDaemon } from '../../../src/enroll/daemon.js';
import { sleepUntilChanged } from '../../../src/enroll/head-watch.js';
import type { HttpTransport } from '../../../src/protocols/http/transport.js';

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`;
const AUTO_ROLLBACK_LINE = new RegExp(
  `Commit was not confirmed; automatic rollback complete \\(the configuration committed at ${TIME} is active again, the unconfirmed commit of ${TIME} is now rollback 1\\)`,
);

const unused: HttpTransport = { send: () => Promise.reject(new Error('no network in this test')) };

async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return pred();
}

test('the daemon rolls back a commit confirmed made after it started, at the deadline', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pkicfg-daemon-watch-'));
  const controller = new AbortController();
  let asleep = 0;
  // the system clock, counting the loop's sleeps (the first one: the first pass is done)
  const clock: Clock = { now: systemClock.now, sleep: (ms, s) => (asleep++, systemClock.sleep(ms, s)) };
  const log: string[] = [];
  const done = runDaemon(
    {
      stateDir,
      clock,
      scepTransport: unused,
      cmpTransport: () => {
        throw new Error('no CMP in this test');
      },
      log: (l) => void log.push(l),
    },
    { once: false, intervalMs: 3_600_000, signal: controller.signal },
  );
  try {
    expect(await until(() => asleep > 0, 10_000)).toBe(true);
    const store = new Store(stateDir, { durable: false, clock: () => Date.now() - 59_500 });
    const language = defaultLanguage();
    const s = Session.open({ store, language, user: 'admin', via: 'cli' }).value as Session;
    await s.applyCommands('set security pki ca-profile A ca-identity A', 'test');
    expect((await s.commit()).value.ok).toBe(true);
    await s.applyCommands('set security pki ca-profile B ca-identity B', 'test');
    const c = await s.commit({ confirmed: 1 });
    expect(c.value.messages).toContain(
      'commit confirmed will be automatically rolled back in 1 minutes unless confirmed',
    );
    const reader = new Store(stateDir, { durable: false });
    const rolledBack = (): boolean => reader.history()[0]?.via === 'other';
    expect(await until(rolledBack, 8_000)).toBe(true);
    expect(reader.history()[0]).toMatchObject({ user: 'root', via: 'other', seq: 3 });
    expect(JSON.stringify(reader.active())).not.toContain('"B"');
    expect(reader.head().pending).toBeUndefined();
    // Junos terms: commit times and rollback numbers, not the store's revision numbers
    expect(log.join('\n')).toMatch(AUTO_ROLLBACK_LINE);
    expect(log.join('\n')).not.toMatch(/revision \d/);
  } finally {
    controller.abort();
    await done;
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('sleepUntilChanged: ends when the file is replaced, at the bound, and on abort', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-head-watch-'));
  try {
    const { writeFileSync, renameSync } = await import('node:fs');
    writeFileSync(join(dir, 'HEAD'), '1');
    let t = Date.now();
    const woke = sleepUntilChanged(systemClock, 60_000, dir, 'HEAD');
    setTimeout(() => {
      writeFileSync(join(dir, '.tmp'), '22');
      renameSync(join(dir, '.tmp'), join(dir, 'HEAD'));
    }, 100);
    expect(await woke).toBe(true);
    expect(Date.now() - t).toBeLessThan(5_000);
    // a version already stale when the sleep starts: no sleep at all
    expect(await sleepUntilChanged(systemClock, 60_000, dir, 'HEAD', { since: 'old' })).toBe(true);
    // another file in the directory does not wake it; the bound does
    t = Date.now();
    setTimeout(() => writeFileSync(join(dir, 'other'), 'x'), 50);
    expect(await sleepUntilChanged(systemClock, 300, dir, 'HEAD')).toBe(false);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    const c = new AbortController();
    setTimeout(() => c.abort(), 50);
    t = Date.now();
    expect(await sleepUntilChanged(systemClock, 60_000, dir, 'HEAD', { signal: c.signal })).toBe(false);
    expect(Date.now() - t).toBeLessThan(5_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
