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
 * - `walkSchemaTreeMemo`: the findings of a schema walk below each list entry,
 *   with paths relative to the entry, relocated under the entry's path.
 *
 * Only frozen objects are memoized (a mutable object could change under its key).
 */
import type { ErrorObject } from 'ajv';
import type { ConfigPath } from '../diag/diagnostic.js';
import {
  META_KEY,
  isReservedKey,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
} from '../tree/config-tree.js';
import { deepFreeze, isObject, listNames } from '../tree/tree-ops.js';
import { entrySchema, kindOf, properties, type SchemaNode, type WalkNode } from './schema-node.js';

type MutObject = { [key: string]: unknown };

const effectiveMemo = new WeakMap<object, ConfigObject>();

/**
 * tree-ops' `effectiveTree` (every "@" key and every inactive node dropped, same
 * key order), memoized per raw subtree: an unchanged subtree of a frozen tree
 * gives back the effective object it gave before.
 */
export function sharedEffectiveTree(tree: ConfigTree): ConfigTree {
  return effective(tree);
}

function effective(o: ConfigObject): ConfigObject {
  const hit = effectiveMemo.get(o);
  if (hit) return hit;
  const frozen = Object.isFrozen(o);
  // A frozen subtree without "@" keys is its own effective tree (no copy: the
  // memos below then key on the raw objects, shared between versions). Otherwise
  // the copy is a clone with only the differing keys fixed up (same key order).
  let changed: [string, unknown][] | undefined;
  for (const k in o) {
    const v = o[k];
    let e: unknown = v;
    if (isReservedKey(k) || v === undefined) e = undefined;
    else if (isObject(v)) e = (v[META_KEY] as NodeMeta | undefined)?.inactive ? undefined : effective(v);
    else if ((o[META_KEY + k] as NodeMeta | undefined)?.inactive) e = undefined;
    else if (typeof v === 'object' && !Object.isFrozen(v)) e = deepFreeze(v);
    if (e !== v || (v === undefined && k in o)) (changed ??= []).push([k, e]);
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
  if (frozen) effectiveMemo.set(o, result);
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

/** Replaces every entry marker error by the entry's own errors (instancePath prefixed). */
export function expandEntryErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== ENTRY_KEYWORD) {
      out.push(e);
      continue;
    }
    const inner = (e.params as { errors: readonly ErrorObject[] }).errors;
    for (const x of inner) out.push({ ...x, instancePath: e.instancePath + x.instancePath });
  }
  return out;
}

/** Errors of one entry schema, cached per (frozen) entry object. */
export function entryErrorCache(
  validate: (index: number, data: unknown) => readonly ErrorObject[],
): (index: number, data: unknown) => readonly ErrorObject[] {
  const memo = new WeakMap<object, Map<number, readonly ErrorObject[]>>();
  return (index, data) => {
    if (typeof data !== 'object' || data === null || !Object.isFrozen(data)) return validate(index, data);
    let byIndex = memo.get(data);
    const hit = byIndex?.get(index);
    if (hit) return hit;
    const errs = validate(index, data);
    if (!byIndex) {
      byIndex = new Map();
      memo.set(data, byIndex);
    }
    byIndex.set(index, errs);
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

/** What walkSchemaTreeMemo keeps per (entry object, entry schema): the findings of its last name. */
export interface EntryFindings<R> {
  readonly name: string;
  readonly found: readonly R[];
}

/**
 * walkSchemaTree (parents before children, schema order, list order) where each
 * node may add findings to `out`. The findings of each list entry (the entry
 * node and everything below it) are memoized per (entry schema, entry object,
 * entry name) with paths relative to the list, and `relocate`d under the list's
 * path. `visit` must depend only on the node it is given (its value, schema
 * and path) and use the path only to build the findings' paths and read names
 * from its end: below a list, paths start at the entry name.
 */
export function walkSchemaTreeMemo<R>(
  memo: Map<SchemaNode, WeakMap<object, EntryFindings<R>>>,
  root: SchemaNode,
  tree: ConfigTree,
  visit: (n: WalkNode, out: R[]) => void,
  relocate: (r: R, prefix: ConfigPath) => R,
): R[] {
  const children = (schema: SchemaNode, value: ConfigObject, path: string[], out: R[]): void => {
    const kind = kindOf(schema);
    if (kind === 'container') {
      const props = properties(schema);
      for (const key of Object.keys(props)) {
        const v = value[key];
        if (v !== undefined) rec(props[key], v, [...path, key], out);
      }
    } else if (kind === 'list') {
      const entry = entrySchema(schema);
      const entryKind = kindOf(entry);
      const one = (e: unknown, p: string[], into: R[]): void => {
        visit({ path: p, schema: entry, kind: entryKind, value: e, list: schema }, into);
        if (isObject(e)) children(entry, e, p, into);
      };
      let byEntry = memo.get(entry);
      if (!byEntry) {
        byEntry = new WeakMap();
        memo.set(entry, byEntry);
      }
      const names = sharedListNames(value);
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        const e = value[name];
        if (!isObject(e) || !Object.isFrozen(e)) {
          one(e, [...path, name], out);
          continue;
        }
        let hit = byEntry.get(e);
        if (hit === undefined || hit.name !== name) {
          const found: R[] = [];
          one(e, [name], found);
          hit = { name, found };
          byEntry.set(e, hit);
        }
        const found = hit.found;
        for (let j = 0; j < found.length; j++) out.push(path.length ? relocate(found[j], path) : found[j]);
      }
    }
  };
  const rec = (schema: SchemaNode, value: unknown, path: string[], out: R[]): void => {
    visit({ path, schema, kind: kindOf(schema), value }, out);
    if (isObject(value)) children(schema, value, path, out);
  };
  const out: R[] = [];
  rec(root, tree, [], out);
  return out;
}
