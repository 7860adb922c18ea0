/**
 * Crash safety of the store (DESIGN invariant 4): a child commits in a loop with
 * real fsyncs and is killed with SIGKILL at random moments (CRASH_KILLS times,
 * default 200). After every kill the store opens without help, the active
 * configuration is the last acknowledged commit or the one in flight, and the
 * history and rollback 1 agree with it. Needs `npm run build` (npm test does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/commit/store.js';
import type { ConfigObject } from '../../src/tree/config-tree.js';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const CHILD = resolve('test/crash/commit-loop.mjs');
const built = existsSync(resolve('dist/src/commit/store.js'));

function counterOf(tree: ConfigObject): number | undefined {
  const p = (tree.security as ConfigObject | undefined)?.pki as ConfigObject | undefined;
  const c = (p?.['ca-profile'] as ConfigObject | undefined)?.COUNTER as ConfigObject | undefined;
  return c ? Number(c['ca-identity']) : undefined;
}

interface Run {
  lastBegin: number;
  lastDone: number;
}

interface Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<void>;
  run: Run;
  onLine?: () => void;
}

/** Start a child that waits for its start number (node startup overlaps the previous round). */
function prespawn(dir: string): Child {
  const proc = spawn(process.execPath, [CHILD, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const child: Child = {
    proc,
    run: { lastBegin: 0, lastDone: 0 },
    exited: new Promise((res) => proc.on('exit', () => res())),
  };
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const [what, n] = buf.slice(0, i).split(' ');
      buf = buf.slice(i + 1);
      if (what === 'begin') child.run.lastBegin = Number(n);
      else if (what === 'done') child.run.lastDone = Number(n);
      child.onLine?.();
    }
  });
  return child;
}

/** Let the child commit from `start`, kill it at a random moment after its first commit began. */
async function runAndKill(child: Child, start: number): Promise<Run> {
  child.run = { lastBegin: start - 1, lastDone: start - 1 };
  await new Promise<void>((res) => {
    child.onLine = () => {
      if (child.run.lastBegin >= start) {
        child.onLine = undefined;
        res();
      }
    };
    child.proc.stdin?.write(`${start}\n`);
  });
  await new Promise((res) => setTimeout(res, Math.floor(Math.random() * 40)));
  child.proc.kill('SIGKILL');
  await child.exited;
  return child.run;
}

(built ? test : test.skip)(
  `store survives ${KILLS} SIGKILLs during commits`,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-crash-'));
    try {
      let next = 1;
      let recovered = 0;
      let inFlight = 0;
      // A few children start ahead, waiting for their start number, so that node's
      // startup overlaps with the previous rounds.
      const pool: Child[] = Array.from({ length: Math.min(3, KILLS) }, () => prespawn(dir));
      let spawned = pool.length;
      for (let k = 0; k < KILLS; k++) {
        const current = pool.shift() as Child;
        const pending = runAndKill(current, next);
        if (spawned < KILLS) {
          pool.push(prespawn(dir));
          spawned++;
        }
        const run = await pending;
        const store = new Store(dir, { enforcePending: false });
        // open-time recovery as any writer does it (under the lock; the dead child's lock is stale)
        const lock = store.lock({ waitMs: 2000 });
        expect(lock.ok).toBe(true);
        if (store.recover()) recovered++;
        if (lock.ok) lock.lock.release();
        const active = counterOf(store.active());
        const committed = active ?? 0;
        // the last acknowledged commit, or the one in flight when killed
        expect([run.lastDone, run.lastBegin]).toContain(committed);
        if (run.lastBegin !== run.lastDone) inFlight++;
        const h = store.history();
        if (committed > 0) {
          expect(h[0].comment).toBe(`c${committed}`);
          expect(h.map((r) => r.seq)).toEqual(h.map((_, i) => h[0].seq - i));
          if (committed > 1) expect(counterOf(store.rollback(1) as ConfigObject)).toBe(committed - 1);
        } else expect(h).toEqual([]);
        next = committed + 1;
      }
      // Every kill left a consistent store; report how often recovery had work to do.
      expect(next).toBeGreaterThan(1);
      process.stderr.write(
        `crash test: ${KILLS} kills, ${next - 1} commits, ${inFlight} kills inside a commit, ${recovered} recoveries with repairs\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  // Each kill costs a node start-up: generous on a loaded 2-core machine.
  900_000,
);
