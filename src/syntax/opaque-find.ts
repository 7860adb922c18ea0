/**
 * Finding and splitting statements of an "@opaque" list by the words of a
 * command (`delete`, `deactivate`, `protect`... on unmodelled hierarchies,
 * verbs/opaque.ts): the read side of opaque-list.ts's nesting.
 */
import type { OpaqueStatement } from '../tree/config-tree.js';
import { forgetIndex } from './opaque-index.js';

/**
 * The opaque statement found by descending `words` from an open container's
 * list, with its parents. With `prefix`, a statement whose words go on past
 * `words` (a set line kept as one statement, a block header of several words)
 * is found too.
 */
export function findOpaque(
  list: readonly OpaqueStatement[] | undefined,
  words: readonly string[],
  prefix = false,
): { chain: number[] } | undefined {
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const n = s.words.length;
    if (n > words.length) {
      if (prefix && words.every((x, j) => x === s.words[j])) return { chain: [i] };
      continue;
    }
    if (!s.words.every((x, j) => x === words[j])) continue;
    if (n === words.length) return { chain: [i] };
    const sub = findOpaque(s.children, words.slice(n), prefix);
    if (sub) return { chain: [i, ...sub.chain] };
  }
  return undefined;
}

/**
 * A command that names a prefix of a statement's words (`deactivate vendor-x a`
 * on `vendor-x a b c { ... }`, or on the set line kept as one statement)
 * splits it there into a block and the rest, so that the prefix becomes a
 * statement of its own. The statement's meta stays with the rest.
 */
export function splitOpaque(list: OpaqueStatement[], words: readonly string[]): void {
  forgetIndex(list);
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const n = Math.min(s.words.length, words.length);
    let same = true;
    for (let j = 0; j < n && same; j++) same = s.words[j] === words[j];
    if (!same) continue;
    if (s.words.length <= words.length) {
      if (!s.children) continue;
      if (s.words.length === words.length) return;
      const children = s.children.slice();
      splitOpaque(children, words.slice(s.words.length));
      if (findOpaque(children, words.slice(s.words.length))) {
        list[i] = { ...s, children };
        return;
      }
      continue;
    }
    const { words: all, after, ...rest } = s;
    const head: OpaqueStatement = {
      words: all.slice(0, words.length),
      children: [{ words: all.slice(words.length), ...rest }],
    };
    list[i] = after === undefined ? head : { ...head, after };
    return;
  }
}
