/**
 * `--wait SECONDS` across processes: a writer waiting with a bound gets the
 * lock when another process releases it, and is refused with exit 3 when the
 * bound passes first; without --wait it is refused at once. Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/commit/store.js';

const MAIN = resolve('dist/src/cli/main.js');
const HOLDER = resolve('test/crash/lock-holder.mjs');
const built = existsSync(MAIN);

function pkicfg(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; err: string; ms: number }> {
  const t = Date.now();
  return new Promise((res) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, USER: 'admin', ...env },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => res({ code: code ?? -1, err, ms: Date.now() - t }));
  });
}

function holdLock(dir: string, ms: number): Promise<ChildProcess> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [HOLDER, dir, String(ms)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('held') ? res(child) : undefined));
    child.on('error', rej);
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-wait-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

(built ? test : test.skip)(
  '--wait gets the lock once the holder releases it; the bound and exit 3 otherwise',
  async () => {
    const conf = join(dir, 'a.set');
    writeFileSync(conf, 'set security pki ca-profile A ca-identity A\n');
    const state = join(dir, 'state');
    const holder = await holdLock(state, 120_000);
    try {
      const now = await pkicfg(['load', 'set', conf, '--commit', '--state', state]);
      expect(now.code).toBe(3);
      expect(now.err).toMatch(
        /^error: configuration database locked by:\n {2}holder terminal p9 \(pid \d+\)/,
      );
      const short = await pkicfg(['commit', '--wait', '0.2', '--state', state]);
      expect(short.code).toBe(3);
      const waiting = pkicfg(['load', 'set', conf, '--commit', '--wait', '60', '--state', state]);
      await new Promise((r) => setTimeout(r, 1500)); // the waiter is started and waiting
      holder.kill('SIGUSR1');
      const waited = await waiting;
      expect(waited).toMatchObject({ code: 0, err: '' });
      expect(waited.ms).toBeGreaterThan(300); // it did wait for the holder
      expect(new Store(state).history()).toHaveLength(1);
      const viaEnv = await pkicfg(['commit', '--state', state], { PKICFG_WAIT: '5' });
      expect(viaEnv.code).toBe(0);
    } finally {
      holder.kill();
    }
  },
);
