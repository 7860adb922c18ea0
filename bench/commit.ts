/**
 * bench/commit: a one-statement change committed on configurations of 1k, 10k
 * and 100k statements. Reports, per size, the structural diff, the validation
 * of the candidate (VALIDATE's validateTree, whole tree), the `show | compare`
 * rendering, the store write (JSON revision and readable .conf, as the CLI and
 * the shell open the store), a whole Session.commit on a store without fsync
 * (lock, recover, diff, validate, write, history), and the same commit with
 * validation stubbed out (the commit stage's own cost). Validation, encoding
 * and printing are memoized per shared subtree, so the first validation of a
 * configuration costs its size and a one-statement change after it costs the
 * change. Run on demand:
 *   npm run build && node dist/bench/commit.js [sizes...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLanguage } from '../src/commit/default-language.js';
import { Session } from '../src/commit/session.js';
import { Store } from '../src/commit/store.js';
import { diffTrees } from '../src/diff/diff-trees.js';
import { renderChanges } from '../src/diff/render-compare.js';
import type { ConfigTree } from '../src/tree/config-tree.js';
import { deepFreeze, setAt } from '../src/tree/tree-ops.js';
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
  rows.push(
    '| statements | diff | validate, whole tree (first) | validate, one change | compare text | store write (JSON + .conf, no fsync) | Session.commit (no fsync) | Session.commit CPU time | commit without validate |',
  );
  rows.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
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
    // The first validation sees every statement; later ones share all but the
    // changed entry with a tree validated before (incremental validation).
    const cold = time(() => validateTree(active), 1);
    if (cold.value.some((x) => x.severity === 'error'))
      throw new Error(`invalid bench config: ${cold.value[0].message}`);
    const changed = [0, 1, 2, 3, 4].map((i) => setAt(active, path, `v-${i}`));
    let rep = 0;
    const v = time(() => validateTree(changed[rep++]), changed.length);
    if (v.value.some((x) => x.severity === 'error')) throw new Error(`invalid: ${v.value[0].message}`);
    const c = time(() => renderChanges(active, candidate, d.value), 20);

    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-'));
    try {
      // As the CLI, the shell and the daemon open it: with the readable .conf printer.
      const store = new Store(dir, { durable: false, printConfig: (t) => lang.printCurly(t) });
      store.commit(active, { user: 'bench', via: 'api' });
      const s = Session.open({ store, language: lang, mode: 'shared', user: 'bench' }).value as Session;
      let best = Infinity;
      let writeBest = Infinity;
      let noValBest = Infinity;
      // CPU time (all threads of the process) tells the work from waiting for a core on a busy machine.
      let cpuBest = Infinity;
      // The same commit with validation stubbed out: the commit stage's own cost.
      const noVal = Session.open({ store, language: { ...lang, validate: () => [] }, user: 'bench' })
        .value as Session;
      for (let i = 0; i < 3; i++) {
        store.writeSharedCandidate(setAt(store.active(), path, `nv-${i}`), store.head().seq);
        const t0 = process.hrtime.bigint();
        const r = await noVal.commit();
        noValBest = Math.min(noValBest, Number(process.hrtime.bigint() - t0) / 1e6);
        if (!r.value.ok) throw new Error(r.value.messages.join('\n'));
      }
      for (let i = 0; i < 3; i++) {
        const cand = setAt(store.active(), path, `changed-${i}`);
        store.writeSharedCandidate(cand, store.head().seq);
        const t0 = process.hrtime.bigint();
        const cpu0 = process.cpuUsage();
        const r = await s.commit();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const cpu = process.cpuUsage(cpu0);
        cpuBest = Math.min(cpuBest, (cpu.user + cpu.system) / 1000);
        if (!r.value.ok || r.value.changes.length !== 1) throw new Error(r.value.messages.join('\n'));
        best = Math.min(best, ms);
        const next = setAt(store.active(), path, `w-${i}`);
        const w0 = process.hrtime.bigint();
        store.commit(next, { user: 'bench', via: 'api' });
        writeBest = Math.min(writeBest, Number(process.hrtime.bigint() - w0) / 1e6);
      }
      rows.push(
        `| ${n.toLocaleString('en')} | ${d.ms.toFixed(3)} ms | ${cold.ms.toFixed(1)} ms | ${v.ms.toFixed(1)} ms | ${c.ms.toFixed(3)} ms | ${writeBest.toFixed(1)} ms | ${best.toFixed(1)} ms | ${cpuBest.toFixed(1)} ms | ${noValBest.toFixed(1)} ms |`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main();
