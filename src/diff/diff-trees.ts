/**
 * Structural diff of two configuration trees (VyOS config_diff): returns the
 * changes in configuration order. Subtrees that are the same reference (the
 * trees' structural sharing, tree/tree-ops.ts) are skipped without being
 * visited, so the cost grows with the change, not with the configuration.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import {
  OPAQUE_KEY,
  ORDER_KEY,
  isListNode,
  isObject,
  leafMeta,
  objectMeta,
  type ConfigObject,
  type ConfigTree,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { dataKeys, listNames } from '../tree/tree-ops.js';
import { noteListDelta, orderIndex, recordedDelta } from '../tree/list-delta.js';
import type { TreeChange } from './tree-change.js';
import { valuesEqual } from './tree-equal.js';

/**
 * Keys of both versions of a container: new order, with keys only in the old one
 * placed after the key that preceded them there.
 */
function mergedKeys(a: readonly string[], b: readonly string[]): string[] {
  if (a === b) return b.slice();
  if (a.length === b.length) {
    let same = true;
    for (let i = 0; i < a.length && same; i++) same = a[i] === b[i];
    if (same) return b.slice();
  }
  const inB = new Set(b);
  const after = new Map<string | null, string[]>();
  let prev: string | null = null;
  for (const k of a) {
    if (inB.has(k)) prev = k;
    else {
      const l = after.get(prev);
      if (l) l.push(k);
      else after.set(prev, [k]);
    }
  }
  const out: string[] = [...(after.get(null) ?? [])];
  for (const k of b) {
    out.push(k);
    const l = after.get(k);
    if (l) out.push(...l);
  }
  return out;
}

function sameKind(a: ConfigValue, b: ConfigValue): boolean {
  if (isObject(a) || isObject(b)) return isObject(a) && isObject(b) && isListNode(a) === isListNode(b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b);
  return (a === true) === (b === true);
}

function diffMeta(
  path: ConfigPath,
  entry: boolean,
  a: NodeMeta | undefined,
  b: NodeMeta | undefined,
  out: TreeChange[],
): void {
  if (a === b || valuesEqual(a ?? {}, b ?? {})) return;
  out.push({ op: 'meta', path, entry, old: a, value: b });
}

function diffContainer(a: ConfigObject, b: ConfigObject, path: ConfigPath, out: TreeChange[]): void {
  if (a === b) return;
  const aOpaque = a[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  const bOpaque = b[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  if (aOpaque !== bOpaque && !valuesEqual(aOpaque ?? [], bOpaque ?? [])) {
    out.push({ op: 'opaque', path, entry: false, old: aOpaque, value: bOpaque });
  }
  for (const key of mergedKeys(keyOrder(path, a), keyOrder(path, b))) {
    const va = a[key] as ConfigValue | undefined;
    const vb = b[key] as ConfigValue | undefined;
    const p = [...path, key];
    const ma = leafMeta(a, key);
    const mb = leafMeta(b, key);
    if (va === undefined) {
      out.push({ op: 'add', path: p, entry: false, value: vb as ConfigValue, meta: mb });
      continue;
    }
    if (vb === undefined) {
      out.push({ op: 'delete', path: p, entry: false, old: va, meta: ma });
      continue;
    }
    if (va === vb && ma === mb) continue;
    if (!sameKind(va, vb)) {
      out.push({ op: 'delete', path: p, entry: false, old: va, meta: ma });
      out.push({ op: 'add', path: p, entry: false, value: vb, meta: mb });
      continue;
    }
    if (isListNode(va) && isListNode(vb)) {
      diffList(va, vb, p, out);
    } else if (isObject(va) && isObject(vb)) {
      diffMeta(p, false, objectMeta(va), objectMeta(vb), out);
      diffContainer(va, vb, p, out);
    } else {
      diffMeta(p, false, ma, mb, out);
      if (!valuesEqual(va, vb)) out.push({ op: 'modify', path: p, entry: false, old: va, value: vb });
    }
  }
}

/** Names in "@order" order (a change list is reported in the order of the list). */
function inOrder(names: readonly string[], order: readonly string[]): readonly string[] {
  if (names.length < 2) return names;
  const index = orderIndex(order);
  return [...names].sort((x, y) => (index.get(x) ?? 0) - (index.get(y) ?? 0));
}

function diffList(a: ConfigObject, b: ConfigObject, path: ConfigPath, out: TreeChange[]): void {
  if (a === b) return;
  if (a[ORDER_KEY] === b[ORDER_KEY]) {
    // Same entries in the same order (shared "@order"): only compare entry
    // references — of the entries an edit recorded as changed, when it did.
    const changed: string[] = [];
    const order = b[ORDER_KEY] as readonly string[];
    const recorded = recordedDelta(b, a);
    const names = recorded === undefined ? order : inOrder(recorded, order);
    for (const name of names) {
      const ea = a[name] as ConfigObject | undefined;
      const eb = b[name] as ConfigObject | undefined;
      if (ea === eb) continue;
      changed.push(name);
      if (ea === undefined || eb === undefined) continue;
      const p = [...path, name];
      diffMeta(p, true, objectMeta(ea), objectMeta(eb), out);
      diffContainer(ea, eb, p, out);
    }
    // The printer, the store encoder and validation redo only these entries of b.
    noteListDelta(a, b, changed);
    return;
  }
  const oa = listNames(a);
  const ob = listNames(b);
  const inA = new Set(oa);
  const inB = new Set(ob);
  const commonA = oa.filter((n) => inB.has(n));
  const commonB = ob.filter((n) => inA.has(n));
  if (!valuesEqual(commonA, commonB)) {
    out.push({ op: 'reorder', path, entry: false, old: commonA, value: commonB });
  }
  for (const name of mergedKeys(oa, ob)) {
    const ea = a[name] as ConfigObject | undefined;
    const eb = b[name] as ConfigObject | undefined;
    const p = [...path, name];
    if (ea === undefined) {
      const i = ob.indexOf(name);
      out.push({
        op: 'add',
        path: p,
        entry: true,
        value: eb as ConfigObject,
        after: i > 0 ? ob[i - 1] : null,
      });
    } else if (eb === undefined) {
      out.push({ op: 'delete', path: p, entry: true, old: ea });
    } else if (ea !== eb) {
      diffMeta(p, true, objectMeta(ea), objectMeta(eb), out);
      diffContainer(ea, eb, p, out);
    }
  }
}

/** Display order of a container's data keys (schema order); the default is key order. */
export type KeyOrder = (path: ConfigPath, obj: ConfigObject) => string[];

export interface DiffOptions {
  /** Container key order (the schema's, via tree/order.ts); changes come out in this order. */
  readonly order?: KeyOrder;
}

let keyOrder: KeyOrder = (_path, obj) => dataKeys(obj);

/** The changes that turn `a` into `b`, in configuration order; [] when equal. */
export function diffTrees(a: ConfigTree, b: ConfigTree, opts: DiffOptions = {}): TreeChange[] {
  const out: TreeChange[] = [];
  const saved = keyOrder;
  if (opts.order) keyOrder = opts.order;
  try {
    diffMeta([], false, objectMeta(a), objectMeta(b), out);
    diffContainer(a, b, [], out);
  } finally {
    keyOrder = saved;
  }
  return out;
}
