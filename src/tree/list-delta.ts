/**
 * List deltas: which entries of a big list differ between two versions of it.
 *
 * Every edit of a frozen tree copies the list object it changes (tree-ops'
 * path copying) but keeps its "@order" array when no entry is added, removed
 * or moved, so two versions of a list with the same "@order" array differ only
 * in the entries whose objects differ. The writer that makes a new version
 * (TreeWriter) and `diffTrees`, which compares two, record that here
 * (`noteListDelta`); the memoized printer, the store's encoder, incremental
 * validation and group expansion then redo only the changed entries of a
 * 20,000-entry list instead of visiting every entry (`changedSince`). Without a
 * recorded delta, `listDelta` finds it with one identity lookup per name (no
 * per-entry work).
 *
 * This relies on tree-ops' invariant that a list's keys are the names of its
 * "@order" (every insert/delete goes through it and makes a new array); the
 * users check it once per full computation (`isExactList`) and only take a
 * delta from an exact base.
 */
import { ORDER_KEY, isReservedKey, type ConfigObject } from './config-tree.js';

interface ListDeltaRecord {
  readonly base: ConfigObject;
  readonly changed: readonly string[];
}

const deltas = new WeakMap<object, ListDeltaRecord>();

/** How many recorded versions back a delta is looked for (each step is one edit's record). */
const MAX_CHAIN = 32;

/** Record that `next` is `base` with only the entries `changed` replaced (same "@order" array). */
export function noteListDelta(base: ConfigObject, next: ConfigObject, changed: readonly string[]): void {
  if (base === next || base[ORDER_KEY] === undefined || base[ORDER_KEY] !== next[ORDER_KEY]) return;
  if (!Object.isFrozen(base) || !Object.isFrozen(next)) return;
  deltas.set(next, { base, changed });
}

/** The base of the delta recorded for `next`, if any. */
function recordedListBase(next: ConfigObject): ConfigObject | undefined {
  return deltas.get(next)?.base;
}

/**
 * The entries changed from `base` to `next` as far as the records tell:
 * following up to MAX_CHAIN recorded versions back (an editing session makes
 * one record per edit); undefined when no chain of records joins them.
 */
export function recordedDelta(next: ConfigObject, base: ConfigObject): readonly string[] | undefined {
  if (next === base) return [];
  let rec = deltas.get(next);
  if (rec === undefined) return undefined;
  if (rec.base === base) return rec.changed;
  const order = next[ORDER_KEY];
  const changed = new Set(rec.changed);
  for (let i = 1; i < MAX_CHAIN; i++) {
    if (rec.base[ORDER_KEY] !== order) return undefined;
    rec = deltas.get(rec.base);
    if (rec === undefined) return undefined;
    for (const n of rec.changed) changed.add(n);
    if (rec.base === base) {
      const all = [...changed];
      deltas.set(next, { base, changed: all });
      return all;
    }
  }
  return undefined;
}

/**
 * The names of the entries of `next` that are not the same objects as in
 * `base`, when both are frozen versions of a list with the same "@order"
 * array; undefined otherwise (the caller then does the full work).
 */
function listDelta(next: ConfigObject, base: ConfigObject): readonly string[] | undefined {
  const recorded = recordedDelta(next, base);
  if (recorded !== undefined) return recorded;
  const order = next[ORDER_KEY] as readonly string[] | undefined;
  if (order === undefined || order !== base[ORDER_KEY]) return undefined;
  if (!Object.isFrozen(next) || !Object.isFrozen(base)) return undefined;
  const changed: string[] = [];
  for (let i = 0; i < order.length; i++) if (next[order[i]] !== base[order[i]]) changed.push(order[i]);
  deltas.set(next, { base, changed });
  return changed;
}

const exactLists = new WeakMap<object, boolean>();

/** True when the list's data keys are exactly its "@order" names, each once (memoized per frozen list). */
export function isExactList(list: ConfigObject): boolean {
  const hit = exactLists.get(list);
  if (hit !== undefined) return hit;
  const order = list[ORDER_KEY] as readonly string[] | undefined;
  let exact = Array.isArray(order);
  if (exact && order) {
    const seen = new Set<string>();
    for (let i = 0; i < order.length && exact; i++) {
      const n = order[i];
      exact = !isReservedKey(n) && list[n] !== undefined && !seen.has(n);
      seen.add(n);
    }
    if (exact) {
      let keys = 0;
      for (const k in list) if (!isReservedKey(k)) keys++;
      exact = keys === order.length;
    }
  }
  if (Object.isFrozen(list)) exactLists.set(list, exact);
  return exact;
}

/**
 * listDelta from an exact base: `next` (same "@order" array, so the same keys)
 * is then exact too, which is recorded without visiting its keys.
 */
function deltaFromExact(next: ConfigObject, base: ConfigObject): readonly string[] | undefined {
  if (!isExactList(base)) return undefined;
  const changed = listDelta(next, base);
  if (changed !== undefined && Object.isFrozen(next)) exactLists.set(next, true);
  return changed;
}

/**
 * The one way a memoized pass over big lists finds its work: the entries of
 * `list` changed since an earlier version the pass already knows to be good —
 * the version its recorded delta starts from when `good` accepts it, else the
 * last good version with the same "@order" (`lastGood`). Undefined: no such
 * version, or the lists are not comparable: do the full work.
 */
export function changedSince(
  list: ConfigObject,
  good: (base: ConfigObject) => boolean,
  lastGood: WeakMap<readonly string[], ConfigObject> | undefined,
): { readonly base: ConfigObject; readonly changed: readonly string[] } | undefined {
  const recorded = recordedListBase(list);
  const order = list[ORDER_KEY] as readonly string[] | undefined;
  const base =
    recorded !== undefined && good(recorded)
      ? recorded
      : order !== undefined && lastGood !== undefined
        ? lastGood.get(order)
        : undefined;
  if (base === undefined) return undefined;
  const changed = deltaFromExact(list, base);
  return changed === undefined ? undefined : { base, changed };
}

const orderIndexMemo = new WeakMap<readonly string[], Map<string, number>>();

/** name -> position in a (frozen, shared) "@order" array. */
export function orderIndex(order: readonly string[]): Map<string, number> {
  let m = orderIndexMemo.get(order);
  if (m === undefined) {
    m = new Map();
    for (let i = 0; i < order.length; i++) if (!m.has(order[i])) m.set(order[i], i);
    if (Object.isFrozen(order)) orderIndexMemo.set(order, m);
  }
  return m;
}
