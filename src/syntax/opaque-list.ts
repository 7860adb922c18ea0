/**
 * Statements of unmodelled hierarchies ("@opaque" lists of word statements):
 * how a set line is inserted, found and split. One place, so that the nesting
 * that set lines get (builder) and that commands rely on (apply-commands) stay
 * the same.
 */
import type { OpaqueStatement } from '../tree/config-tree.js';

/**
 * Inserts the words of one set line into an unmodelled hierarchy. Descends through
 * blocks whose words prefix `words`; a statement (leaf or block) that shares only
 * some leading words with the line is split at the divergence, the shared words
 * becoming a block that holds both rests (`services ssh` + `services netconf ssh`
 * -> `services { ssh; netconf ssh; }`). Without the schema a `keyword value` pair
 * (`unit 0`) cannot be told from two nested keywords, so words are only grouped
 * where two lines diverge: a lone line stays one statement, as Junos would print a
 * one-child chain only if it were a pair.
 */
export function insertOpaque(list: OpaqueStatement[], words: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.children && s.words.length < words.length && s.words.every((x, j) => x === words[j])) {
      const children = s.children.slice();
      insertOpaque(children, words.slice(s.words.length));
      list[i] = { ...s, children };
      return;
    }
  }
  if (list.some((s) => s.words.length === words.length && s.words.every((x, j) => x === words[j]))) return;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    let k = 0;
    while (k < s.words.length && k < words.length && s.words[k] === words[k]) k++;
    if (k === 0) continue;
    if (k === words.length) return; // already implied by the longer statement
    const last = s.words[k];
    if (!s.children && k === s.words.length - 1 && k === words.length - 1 && /^\[[^]*\]$/.test(last)) {
      // another value of a curly value list (`members [ a b ];` + `set .. members c`)
      if (
        last
          .slice(1, -1)
          .match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g)
          ?.includes(words[k])
      )
        return;
      list[i] = { ...s, words: [...s.words.slice(0, k), `${last.slice(0, -1).trimEnd()} ${words[k]} ]`] };
      return;
    }
    if (k === s.words.length) {
      // a leaf whose words prefix the line becomes a block
      list[i] = { ...s, children: [{ words: words.slice(k) }] };
      return;
    }
    const { after, ...rest } = s;
    const head: OpaqueStatement = {
      words: s.words.slice(0, k),
      children: [{ ...rest, words: s.words.slice(k) }, { words: words.slice(k) }],
    };
    list[i] = after === undefined ? head : { ...head, after };
    return;
  }
  list.push({ words: words.slice() });
}

/** The opaque statement found by descending `words` from an open container's list, with its parents. */
export function findOpaque(
  list: readonly OpaqueStatement[] | undefined,
  words: readonly string[],
  prefixOfLeaf = false,
): { chain: number[] } | undefined {
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const n = s.words.length;
    if (prefixOfLeaf && !s.children && n > words.length && words.every((x, j) => x === s.words[j]))
      return { chain: [i] };
    if (n > words.length || !s.words.every((x, j) => x === words[j])) continue;
    if (n === words.length) return { chain: [i] };
    const sub = findOpaque(s.children, words.slice(n), prefixOfLeaf);
    if (sub) return { chain: [i, ...sub.chain] };
  }
  return undefined;
}

/**
 * A set line of an unmodelled hierarchy is stored as one leaf statement
 * (`interfaces lo0 unit 0 family inet address ...`); a command that names a
 * prefix of it (`deactivate interfaces lo0`) splits it there into a block and
 * the rest, so that the prefix becomes a statement of its own.
 */
export function splitOpaque(list: OpaqueStatement[], words: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const n = Math.min(s.words.length, words.length);
    let same = true;
    for (let j = 0; j < n && same; j++) same = s.words[j] === words[j];
    if (!same) continue;
    if (s.words.length <= words.length) {
      if (s.children && s.words.length < words.length) {
        const children = s.children.slice();
        splitOpaque(children, words.slice(s.words.length));
        list[i] = { ...s, children };
      }
      return;
    }
    if (!s.children) {
      const { words: all, after, ...rest } = s;
      const head: OpaqueStatement = {
        words: all.slice(0, words.length),
        children: [{ words: all.slice(words.length), ...rest }],
      };
      list[i] = after === undefined ? head : { ...head, after };
      return;
    }
  }
}
