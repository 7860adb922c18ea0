/**
 * bench/commit-cow: the hand-written copy-on-write of tree/tree-ops.ts against
 * immer's `produce`, on the edits a commit makes to a configuration of 100k
 * statements (20,000 ca-profiles of 5 statements, one list). Issue 17 asked for
 * this measurement before choosing between them; immer is not a dependency
 * (it was declared and never imported), so this bench loads it only if it is
 * installed, and says so when it is not. Cases (timed in alternation, same
 * process; ratio = immer / hand, the median of the pairs):
 * - change one leaf of one entry (`set ... CA-123 enrollment retry 11`);
 * - add one entry to the list (its name appended to "@order");
 * - 1,000 set statements in one batch (TreeWriter, as the parsers use it, against
 *   one `produce` with 1,000 edits of its draft).
 * Each result is checked to be the same tree, deep-frozen, sharing the untouched entries.
 * Run on demand:
 *   npm run build && node dist/bench/commit-cow.js [statements]
 */
import type { ConfigObject, ConfigTree } from '../src/tree/config-tree.js';
import { getAt, setAt, treesEqual } from '../src/tree/tree-ops.js';
import { TreeWriter } from '../src/tree/tree-writer.js';
import { deepFreeze } from '../src/tree/config-tree.js';

type Produce = <T>(base: T, recipe: (draft: Record<string, unknown>) => void) => T;

const PER_PROFILE = 5;
const LIST = ['security', 'pki', 'ca-profile'];
const isList = (p: readonly string[]): boolean => p.length === 3 && p[2] === 'ca-profile';

function makeConfig(n: number): ConfigTree {
  const profiles: Record<string, unknown> = {};
  const order: string[] = [];
  for (let i = 0; i < Math.ceil(n / PER_PROFILE); i++) {
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

/**
 * The two ways timed in alternation (the machine is shared: a load spike then
 * hits both), `reps` pairs: the best of each, and the median of the pairs' ratios.
 */
function pair(
  a: () => ConfigTree,
  b: () => ConfigTree,
  reps: number,
): { a: number; b: number; ratio: number; va: ConfigTree; vb: ConfigTree } {
  const ms = (fn: () => ConfigTree): [number, ConfigTree] => {
    const t0 = process.hrtime.bigint();
    const v = fn();
    return [Number(process.hrtime.bigint() - t0) / 1e6, v];
  };
  let bestA = Infinity;
  let bestB = Infinity;
  const ratios: number[] = [];
  let va!: ConfigTree;
  let vb!: ConfigTree;
  for (let i = 0; i < reps; i++) {
    const [ta, xa] = i % 2 ? ms(a) : [0, va];
    const [tb, xb] = ms(b);
    const [ta2, xa2] = i % 2 ? [ta, xa] : ms(a);
    va = xa2;
    vb = xb;
    bestA = Math.min(bestA, ta2);
    bestB = Math.min(bestB, tb);
    ratios.push(tb / ta2);
  }
  ratios.sort((x, y) => x - y);
  return { a: bestA, b: bestB, ratio: ratios[Math.floor(reps / 2)], va, vb };
}

/** The draft object at a path (immer drafts are plain-looking objects). */
function at(draft: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let cur = draft;
  for (const w of path) cur = cur[w] as Record<string, unknown>;
  return cur;
}

function check(label: string, hand: ConfigTree, immer: ConfigTree, base: ConfigTree): void {
  if (!treesEqual(hand, immer)) throw new Error(`${label}: immer and the hand path disagree`);
  const untouched = [...LIST, 'CA-7'];
  for (const t of [hand, immer]) {
    if (!Object.isFrozen(getAt(t, [...LIST, 'CA-123']) as object)) throw new Error(`${label}: not frozen`);
    if (getAt(t, untouched) !== getAt(base, untouched))
      throw new Error(`${label}: an untouched entry was copied`);
  }
}

async function loadImmer(): Promise<Produce | undefined> {
  try {
    const name = 'immer';
    const m = (await import(name)) as { produce: Produce };
    return m.produce;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2]) || 100_000;
  const produce = await loadImmer();
  if (!produce) {
    console.log('immer is not installed (npm install --no-save immer to run this comparison)');
    return;
  }
  const base = makeConfig(n);
  const entries = Math.ceil(n / PER_PROFILE);
  const reps = 31;
  const rows: string[] = [
    '| edit | hand COW (best) | immer produce (best) | immer / hand (median of pairs) |',
    '|---|---:|---:|---:|',
  ];
  const row = (label: string, hand: () => ConfigTree, viaImmer: () => ConfigTree): void => {
    const r = pair(hand, viaImmer, reps);
    check(label, r.va, r.vb, base);
    rows.push(`| ${label} | ${r.a.toFixed(1)} ms | ${r.b.toFixed(1)} ms | ${r.ratio.toFixed(2)}x |`);
  };

  row(
    'change one leaf',
    () => setAt(base, [...LIST, 'CA-123', 'enrollment', 'retry'], 11, isList),
    () =>
      produce(base, (d) => {
        at(d, [...LIST, 'CA-123', 'enrollment']).retry = 11;
      }),
  );

  const entry = deepFreeze({ 'ca-identity': 'new' }) as ConfigObject;
  row(
    'add one list entry',
    () => {
      const w = new TreeWriter(base);
      w.set(w.obj(LIST, isList), 'CA-NEW', entry);
      w.set(w.obj([...LIST, 'CA-123']), 'ca-identity', 'x');
      return w.finish();
    },
    () =>
      produce(base, (d) => {
        const list = at(d, LIST);
        list['CA-NEW'] = entry;
        (list['@order'] as string[]).push('CA-NEW');
        at(d, [...LIST, 'CA-123'])['ca-identity'] = 'x';
      }),
  );

  const batch = Array.from({ length: 1000 }, (_, i) => `CA-${(i * 17) % entries}`);
  row(
    '1,000 set statements',
    () => {
      const w = new TreeWriter(base);
      for (const name of batch) {
        const e = w.obj([...LIST, name, 'enrollment']);
        w.set(e, 'retry', 11);
      }
      w.set(w.obj([...LIST, 'CA-123']), 'ca-identity', 'x');
      return w.finish();
    },
    () =>
      produce(base, (d) => {
        for (const name of batch) at(d, [...LIST, name, 'enrollment']).retry = 11;
        at(d, [...LIST, 'CA-123'])['ca-identity'] = 'x';
      }),
  );

  console.log(`${n} statements (${entries} list entries), ${reps} alternating pairs:`);
  console.log(rows.join('\n'));
}

await main();
