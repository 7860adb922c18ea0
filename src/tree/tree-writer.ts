/**
 * The copy-on-write writer over a frozen configuration tree: `TreeWriter`
 * copies a node the first time it is written (path copying) and freezes only
 * the copied nodes once at the end, so a 200,000-line file costs one freeze
 * pass instead of one per line; and it records, for every big list it copies,
 * which entries it wrote (tree/list-delta.ts). The parsers' builder and the
 * one-edit operations of tree-ops.ts (setAt, deleteAt, setMeta) write through it.
 */
import {
  META_KEY,
  ORDER_KEY,
  deepFreeze,
  deepFreezeFindingInactive,
  isObject,
  isReservedKey,
  type ConfigObject,
  type ConfigTree,
} from './config-tree.js';
import { noteListDelta } from './list-delta.js';
import type { ConfigPath } from '../diag/diagnostic.js';
import type { MutObject } from './tree-ops.js';

/**
 * Copy-on-write writer over a (frozen) tree. `obj(path)` returns a mutable object
 * at the path, copying the nodes along it the first time; `finish()` freezes.
 */
export class TreeWriter {
  root: MutObject;
  /** Whether the key was absent (undefined) before the last child() call. */
  lastWasAbsent = false;
  /**
   * The list objects this writer copied from a frozen version, with the entry
   * keys it wrote in them: recorded as list deltas by finish(), so that diff,
   * print, encode and validation of the result visit the edited entries of a
   * 20,000-entry list, not all of them. Every write into a list object goes
   * through child/set/remove (test/property/list-delta.property.test.ts checks
   * the records against a full scan).
   */
  private lists: Map<object, { base: ConfigObject; keys: Set<string> }> | undefined;
  /**
   * Whether the result may still be known to hold no inactive statement: the
   * base was one (or empty), no frozen object came in through set() (its
   * insides are not walked by finish()), and no frozen node held a mark.
   */
  private noInactive: boolean;

  constructor(tree: ConfigTree) {
    // Ownership is "not frozen": input trees are frozen values (freeze them if a
    // caller built one by hand), and every node this writer creates or copies is
    // unfrozen until finish(). A WeakSet of owned nodes cost more in GC than the
    // whole parse on 200,000-line files.
    deepFreeze(tree);
    this.noInactive = withoutInactive(tree) || isEmptyObject(tree);
    this.root = this.own(tree as MutObject);
  }

  /** A mutable copy of o (o itself if this writer already owns it). */
  own<T extends object>(o: T): T {
    if (!Object.isFrozen(o)) return o;
    if (Array.isArray(o)) return o.slice() as T;
    const c = { ...o };
    if (Array.isArray((o as MutObject)[ORDER_KEY]))
      (this.lists ??= new Map()).set(c, { base: o as ConfigObject, keys: new Set() });
    return c;
  }

  /** Note that parent[key] is written (a list copy's delta grows by it). */
  private wrote(parent: MutObject, key: string): void {
    if (this.lists !== undefined && !isReservedKey(key)) this.lists.get(parent)?.keys.add(key);
  }

  /** The mutable child object `key` of the mutable parent, created ({}) if missing. */
  child(parent: MutObject, key: string, createAsList = false): MutObject {
    const cur = parent[key];
    this.lastWasAbsent = cur === undefined;
    if (isObject(cur)) {
      if (!Object.isFrozen(cur)) return cur as MutObject;
      const c = this.own(cur as MutObject);
      parent[key] = c;
      this.wrote(parent, key);
      return c;
    }
    const c: MutObject = createAsList ? { [ORDER_KEY]: [] } : {};
    addKey(this, parent, key);
    parent[key] = c;
    this.wrote(parent, key);
    return c;
  }

  /**
   * child() for a parent that is not a list object (a container or list
   * entry: no "@order" to keep) and a child that is not a list: the set-file
   * fast path's container step.
   */
  childOfEntry(parent: MutObject, key: string): MutObject {
    if (parent[key] !== undefined) return this.child(parent, key);
    this.lastWasAbsent = true;
    const c: MutObject = {};
    parent[key] = c;
    this.wrote(parent, key);
    return c;
  }

  /** set() for a parent that is not a list object (a container or list entry): no "@order" to keep. */
  setInEntry(parent: MutObject, key: string, value: unknown): void {
    if (typeof value === 'object' && value !== null) this.foreign(value);
    parent[key] = value;
    this.wrote(parent, key);
  }

  /** The mutable object at path, creating missing objects (isList says which are lists). */
  obj(path: ConfigPath, isList?: (p: ConfigPath) => boolean): MutObject {
    let cur = this.root;
    for (let i = 0; i < path.length; i++) {
      cur = this.child(cur, path[i], isList ? isList(path.slice(0, i + 1)) : false);
    }
    return cur;
  }

  /** The mutable object at path if every node exists, else undefined (nothing created). */
  existing(path: ConfigPath): MutObject | undefined {
    let cur = this.root;
    for (const w of path) {
      if (!isObject(cur[w])) return undefined;
      cur = this.child(cur, w);
    }
    return cur;
  }

  /** A mutable array held at parent[key] (copied on first write). */
  array<T>(parent: MutObject, key: string): T[] {
    const cur = parent[key];
    if (Array.isArray(cur)) {
      if (!Object.isFrozen(cur)) return cur as T[];
      const c = cur.slice() as T[];
      parent[key] = c;
      return c;
    }
    const c: T[] = [];
    parent[key] = c;
    return c;
  }

  /** Sets parent[key] = value, keeping "@order" of a list parent. */
  set(parent: MutObject, key: string, value: unknown): void {
    if (typeof value === 'object' && value !== null) this.foreign(value);
    if (parent[key] === undefined) addKey(this, parent, key);
    parent[key] = value;
    this.wrote(parent, key);
  }

  /** Removes parent[key] with its "@<key>" meta and its place in "@order". */
  remove(parent: MutObject, key: string): boolean {
    if (parent[key] === undefined) return false;
    this.wrote(parent, key);
    delete parent[key];
    delete parent[META_KEY + key];
    const order = parent[ORDER_KEY];
    if (Array.isArray(order) && order.includes(key)) {
      const o = this.array<string>(parent, ORDER_KEY);
      o.splice(o.indexOf(key), 1);
    }
    return true;
  }

  /** A frozen object from elsewhere: finish() does not look inside it. */
  private foreign(value: object): void {
    if (Object.isFrozen(value) && !withoutInactive(value)) this.noInactive = false;
  }

  /** The frozen result. */
  finish(): ConfigTree {
    const tree = this.root as ConfigTree;
    if (deepFreezeFindingInactive(tree)) this.noInactive = false;
    if (this.noInactive) NO_INACTIVE.add(tree);
    // noteListDelta keeps only copies whose "@order" array is still the base's (no entry added, removed or moved)
    if (this.lists !== undefined)
      for (const [copy, { base, keys }] of this.lists) noteListDelta(base, copy as ConfigObject, [...keys]);
    this.lists = undefined;
    return tree;
  }
}

/** Trees (and values set into them) a writer finished with no inactive mark anywhere in them. */
const NO_INACTIVE = new WeakSet<object>();

/**
 * Whether `tree` is known to hold no inactive statement, so that it is its own
 * effective tree (validate/incremental.ts then skips the walk that would find
 * so). False means "not known", not "has one".
 */
export function withoutInactive(tree: object): boolean {
  return NO_INACTIVE.has(tree);
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** Appends a new key to a list's "@order" (callers add only absent keys: no scan, no O(n²)). */
function addKey(w: TreeWriter, parent: MutObject, key: string): void {
  const order = parent[ORDER_KEY];
  if (!Array.isArray(order) || isReservedKey(key)) return;
  // A literal [key] has no spare capacity (push onto [] reserves 17 slots): most lists hold one entry.
  if (order.length === 0) parent[ORDER_KEY] = [key];
  else w.array<string>(parent, ORDER_KEY).push(key);
}
