/**
 * The `apply-groups` and `apply-groups-except` statements of a level, as the
 * parsers keep them (unmodelled, "@opaque" raw words): the group names they
 * list, and whether a subtree holds any `apply-groups` at all (memoized, so a
 * commit re-checks only the path to its change).
 */
import {
  OPAQUE_KEY,
  ORDER_KEY,
  isObject,
  isReservedKey,
  type ConfigObject,
  type OpaqueStatement,
} from '../../tree/config-tree.js';
import { changedSince } from '../../tree/list-delta.js';
import { unquote } from '../../../grammar/lexer.js';

/** The value of a raw word: quotes removed; `[` for a `[ a b ]` list (as the parsers key spans). */
export function textOf(raw: string): string {
  if (raw.startsWith('"')) return unquote(raw);
  if (raw.startsWith('[')) return '[';
  return raw;
}

/** The items of a raw `[ a b "c d" ]` value list. */
export function listItems(raw: string): string[] {
  return [...raw.slice(1, raw.endsWith(']') ? -1 : undefined).matchAll(/"(?:[^"\\]|\\.)*"?|[^\s[\]"]+/g)].map(
    (m) => m[0],
  );
}

/** The group names of the (active) `apply-groups` / `apply-groups-except` statements of a level. */
function namesOf(stmts: readonly OpaqueStatement[], keyword: string): string[] {
  const out: string[] = [];
  const addWords = (words: readonly string[]): void => {
    for (const w of words) {
      const items = w.startsWith('[') ? listItems(w) : [w];
      for (const i of items) {
        const t = textOf(i);
        if (!out.includes(t)) out.push(t);
      }
    }
  };
  const addKids = (kids: readonly OpaqueStatement[] | undefined): void => {
    for (const k of kids ?? []) {
      if (k.meta?.inactive) continue;
      addWords(k.words);
      addKids(k.children);
    }
  };
  for (const s of stmts) {
    if (s.words[0] !== keyword || s.meta?.inactive) continue;
    addWords(s.words.slice(1));
    addKids(s.children);
  }
  return out;
}

/** The groups a level applies (`apply-groups`) and those it stops (`apply-groups-except`). */
export function applyStatementsOf(local: ConfigObject | undefined): { applied: string[]; blocked: string[] } {
  const op = local?.[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  if (!op) return { applied: [], blocked: [] };
  return { applied: namesOf(op, 'apply-groups'), blocked: namesOf(op, 'apply-groups-except') };
}

/**
 * Memoized per frozen object (a commit re-checks only the path to its change);
 * a big list is answered from an earlier version of it through its list delta
 * (print-curly.ts) when that had no apply-groups. [STORE: commit speed]
 */
const applyGroupsMemo = new WeakMap<object, boolean>();
const noApplyGroupsLists = new WeakMap<readonly string[], ConfigObject>();

/** Whether `obj` or anything below it holds an `apply-groups` statement. */
export function hasApplyGroups(obj: ConfigObject): boolean {
  const hit = applyGroupsMemo.get(obj);
  if (hit !== undefined) return hit;
  const r = hasApplyGroupsOnce(obj);
  if (Object.isFrozen(obj)) applyGroupsMemo.set(obj, r);
  const order = obj[ORDER_KEY];
  if (!r && Array.isArray(order) && Object.isFrozen(obj)) noApplyGroupsLists.set(order, obj);
  return r;
}

function hasApplyGroupsOnce(obj: ConfigObject): boolean {
  const op = obj[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  if (op?.some((s) => s.words[0] === 'apply-groups')) return true;
  const order = obj[ORDER_KEY];
  if (Array.isArray(order) && Object.isFrozen(obj)) {
    const changed = changedSince(obj, (b) => applyGroupsMemo.get(b) === false, noApplyGroupsLists)?.changed;
    if (changed !== undefined) return changed.some((n) => isObject(obj[n]) && hasApplyGroups(obj[n]));
  }
  for (const k in obj) {
    if (isReservedKey(k)) continue;
    const v = obj[k];
    if (isObject(v) && hasApplyGroups(v)) return true;
  }
  return false;
}
