/**
 * Path-addressed operations over the configuration tree (config-tree.ts).
 * Every exported operation is pure: it returns a new frozen tree that shares
 * unchanged subtrees with its input (structural sharing, by hand: see
 * bench/commit-cow.ts for why not immer), so diff and validation can skip
 * subtrees by identity.
 *
 * Edits write through `TreeWriter` (tree-writer.ts), as the parsers do.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import {
  META_KEY,
  ORDER_KEY,
  childMeta,
  deepFreeze,
  isInactive,
  isInactiveLeaf,
  isObject,
  isReservedKey,
  objectMeta,
  type ConfigObject,
  type ConfigTree,
  type ConfigValue,
  type NodeMeta,
} from './config-tree.js';
import { TreeWriter } from './tree-writer.js';

/** A mutable view of a ConfigObject, used only inside TreeWriter. */
export type MutObject = { [key: string]: unknown };

// The node kinds live with the tree's data model; most callers import them from here.
export { isListNode, isObject } from './config-tree.js';

/** The value at a path (a list entry is addressed by list keyword + name), or undefined. */
export function getAt(tree: ConfigTree, path: ConfigPath): ConfigValue | undefined {
  let cur: unknown = tree;
  for (const w of path) {
    // Own keys only: a name like `constructor` or `toString` must not find Object.prototype's.
    if (!isObject(cur) || isReservedKey(w) || !Object.hasOwn(cur, w)) return undefined;
    cur = cur[w];
  }
  return cur as ConfigValue | undefined;
}

/** The metadata of the node at a path: "@" inside an object, "@<leaf>" beside a leaf. */
export function getMeta(tree: ConfigTree, path: ConfigPath): NodeMeta | undefined {
  if (path.length === 0) return objectMeta(tree);
  const parent = getAt(tree, path.slice(0, -1));
  const last = path[path.length - 1];
  return isObject(parent) && getAt(parent, [last]) !== undefined ? childMeta(parent, last) : undefined;
}

/** Frozen "@order" arrays without duplicate names (they are shared between tree versions). */
const distinctOrders = new WeakSet<readonly string[]>();

function isDistinct(order: readonly string[]): boolean {
  // A short list (a ca-profile's `crl url`) is checked in place: a Set and a
  // WeakSet entry for each of 20,000 one-name lists cost more than the check.
  if (order.length <= 8) {
    for (let i = 1; i < order.length; i++)
      for (let j = 0; j < i; j++) if (order[i] === order[j]) return false;
    return true;
  }
  if (distinctOrders.has(order)) return true;
  if (new Set(order).size !== order.length) return false;
  if (Object.isFrozen(order)) distinctOrders.add(order);
  return true;
}

/** The entry names of a list object, in user order ("@order", then any key it misses). */
export function listNames(listObj: ConfigObject | undefined): string[] {
  if (!listObj) return [];
  const order = listObj[ORDER_KEY] as readonly string[] | undefined;
  if (order && isDistinct(order)) {
    // Fast path (big lists): "@order" names every key exactly once.
    let ok = true;
    for (let i = 0; i < order.length && ok; i++)
      ok = !isReservedKey(order[i]) && listObj[order[i]] !== undefined;
    if (ok) {
      let keys = 0;
      for (const k in listObj) if (!isReservedKey(k)) keys++;
      if (keys === order.length) return order.slice();
    }
  }
  const out: string[] = [];
  const seen = new Set<string>();
  if (order) {
    for (const n of order) {
      if (!seen.has(n) && listObj[n] !== undefined) {
        out.push(n);
        seen.add(n);
      }
    }
  }
  for (const k of Object.keys(listObj)) if (!isReservedKey(k) && !seen.has(k)) out.push(k);
  return out;
}

/** The data keys of an object (no "@" keys, no undefined values), in JS order: use tree/order.ts for display order. */
export function dataKeys(obj: ConfigObject): string[] {
  return Object.keys(obj).filter((k) => !isReservedKey(k) && obj[k] !== undefined);
}

/**
 * A new tree with `value` at path. Missing intermediate objects are created;
 * `isList(prefix)` tells which of them are keyed lists (they get "@order").
 * Adding a key to an existing list appends it to "@order".
 */
export function setAt(
  tree: ConfigTree,
  path: ConfigPath,
  value: ConfigValue,
  isList?: (p: ConfigPath) => boolean,
): ConfigTree {
  if (path.length === 0) {
    if (!isObject(value)) throw new TypeError('setAt: the root must be an object');
    return deepFreeze(value);
  }
  const w = new TreeWriter(tree);
  const parent = w.obj(path.slice(0, -1), isList);
  w.set(parent, path[path.length - 1], value);
  return w.finish();
}

/** A new tree without the node at path (and its meta); the same tree if absent. */
export function deleteAt(tree: ConfigTree, path: ConfigPath): ConfigTree {
  if (path.length === 0) return tree;
  if (getAt(tree, path) === undefined) return tree;
  const w = new TreeWriter(tree);
  const parent = w.existing(path.slice(0, -1));
  if (!parent) return tree;
  w.remove(parent, path[path.length - 1]);
  return w.finish();
}

/** A new tree with the meta of the node at path replaced (undefined or {} removes it). */
export function setMeta(tree: ConfigTree, path: ConfigPath, meta: NodeMeta | undefined): ConfigTree {
  const w = new TreeWriter(tree);
  writeMeta(w, path, meta);
  return w.finish();
}

/** setMeta on a TreeWriter (no-op if the node is absent). */
export function writeMeta(w: TreeWriter, path: ConfigPath, meta: NodeMeta | undefined): boolean {
  const clean = meta && Object.keys(meta).length > 0 ? meta : undefined;
  if (path.length === 0) {
    if (clean) w.root[META_KEY] = clean;
    else delete w.root[META_KEY];
    return true;
  }
  const parent = w.existing(path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent || parent[last] === undefined) return false;
  if (isObject(parent[last])) {
    const o = w.child(parent, last);
    if (clean) o[META_KEY] = clean;
    else delete o[META_KEY];
  } else if (clean) parent[META_KEY + last] = clean;
  else delete parent[META_KEY + last];
  return true;
}

/**
 * The effective tree: what is validated and committed. Drops every "@" key and
 * every inactive node; a list keeps its entries keyed by name.
 */
export function effectiveTree(tree: ConfigTree): ConfigTree {
  return deepFreeze(effective(tree)) as ConfigTree;
}

function effective(o: ConfigObject): MutObject {
  const out: MutObject = {};
  for (const k of Object.keys(o)) {
    if (isReservedKey(k)) continue;
    const v = o[k];
    if (v === undefined) continue;
    if (isObject(v)) {
      if (isInactive(v)) continue;
      out[k] = effective(v);
    } else {
      if (isInactiveLeaf(o, k)) continue;
      out[k] = v;
    }
  }
  return out;
}

/**
 * Structural equality: object key order is ignored; "@order" (user order of a
 * list) and leaf-list order matter; "@opaque" compares statement by statement.
 */
export function treesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!treesEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!(k in bo)) return false;
    if (k === ORDER_KEY) {
      // compare only names that are present (stale names are ignored by listNames)
      if (!treesEqual(listNames(ao as ConfigObject), listNames(bo as ConfigObject))) return false;
      continue;
    }
    if (!treesEqual(ao[k], bo[k])) return false;
  }
  return true;
}
