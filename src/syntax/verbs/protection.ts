/**
 * Which statements `protect:` guards (junos-cli.md §2.9): the nearest
 * protected node above a path, whether a subtree holds one, and the protected
 * statement a set line's words go through in an unmodelled hierarchy. The
 * verbs ask here before they change anything.
 */
import {
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../../tree/config-tree.js';
import { getMeta, isObject, type MutObject } from '../../tree/tree-ops.js';
import type { ConfigBuilder } from '../builder.js';
import { candidates } from '../opaque-index.js';

/** The nearest protected node at or above path (self included unless skipSelf). */
export function protectedAncestor(
  b: ConfigBuilder,
  path: readonly string[],
  skipSelf = false,
): string[] | undefined {
  for (let n = skipSelf ? path.length - 1 : path.length; n >= 1; n--) {
    if (getMeta(b.w.root as ConfigTree, path.slice(0, n))?.protect) return path.slice(0, n);
  }
  return undefined;
}

/** True if an unmodelled statement of the list, or one inside it, is protected. */
export function opaqueHasProtected(list: readonly OpaqueStatement[]): boolean {
  return list.some((s) => s.meta?.protect || (s.children && opaqueHasProtected(s.children)));
}

/** True if a node below o (modelled or not) is protected. */
export function hasProtected(o: MutObject | object): boolean {
  const r = o as MutObject;
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (k === OPAQUE_KEY && opaqueHasProtected(v as OpaqueStatement[])) return true;
    if (k === META_KEY || k === ORDER_KEY || k === OPAQUE_KEY) continue;
    if (k.startsWith('@')) {
      if ((v as NodeMeta).protect) return true;
      continue;
    }
    if (isObject(v) && ((v[META_KEY] as NodeMeta | undefined)?.protect || hasProtected(v))) return true;
  }
  return false;
}

/** The words of the first protected statement that a set line's words go through, if any. */
export function opaqueProtectedOn(
  list: readonly OpaqueStatement[] | undefined,
  words: readonly string[],
): string[] | undefined {
  if (!list) return undefined;
  for (const i of candidates(list, words)) {
    const s = list[i];
    const n = s.words.length;
    if (n > words.length || !s.words.every((x, j) => x === words[j])) continue;
    if (s.meta?.protect) return s.words.slice();
    const sub = s.children && opaqueProtectedOn(s.children, words.slice(n));
    if (sub) return [...s.words, ...sub];
  }
  return undefined;
}
