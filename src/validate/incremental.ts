/**
 * Incremental validation by structural sharing. Configuration trees are frozen
 * and every edit copies only the path to the change (tree-ops.ts), so a subtree
 * that did not change is the same object in the old and the new tree. Three
 * memos keyed by object identity (WeakMaps: they die with the trees) make a
 * validation cost grow with the change, not with the configuration:
 *
 * - `sharedEffectiveTree`: the effective tree of each raw subtree, so that an
 *   unchanged raw subtree yields the same effective object again;
 * - `entrySchemas`: the schema with every list's entry schema swapped for a
 *   marker keyword whose validator runs ajv on that entry alone and caches its
 *   errors per entry object; the marker error is then replaced by the cached
 *   errors (instancePath prefixed), so the errors and their order are exactly
 *   those of one ajv run over the whole tree;
 * - `registerWalk` (shared-walk.ts): one schema walk per tree for the rules
 *   that walk it, with the findings of each list entry memoized (paths
 *   relative to the list) and relocated under the list's path.
 *
 * Only frozen objects are memoized (a mutable object could change under its key).
 */
import type { ErrorObject } from 'ajv';
import { changedSince } from '../tree/list-delta.js';
import {
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  isReservedKey,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
  deepFreeze,
} from '../tree/config-tree.js';
import { effectiveTree, isObject, listNames } from '../tree/tree-ops.js';
import { withoutInactive } from '../tree/tree-writer.js';
import { kindOf, type SchemaNode } from '../reftree/schema-node.js';

type MutObject = { [key: string]: unknown };

const effectiveMemo = new WeakMap<object, ConfigObject>();

/**
 * tree-ops' `effectiveTree` (every "@" key and every inactive node dropped, same
 * key order), memoized per raw subtree: an unchanged subtree of a frozen tree
 * gives back the effective object it gave before.
 */
export function sharedEffectiveTree(tree: ConfigTree): ConfigTree {
  // a tree its writer saw no inactive mark in is its own effective tree (all
  // of it frozen): nothing to walk (a fresh parse of a 200,000-line file, and
  // every edit of it that adds no inactive statement)
  if (withoutInactive(tree)) return tree;
  return effective(tree);
}

/** Per "@order" array, the last list that was its own effective tree (the base for list deltas). */
const selfEffectiveLists = new WeakMap<readonly string[], ConfigObject>();

/**
 * `keep`: whether the result is memoized. Lists and list entries are (they are
 * what later versions share and what the other memos key on); the containers
 * inside an entry are not: an entry is only walked again when it changed, and
 * one WeakMap entry per object of a 200,000-line tree was half this walk.
 * `nested`: `o` lies inside a list entry; nothing there is memoized or looked
 * up (a list inside an entry, such as a ca-profile's `crl url`, is walked
 * again only when its entry changed). `entry`: `o` is a list entry.
 */
function effective(o: ConfigObject, keep = true, nested = false, entry = false): ConfigObject {
  if (nested) return effectiveFull(o, Object.isFrozen(o), false, true);
  const hit = effectiveMemo.get(o);
  if (hit) return hit;
  const frozen = Object.isFrozen(o);
  const order = o[ORDER_KEY];
  if (frozen && Array.isArray(order)) {
    // A list from an earlier version that was its own effective tree: it still
    // is when every changed entry is active and its own effective tree.
    const changed = changedSince(o, (b) => effectiveMemo.get(b) === b, selfEffectiveLists)?.changed;
    if (changed !== undefined && changed.every((n) => selfEffectiveEntry(o[n]))) {
      effectiveMemo.set(o, o);
      selfEffectiveLists.set(order, o);
      return o;
    }
  }
  const result = effectiveFull(o, frozen, keep, entry);
  if (result === o && frozen && Array.isArray(order)) selfEffectiveLists.set(order, o);
  return result;
}

function selfEffectiveEntry(v: unknown): boolean {
  return (
    isObject(v) && !(v[META_KEY] as NodeMeta | undefined)?.inactive && effective(v, true, false, true) === v
  );
}

/** `inner`: the children of `o` lie inside a list entry (see effective). */
function effectiveFull(o: ConfigObject, frozen: boolean, keep: boolean, inner: boolean): ConfigObject {
  // A frozen subtree without inactive nodes is its own effective tree: no copy,
  // so the memos below key on the raw objects shared between versions. "@" keys
  // stay (the transformed schema and the rules skip them). Otherwise the copy
  // is a clone with only the differing keys fixed up (same key order).
  // A leaf's metadata sits beside it ("@<leaf>"): it is found among the "@"
  // keys of this same loop rather than looked up by a joined key per leaf
  // (one string per leaf of the tree was most of this walk's cost).
  let changed: [string, unknown][] | undefined;
  const isList = Array.isArray(o[ORDER_KEY]);
  for (const k in o) {
    const v = o[k];
    if (isReservedKey(k)) {
      if (k.length > 1 && k !== ORDER_KEY && k !== OPAQUE_KEY && (v as NodeMeta | undefined)?.inactive) {
        const leaf = k.slice(1);
        const lv = o[leaf];
        if (lv !== undefined && !isObject(lv)) (changed ??= []).push([leaf, undefined]);
      }
      continue;
    }
    let e: unknown = v;
    if (v === undefined) continue;
    else if (isObject(v))
      e =
        (v[META_KEY] as NodeMeta | undefined)?.inactive === true
          ? undefined
          : effective(v, isList || Array.isArray(v[ORDER_KEY]), inner, isList);
    else if (typeof v === 'object' && !Object.isFrozen(v)) e = deepFreeze(v);
    if (e !== v) (changed ??= []).push([k, e]);
  }
  let result = o;
  if (changed !== undefined || !frozen) {
    const out: MutObject = { ...o };
    for (const [k, e] of changed ?? []) {
      if (e === undefined) delete out[k];
      else out[k] = e;
    }
    result = Object.freeze(out) as ConfigObject;
  }
  if (frozen && keep) effectiveMemo.set(o, result);
  return result;
}

/** The ajv keyword that stands for a list's entry schema (never in a real schema). */
export const ENTRY_KEYWORD = 'x-pkicfg-entry';

/**
 * A copy of the schema where each list's `additionalProperties` (its entry
 * schema) is `{ [ENTRY_KEYWORD]: i }`; `entries[i]` is the (transformed) entry schema.
 */
export function splitEntrySchemas(schema: SchemaNode): { root: SchemaNode; entries: SchemaNode[] } {
  const entries: SchemaNode[] = [];
  const inList = new Set<SchemaNode>();
  const copy = (v: unknown, isSchema: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => copy(x, false));
    if (typeof v !== 'object' || v === null) return v;
    const node = v as SchemaNode;
    const out: MutObject = {};
    const list =
      isSchema &&
      kindOf(node) === 'list' &&
      typeof node.additionalProperties === 'object' &&
      node.additionalProperties !== null;
    const objectNode = isSchema && node.type === 'object' && 'additionalProperties' in node;
    if (objectNode && node.patternProperties === undefined)
      out.patternProperties = { [RESERVED_PATTERN]: true };
    if (list && !inList.has(node) && listDeltaSafe(node)) {
      // The whole list behind a marker too: its errors are cached per list
      // object and patched from an earlier version of the list (entryErrorCache).
      const i = entries.length;
      entries.push({});
      inList.add(node);
      entries[i] = copy(node, true) as SchemaNode;
      inList.delete(node);
      return { [ENTRY_KEYWORD]: i };
    }
    for (const k of Object.keys(node)) {
      if (list && k === 'additionalProperties') {
        const i = entries.length;
        entries.push({});
        entries[i] = copy(node[k], true) as SchemaNode;
        out[k] = { [ENTRY_KEYWORD]: i };
      } else if (isSchema && k === 'properties' && typeof node[k] === 'object' && node[k] !== null) {
        const props: MutObject = {};
        for (const [pk, pv] of Object.entries(node[k] as MutObject)) props[pk] = copy(pv, true);
        out[k] = props;
      } else if (isSchema && typeof node[k] === 'object' && node[k] !== null && !Array.isArray(node[k])) {
        // additionalProperties / propertyNames / items and other subschemas
        out[k] = copy(node[k], !k.startsWith('x-'));
      } else {
        out[k] = copy(node[k], false);
      }
    }
    return out;
  };
  const root = copy(schema, true) as SchemaNode;
  return { root, entries };
}

/**
 * A list schema whose errors for a list object are the errors of each of its
 * entries on their own (name checks and entry schema only: no keyword that
 * looks at the whole object, such as minProperties), so that a list's errors
 * can be found from an earlier version by checking only the changed entries.
 */
function listDeltaSafe(node: SchemaNode): boolean {
  for (const k of Object.keys(node)) {
    if (k.startsWith('x-') || k === 'description' || k === 'title') continue;
    if (k === 'type' && node[k] === 'object') continue;
    if (k === 'propertyNames' || k === 'additionalProperties' || k === 'patternProperties') continue;
    return false;
  }
  return true;
}

/**
 * Reserved ("@") keys never hold data: the effective tree may keep them (see
 * sharedEffectiveTree), so the transformed schema lets them through
 * (`patternProperties`) and their list-name errors are dropped here.
 */
const RESERVED_PATTERN = '^@';

function aboutReservedKey(e: ErrorObject): boolean {
  if (typeof e.propertyName === 'string' && isReservedKey(e.propertyName)) return true;
  const p = (e.params as { propertyName?: unknown }).propertyName;
  return e.keyword === 'propertyNames' && typeof p === 'string' && isReservedKey(p);
}

/**
 * Replaces every entry marker error by the entry's own errors (instancePath
 * prefixed), drops errors about "@" keys, and shows object data as the
 * effective tree would hold it (for messages that quote the value).
 */
export function expandEntryErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (aboutReservedKey(e)) continue;
    if (e.keyword !== ENTRY_KEYWORD) {
      out.push(isObject(e.data) ? { ...e, data: effectiveTree(e.data) } : e);
      continue;
    }
    const inner = (e.params as { errors: readonly ErrorObject[] }).errors;
    for (const x of inner) out.push({ ...x, instancePath: e.instancePath + x.instancePath });
  }
  return out;
}

const NO_ERRORS: readonly ErrorObject[] = Object.freeze([]);

/** Errors of one entry schema, cached per (frozen) entry or list object. */
export function entryErrorCache(
  validate: (index: number, data: unknown) => readonly ErrorObject[],
): (index: number, data: unknown) => readonly ErrorObject[] {
  const memos: WeakMap<object, readonly ErrorObject[]>[] = [];
  const lastClean: WeakMap<readonly string[], ConfigObject>[] = [];
  // How many markers are being checked around this call: a list's marker, then
  // its entries'. Deeper ones (a list inside an entry, its entries) are checked
  // again only when their entry changed, so they are not memoized: three
  // WeakMap entries per ca-profile `crl url` were a third of this check.
  let depth = 0;
  const run = (index: number, data: unknown): readonly ErrorObject[] => {
    depth++;
    try {
      return validate(index, data);
    } finally {
      depth--;
    }
  };
  return (index, data) => {
    if (typeof data !== 'object' || data === null || depth >= 2) return run(index, data);
    const memo = (memos[index] ??= new WeakMap());
    const hit = memo.get(data);
    if (hit) return hit;
    const frozen = Object.isFrozen(data);
    const order = (data as ConfigObject)[ORDER_KEY];
    if (frozen && Array.isArray(order)) {
      // A list (splitEntrySchemas puts delta-safe lists behind the marker): from a
      // valid earlier version with the same "@order", only the changed entries
      // can bring errors, so they are checked on their own.
      const list = data as ConfigObject;
      const last = (lastClean[index] ??= new WeakMap());
      const changed = changedSince(list, (b) => memo.get(b)?.length === 0, last)?.changed;
      if (changed !== undefined) {
        const part: MutObject = {};
        for (const name of changed) if (list[name] !== undefined) part[name] = list[name];
        if (run(index, part).length === 0) {
          memo.set(data, NO_ERRORS);
          last.set(order, list);
          return NO_ERRORS;
        }
      }
      const errs = run(index, data);
      memo.set(data, errs);
      if (errs.length === 0) last.set(order, list);
      return errs;
    }
    const errs = run(index, data);
    if (frozen) memo.set(data, errs);
    return errs;
  };
}

const namesMemo = new WeakMap<object, readonly string[]>();

/** tree-ops' listNames, memoized per frozen list object. */
export function sharedListNames(list: ConfigObject): readonly string[] {
  const hit = namesMemo.get(list);
  if (hit) return hit;
  const names = listNames(list);
  if (Object.isFrozen(list)) namesMemo.set(list, names);
  return names;
}
