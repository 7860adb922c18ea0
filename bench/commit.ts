/**
 * bench/commit: a one-statement change committed on configurations of 1k, 10k
 * and 100k statements (ca-profiles of 5 statements: the 100k case is one list
 * of 20,000 entries). Columns, per size (best of several runs):
 * - diff: diffTrees active -> candidate;
 * - validate (first): validateTree of the configuration, nothing memoized;
 * - validate, one change: validateTree of a candidate after the first (no diff
 *   before it: the list delta comes from the validator's own identity scan);
 * - compare text: `show | compare` rendering of the change;
 * - print curly, one change: printCurly of the candidate (the revision text);
 * - store write: Store.commit writing new chunks, manifest, history and HEAD, no fsync;
 * - cache write: the derived JSON of the new chunks, written after the commit returns;
 * - Session.commit: lock, recover, read candidate, diff, validate, write, no fsync
 *   (wall and CPU time; CPU tells the work from waiting for a core on a busy machine);
 * - commit without validate: the same with validation stubbed out;
 * - read revision: a fresh Store reading the active revision with this process's
 *   parsed chunks (after a commit elsewhere: only changed chunks are parsed), as a
 *   fresh process does (each chunk's derived JSON), and from the chunks' curly text alone;
 * - JSON.parse of the same tree: the reference for the fresh-process read (a
 *   reader that must build every object of the tree can hardly beat it), and their ratio;
 * - flatness: Session.commit at the largest size over the smallest.
 * Run on demand:
 *   npm run build && node dist/bench/commit.js [sizes...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLanguage } from '../src/commit/default-language.js';
import { Session } from '../src/commit/session.js';
import { Store } from '../src/commit/store.js';
import { forgetParsedChunks } from '../src/commit/chunked-revision.js';
import { readdirSync } from 'node:fs';
import { diffTrees } from '../src/diff/diff-trees.js';
import { renderChanges } from '../src/diff/render-compare.js';
import type { ConfigTree } from '../src/tree/config-tree.js';
import { setAt } from '../src/tree/tree-ops.js';
import { deepFreeze } from '../src/tree/config-tree.js';
import { validateTree } from '../src/validate/validate.js';

const STATEMENTS_PER_PROFILE = 5;

/** A valid configuration of about `n` statements: ca-profiles of 5 statements each. */
function makeConfig(n: number): ConfigTree {
  const profiles: Record<string, unknown> = {};
  const order: string[] = [];
  for (let i = 0; i < Math.ceil(n / STATEMENTS_PER_PROFILE); i++) {
    const name = `CA-${i}`;
    order.push(name);
    profiles[name] = {
      'ca-identity': `ident-${i}`,
      enrollment: { url: `http://ca${i}.example.com/scep`, retry: 10, 'retry-interval': 60 },
      'revocation-check': { disable: true },
    };
  }
  return deepFreeze({ security: { pki: { 'ca-profile': { '@order': order, ...profiles } } } }) as ConfigTree;
}

function time<T>(fn: () => T, reps = 5): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  return { ms: best, value };
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  const list = sizes.length ? sizes : [1_000, 10_000, 100_000];
  const lang = defaultLanguage();
  const rows: string[] = [];
  const commitAt = new Map<number, number>();
  rows.push(
    '| statements | diff | validate (first) | validate, one change | compare text | print curly, one change | store write (chunks, no fsync) | cache write (after commit) | Session.commit (no fsync) | Session.commit CPU | commit without validate | read revision: in-process chunks | read revision: fresh process (chunk JSON) | read revision: chunk curly only | JSON.parse of the tree | fresh read / JSON.parse |',
  );
  rows.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ms = (x: number): string => `${x < 1 ? x.toFixed(3) : x.toFixed(1)} ms`;
  for (const n of list) {
    const active = makeConfig(n);
    const path = [
      'security',
      'pki',
      'ca-profile',
      `CA-${Math.floor(n / STATEMENTS_PER_PROFILE / 2)}`,
      'ca-identity',
    ];
    const candidate = setAt(active, path, 'changed');
    const d = time(() => diffTrees(active, candidate), 20);
    if (d.value.length !== 1) throw new Error(`expected one change, got ${d.value.length}`);
    const cold = time(() => validateTree(active), 1);
    if (cold.value.some((x) => x.severity === 'error'))
      throw new Error(`invalid bench config: ${cold.value[0].message}`);
    const changed = [0, 1, 2, 3, 4].map((i) => setAt(active, path, `v-${i}`));
    let rep = 0;
    const v = time(() => validateTree(changed[rep++]), changed.length);
    if (v.value.some((x) => x.severity === 'error')) throw new Error(`invalid: ${v.value[0].message}`);
    const c = time(() => renderChanges(active, candidate, d.value), 20);
    lang.printCurly(active);
    const printed = [0, 1, 2, 3, 4].map((i) => setAt(active, path, `p-${i}`));
    rep = 0;
    const p = time(() => lang.printCurly(printed[rep++]), printed.length);

    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-'));
    try {
      const store = new Store(dir, { durable: false });
      store.commit(active, { user: 'bench', via: 'api' });
      store.flushCaches();
      const s = Session.open({ store, language: lang, mode: 'shared', user: 'bench' }).value as Session;
      let best = Infinity;
      let writeBest = Infinity;
      let cacheBest = Infinity;
      let noValBest = Infinity;
      let cpuBest = Infinity;
      const noVal = Session.open({ store, language: { ...lang, validate: () => [] }, user: 'bench' })
        .value as Session;
      for (let i = 0; i < 3; i++) {
        store.writeSharedCandidate(setAt(store.active(), path, `nv-${i}`), store.head().seq);
        const t0 = process.hrtime.bigint();
        const r = await noVal.commit();
        noValBest = Math.min(noValBest, Number(process.hrtime.bigint() - t0) / 1e6);
        if (!r.value.ok) throw new Error(r.value.messages.join('\n'));
        store.flushCaches();
      }
      for (let i = 0; i < 3; i++) {
        const cand = setAt(store.active(), path, `changed-${i}`);
        store.writeSharedCandidate(cand, store.head().seq);
        const t0 = process.hrtime.bigint();
        const cpu0 = process.cpuUsage();
        const r = await s.commit();
        const wall = Number(process.hrtime.bigint() - t0) / 1e6;
        const cpu = process.cpuUsage(cpu0);
        cpuBest = Math.min(cpuBest, (cpu.user + cpu.system) / 1000);
        if (!r.value.ok || r.value.changes.length !== 1) throw new Error(r.value.messages.join('\n'));
        best = Math.min(best, wall);
        store.flushCaches();
        const next = setAt(store.active(), path, `w-${i}`);
        diffTrees(store.active(), next); // as Session.commit does before writing
        const w0 = process.hrtime.bigint();
        store.commit(next, { user: 'bench', via: 'api' });
        writeBest = Math.min(writeBest, Number(process.hrtime.bigint() - w0) / 1e6);
        const c0 = process.hrtime.bigint();
        store.flushCaches();
        cacheBest = Math.min(cacheBest, Number(process.hrtime.bigint() - c0) / 1e6);
      }
      // Reading the active revision in a fresh process (a fresh Store: no in-memory copy).
      const seq = store.head().seq;
      const readWarm = time(() => new Store(dir, { durable: false }).readSeq(seq), 3);
      const readCache = time(() => {
        forgetParsedChunks();
        return new Store(dir, { durable: false }).readSeq(seq);
      }, 3);
      const chunkDir = join(dir, 'config', 'chunks');
      for (const f of readdirSync(chunkDir)) if (f.endsWith('.json')) rmSync(join(chunkDir, f));
      forgetParsedChunks();
      const t0 = process.hrtime.bigint();
      new Store(dir, { durable: false }).readSeq(seq);
      const readCurly = { ms: Number(process.hrtime.bigint() - t0) / 1e6 };
      const json = JSON.stringify(active);
      const parsed = time(() => JSON.parse(json) as ConfigTree, 3);
      commitAt.set(n, best);
      rows.push(
        `| ${n.toLocaleString('en')} | ${ms(d.ms)} | ${ms(cold.ms)} | ${ms(v.ms)} | ${ms(c.ms)} | ${ms(p.ms)} | ${ms(writeBest)} | ${ms(cacheBest)} | ${ms(best)} | ${ms(cpuBest)} | ${ms(noValBest)} | ${ms(readWarm.ms)} | ${ms(readCache.ms)} | ${ms(readCurly.ms)} | ${ms(parsed.ms)} | ${(readCache.ms / parsed.ms).toFixed(2)}x |`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const lo = commitAt.get(Math.min(...list));
  const hi = commitAt.get(Math.max(...list));
  if (lo !== undefined && hi !== undefined && list.length > 1)
    rows.push(
      '',
      `flatness: Session.commit at ${Math.max(...list)} / at ${Math.min(...list)} = ${(hi / lo).toFixed(2)}x`,
    );
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main();
