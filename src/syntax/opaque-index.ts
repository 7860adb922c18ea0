/**
 * The lookup index of an "@opaque" statement list (opaque-list.ts inserts
 * through it): which statements may equal, extend or prefix a set line's
 * words, found by their first one or two words instead of a scan.
 */
import type { OpaqueStatement } from '../tree/config-tree.js';

export const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, j) => x === b[j]);
export const startsWith = (a: readonly string[], b: readonly string[]): boolean =>
  a.length > b.length && b.every((x, j) => x === a[j]);

/**
 * Where statements of a list start with given words, by their first word and by
 * their first two words, so that inserting a set line into a block of thousands
 * (`interfaces`, `static`) does not scan it. Built on first use per array;
 * in-place replacements keep a statement's first words (splits, oneliners,
 * value lists); a changed length (a push or splice elsewhere) rebuilds it.
 */
interface Index {
  len: number;
  readonly by1: Map<string, number[]>;
  readonly one: Map<string, number[]>;
  readonly by2: Map<string, number[]>;
}

const indexes = new WeakMap<readonly OpaqueStatement[], Index>();

function addToIndex(ix: Index, s: OpaqueStatement, i: number): void {
  const w = s.words;
  const put = (m: Map<string, number[]>, k: string): void => {
    const a = m.get(k);
    if (a) a.push(i);
    else m.set(k, [i]);
  };
  put(ix.by1, w[0]);
  if (w.length === 1) put(ix.one, w[0]);
  else put(ix.by2, w[0] + '\u0000' + w[1]);
}

function indexOf(list: readonly OpaqueStatement[]): Index {
  let ix = indexes.get(list);
  if (!ix || ix.len !== list.length) {
    ix = { len: list.length, by1: new Map(), one: new Map(), by2: new Map() };
    for (let i = 0; i < list.length; i++) addToIndex(ix, list[i], i);
    indexes.set(list, ix);
  }
  return ix;
}

/** Indices (ascending) of the statements that may equal, extend or prefix `words`. */
export function candidates(list: readonly OpaqueStatement[], words: readonly string[]): readonly number[] {
  if (list.length < 16 || words.length === 0) return list.map((_, i) => i);
  const ix = indexOf(list);
  if (words.length === 1) return ix.by1.get(words[0]) ?? [];
  const a = ix.one.get(words[0]) ?? [];
  const b = ix.by2.get(words[0] + '\u0000' + words[1]) ?? [];
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b].sort((x, y) => x - y);
}

export function findCandidate(
  list: readonly OpaqueStatement[],
  words: readonly string[],
  test: (s: OpaqueStatement) => boolean,
): number {
  for (const i of candidates(list, words)) if (test(list[i])) return i;
  return -1;
}

export function pushStatement(list: OpaqueStatement[], s: OpaqueStatement): void {
  const ix = indexes.get(list);
  list.push(s);
  if (ix && ix.len === list.length - 1) {
    ix.len++;
    addToIndex(ix, s, list.length - 1);
  }
}

/** Forget the index of a list about to be rearranged in place (splitOpaque). */
export function forgetIndex(list: readonly OpaqueStatement[]): void {
  indexes.delete(list);
}
