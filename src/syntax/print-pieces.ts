/**
 * The curly text of a tree cut into pieces for the chunked revision store:
 * joined with newlines, the pieces' texts are exactly `printCurly(tree)`.
 *
 * A big list (at least BIG_LIST entries, reached from the top through
 * containers only) is cut into runs of whole entries: `entries` pieces. All
 * other lines (the "frame": every statement outside big lists, and the
 * `key {` / `}` lines around them) are `text` pieces, one per stretch between
 * big lists. Where the runs of a list end depends only on its "@order" (an
 * entry ends a run when a hash of its name says so, or after MAX_RUN entries),
 * so an edit moves no boundary and an added or removed entry moves only its
 * neighbours: unchanged runs print to the same `EntryRun` object, which the
 * store content-addresses once and then shares between revisions.
 *
 * Everything is memoized per frozen object, like printCurly: a one-entry change
 * of a 20,000-entry list rebuilds the one run holding it.
 */
import { ORDER_KEY, type ConfigObject, type NodeMeta } from '../tree/config-tree.js';
import { isObject } from '../tree/tree-ops.js';
import type { RefNode } from '../reftree/reftree.js';
import { displayItems, startOf, type PrintOptions } from './display.js';
import { blockHead, entryText, joinLines, printItem } from './print-curly.js';
import { changedSince, isExactList, orderIndex } from '../tree/list-delta.js';

/** Lists with fewer entries stay in the frame. */
const BIG_LIST = 64;
/** One entry in RUN_SPLIT (by name hash) ends a run: about 128 entries a run. */
const RUN_SPLIT = 128;
/** A run never holds more entries than this. */
const MAX_RUN = 512;

/** A run of whole entries of a big list, printed (shared between revisions while unchanged). */
export interface EntryRun {
  /** The entry names, in "@order" order. */
  readonly names: readonly string[];
  /** The entry objects, by position. */
  readonly entries: readonly ConfigObject[];
  /** Their lines, joined (no final newline). */
  readonly text: string;
}

export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'entries';
      /** Path of the list (containers, then the list's keyword). */
      readonly path: readonly string[];
      readonly run: EntryRun;
      readonly text: string;
    };

/** Path words that a manifest line can hold bare (schema keywords). */
const PLAIN_WORD = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The pieces of `printCurly(tree, opts)`; [] for an empty print. */
export function printCurlyPieces(tree: ConfigObject, opts: PrintOptions = {}): Piece[] {
  const start = startOf(tree, opts);
  if (!start) return [];
  const out: Piece[] = [];
  const pending: string[] = [];
  frame(out, pending, start.obj, start.scope, '', opts.path ?? []);
  flush(out, pending);
  return out;
}

function flush(out: Piece[], pending: string[]): void {
  if (pending.length === 0) return;
  out.push({ kind: 'text', text: joinLines(pending) });
  pending.length = 0;
}

function frame(
  out: Piece[],
  pending: string[],
  obj: ConfigObject,
  scope: RefNode,
  ind: string,
  path: readonly string[],
): void {
  for (const it of displayItems(obj, scope)) {
    if (it.kind === 'node' && isObject(it.value) && PLAIN_WORD.test(it.key)) {
      const at = [...path, it.key];
      if (it.node.kind === 'list' && isBigList(it.value)) {
        flush(out, pending);
        for (const run of listRuns(it.value, it.key, it.node, ind))
          out.push({ kind: 'entries', path: at, run, text: run.text });
        continue;
      }
      if (it.node.kind === 'container' && holdsBigList(it.value, it.node)) {
        blockHead(pending, it.key, it.node, it.meta as NodeMeta | undefined, ind);
        frame(out, pending, it.value, it.node, ind + '    ', at);
        pending.push(`${ind}}`);
        continue;
      }
    }
    printItem(pending, it, ind);
  }
}

const bigMemo = new WeakMap<object, boolean>();
const bigByOrder = new WeakMap<readonly string[], ConfigObject>();

/**
 * A list cut into runs: frozen, exact ("@order" names its keys), every entry an
 * object, BIG_LIST or more. Memoized per list; a version of a big list with the
 * same "@order" and a known delta checks only its changed entries (a commit
 * then pays for its change, not for the 20,000 entries around it).
 */
function isBigList(list: ConfigObject): boolean {
  const hit = bigMemo.get(list);
  if (hit !== undefined) return hit;
  const order = list[ORDER_KEY] as readonly string[] | undefined;
  if (!Array.isArray(order) || order.length < BIG_LIST || !Object.isFrozen(list)) return false;
  const changed = changedSince(list, (b) => bigMemo.get(b) === true, bigByOrder)?.changed;
  const big =
    changed !== undefined
      ? changed.every((n) => isObject(list[n]))
      : isExactList(list) && order.every((n) => isObject(list[n]));
  bigMemo.set(list, big);
  if (big) bigByOrder.set(order, list);
  return big;
}

const holdsMemo = new WeakMap<object, { scope: RefNode; holds: boolean }>();

function holdsBigList(obj: ConfigObject, scope: RefNode): boolean {
  const hit = holdsMemo.get(obj);
  if (hit !== undefined && hit.scope === scope) return hit.holds;
  let holds = false;
  for (const it of displayItems(obj, scope)) {
    if (it.kind !== 'node' || !isObject(it.value) || !PLAIN_WORD.test(it.key)) continue;
    if (
      it.node.kind === 'list'
        ? isBigList(it.value)
        : it.node.kind === 'container' && holdsBigList(it.value, it.node)
    ) {
      holds = true;
      break;
    }
  }
  if (Object.isFrozen(obj)) holdsMemo.set(obj, { scope, holds });
  return holds;
}

/** FNV-1a of a name: where runs end. */
function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const boundsMemo = new WeakMap<readonly string[], readonly number[]>();

/** Start index of every run of a list with this "@order" (a pure function of it). */
function runStarts(order: readonly string[]): readonly number[] {
  const hit = boundsMemo.get(order);
  if (hit !== undefined) return hit;
  const starts = [0];
  let len = 0;
  for (let i = 0; i < order.length - 1; i++) {
    len++;
    if (nameHash(order[i]) % RUN_SPLIT === 0 || len >= MAX_RUN) {
      starts.push(i + 1);
      len = 0;
    }
  }
  if (Object.isFrozen(order)) boundsMemo.set(order, starts);
  return starts;
}

interface ListRuns {
  readonly key: string;
  readonly ind: string;
  readonly node: RefNode;
  readonly runs: readonly EntryRun[];
}

const runsMemo = new WeakMap<object, ListRuns>();
const lastByOrder = new WeakMap<readonly string[], ConfigObject>();
/** A run by its first entry object: runs that did not change are found again after an insert or delete. */
const runByFirst = new WeakMap<object, { key: string; ind: string; node: RefNode; run: EntryRun }>();

function listRuns(list: ConfigObject, key: string, node: RefNode, ind: string): readonly EntryRun[] {
  const same = (p: { key: string; ind: string; node: RefNode } | undefined): boolean =>
    p !== undefined && p.key === key && p.ind === ind && p.node === node;
  const hit = runsMemo.get(list);
  if (hit !== undefined && same(hit)) return hit.runs;
  const order = list[ORDER_KEY] as readonly string[];
  const starts = runStarts(order);
  const since = changedSince(list, (b) => same(runsMemo.get(b)), lastByOrder);
  const baseRuns = since !== undefined ? runsMemo.get(since.base) : undefined;
  const changed = baseRuns !== undefined && same(baseRuns) ? since?.changed : undefined;
  let runs: EntryRun[];
  if (changed !== undefined && baseRuns !== undefined) {
    // the same "@order": the same runs; only those holding a changed entry are redone
    runs = baseRuns.runs.slice();
    const index = orderIndex(order);
    const redo = new Set<number>();
    for (const name of changed) redo.add(runOf(starts, index.get(name) ?? 0));
    for (const r of redo) runs[r] = makeRun(list, order, starts, r, key, node, ind);
  } else {
    runs = starts.map((_, r) => makeRun(list, order, starts, r, key, node, ind));
  }
  runsMemo.set(list, { key, ind, node, runs });
  lastByOrder.set(order, list);
  return runs;
}

/** The run holding position i (binary search over the starts). */
function runOf(starts: readonly number[], i: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function makeRun(
  list: ConfigObject,
  order: readonly string[],
  starts: readonly number[],
  r: number,
  key: string,
  node: RefNode,
  ind: string,
): EntryRun {
  const from = starts[r];
  const to = r + 1 < starts.length ? starts[r + 1] : order.length;
  const first = list[order[from]] as ConfigObject;
  const old = runByFirst.get(first);
  if (old !== undefined && old.key === key && old.ind === ind && old.node === node) {
    const o = old.run;
    let same = o.names.length === to - from;
    for (let i = from; same && i < to; i++)
      same = o.names[i - from] === order[i] && o.entries[i - from] === list[order[i]];
    if (same) return o;
  }
  const names = order.slice(from, to);
  const entries = names.map((n) => list[n] as ConfigObject);
  const text = joinLines(names.map((n, i) => entryText(entries[i], n, key, node, ind)));
  const run: EntryRun = { names, entries, text };
  runByFirst.set(first, { key, ind, node, run });
  return run;
}
