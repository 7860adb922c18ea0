/**
 * Crash safety of the PKI store: a child replaces entries in a loop (one commit
 * per generation; with fsync when PKI_CRASH_DURABLE=1) and is killed with SIGKILL at random moments
 * (PKI_CRASH_KILLS times, default 100). After every kill the store opens, and
 * every entry holds either the last acknowledged generation or the one in
 * flight, the same one for all entries (a commit is all or nothing), its file
 * agrees with its index metadata, and no unreferenced file is left behind.
 * Needs `npm run build` (npm test does it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openPkiStore, type PkiKind } from '../../src/pki/pki-store.js';

const KILLS = Number(process.env.PKI_CRASH_KILLS ?? 100);
const CHILD = resolve('test/crash/pki-store-worker.mjs');
const DURABLE = process.env.PKI_CRASH_DURABLE === '1';
const built = existsSync(resolve('dist/src/pki/pki-store.js'));

const ENTRIES: [PkiKind, string][] = [
  ['key', 'k1'],
  ['key', 'k2'],
  ['ca', 'A'],
  ['local', 'L'],
];

interface Worker {
  /** Starts committing; kills it `delay` ms after its first commit began; the last begun/done generations. */
  run(delay: number): Promise<{ begun: number; done: number }>;
  kill(): void;
}

/** Spawns a worker that waits for `go` (so node's start-up overlaps the previous round). */
function prespawn(dir: string): Worker {
  const args = [CHILD, dir, ...(DURABLE ? ['durable'] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let begun = 0;
  let done = 0;
  let buf = '';
  let err = '';
  let delay = 0;
  let armed = false;
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const [what, n] = buf.slice(0, i).split(' ');
      buf = buf.slice(i + 1);
      if (what === 'begin') begun = Number(n);
      else if (what === 'done') done = Number(n);
    }
    if (!armed && begun > 0) {
      armed = true;
      setTimeout(() => proc.kill('SIGKILL'), delay);
    }
  });
  // 'close' comes after the pipes are drained: every line written before the kill is counted.
  const closed = new Promise<{ begun: number; done: number }>((res, rej) =>
    proc.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') rej(new Error(`worker exited ${code}: ${err}`));
      else res({ begun, done });
    }),
  );
  return {
    kill() {
      proc.kill('SIGKILL');
    },
    run(d) {
      delay = d;
      proc.stdin.write('go\n');
      return closed;
    },
  };
}

(built ? test : test.skip)(
  `PKI store survives ${KILLS} SIGKILLs: every entry is its old or new content, consistent with the index`,
  async () => {
    const state = mkdtempSync(join(tmpdir(), 'pkicfg-pki-crash-'));
    let lastDone = 0;
    let sawInFlight = 0;
    let next: Worker | undefined;
    try {
      for (let round = 0; round < KILLS; round++) {
        const worker = next ?? prespawn(state);
        next = round + 1 < KILLS ? prespawn(state) : undefined;
        const { begun, done } = await worker.run(Math.random() * (DURABLE ? 150 : 25));
        const store = openPkiStore(state, { durable: false });
        const meta = store.meta('local', 'L');
        const gen = meta ? Number(meta.gen) : lastDone;
        // The state is the last acknowledged generation or the one in flight after it.
        const last = Math.max(done, lastDone);
        expect([last, ...(begun > last ? [begun] : [])]).toContain(gen);
        if (gen > Math.max(done, lastDone)) sawInFlight++;
        if (gen === 0) {
          for (const [kind, id] of ENTRIES) expect(store.has(kind, id)).toBe(false);
          continue;
        }
        for (const [kind, id] of ENTRIES) {
          expect(store.meta(kind, id)?.gen).toBe(gen);
          expect(store.readPem(kind, id)).toContain(`${id} generation ${gen}\n`);
          expect(basename(store.path(kind, id))).toMatch(new RegExp(`^${id}(\\.\\d+)?\\.(key|pem)$`));
        }
        if (gen % 2 === 0) expect(store.readPem('request', 'D')).toContain(`D generation ${gen}\n`);
        else expect(store.has('request', 'D')).toBe(false);
        // Opening tidied up: only the files the index references remain.
        for (const [kind, sub] of [
          ['key', 'keys'],
          ['ca', 'ca'],
          ['local', 'local'],
          ['request', 'requests'],
        ] as [PkiKind, string][]) {
          const want = store.list(kind).map((id) => basename(store.path(kind, id)));
          expect(readdirSync(join(state, 'pki', sub)).sort()).toEqual(want.sort());
        }
        expect(existsSync(join(state, 'pki', '.lock'))).toBe(false);
        lastDone = Math.max(done, gen);
      }
      // The workers made progress between the kills (on a loaded machine a
      // worker may be killed before its first commit, so not one per round).
      expect(lastDone).toBeGreaterThan(KILLS / 4);
      process.stdout.write(
        `pki crash: ${KILLS} kills, ${sawInFlight} landed with a commit in flight that won\n`,
      );
    } finally {
      next?.kill();
      rmSync(state, { recursive: true, force: true });
    }
  },
  60_000,
);
