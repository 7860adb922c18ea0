// `pkicfg daemon` stopped by a signal while it sleeps leaves no timer behind:
// the process exits at once instead of when the sleep would have ended.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../src/enroll/clock.js';
import { runDaemon } from '../../../src/enroll/daemon.js';
import type { HttpTransport } from '../../../src/protocols/http/transport.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('aborting the loop while it sleeps clears the sleep timer', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pkicfg-daemon-stop-'));
  try {
    const unused: HttpTransport = { send: () => Promise.reject(new Error('no network in this test')) };
    const controller = new AbortController();
    const before = timers();
    const done = runDaemon(
      {
        stateDir,
        clock: systemClock,
        scepTransport: unused,
        cmpTransport: () => {
          throw new Error('no CMP in this test');
        },
        log: () => undefined,
      },
      { once: false, intervalMs: 600_000, signal: controller.signal },
    );
    // Let the first pass finish and the loop fall asleep for the interval.
    const deadline = Date.now() + 10_000;
    while (timers() === before && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(timers()).toBe(before + 1);
    controller.abort();
    await expect(done).resolves.toBe(true);
    expect(timers()).toBe(before);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
