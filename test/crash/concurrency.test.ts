/**
 * Concurrent writers (DESIGN invariant 4): 4 processes commit 50 times each
 * against one store. No commit is lost or interleaved: the history holds all
 * 200 commits, each worker's in order, every retained revision differs from
 * its predecessor by exactly the committing worker's change, and the final
 * configuration has every worker's last value. Refusals carry Junos's lock
 * message (checked in the worker). Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/commit/store.js';
import { diffTrees } from '../../src/diff/diff-trees.js';

const WORKERS = 4;
const COMMITS = 50;
const CHILD = resolve('test/crash/commit-worker.mjs');
const built = existsSync(resolve('dist/src/commit/session.js'));

function worker(dir: string, id: number): Promise<number> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CHILD, dir, String(id), String(COMMITS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? res(Number(/refused (\d+)/.exec(out)?.[1])) : rej(new Error(`worker ${id}: ${err}`)),
    );
  });
}

(built ? test : test.skip)(
  `${WORKERS} processes x ${COMMITS} commits: none lost or interleaved`,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-conc-'));
    try {
      const refused = await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(dir, i)));
      const store = new Store(dir);
      const h = store.history().reverse();
      expect(h).toHaveLength(WORKERS * COMMITS);
      expect(h.map((r) => r.seq)).toEqual(h.map((_, i) => i + 1));
      for (let w = 0; w < WORKERS; w++) {
        const mine = h.filter((r) => r.user === `w${w}`).map((r) => r.comment);
        expect(mine).toEqual(Array.from({ length: COMMITS }, (_, i) => `P${w}-${i + 1}`));
      }
      for (let k = 1; k <= 48; k++) {
        const before = store.rollback(k + 1);
        const after = store.rollback(k);
        const ch = diffTrees(before ?? {}, after ?? {});
        const rec = store.history()[k];
        const [name, n] = (rec.comment ?? '').split('-');
        expect(ch).toHaveLength(1);
        expect(ch[0].path).toEqual(expect.arrayContaining([name]));
        expect(JSON.stringify(ch[0])).toContain(n === '1' ? name : `"${n}"`);
      }
      const active = store.active() as {
        security: { pki: { 'ca-profile': Record<string, { 'ca-identity': string }> } };
      };
      for (let w = 0; w < WORKERS; w++)
        expect(active.security.pki['ca-profile'][`P${w}`]['ca-identity']).toBe(String(COMMITS));
      process.stderr.write(
        `concurrency test: ${WORKERS * COMMITS} commits, ${refused.reduce((a, b) => a + b, 0)} refusals with the lock message\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
