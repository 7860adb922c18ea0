/**
 * `load merge` semantics on trees (junos-cli.md §4): incoming statements are
 * added; where both have a leaf the incoming value wins; leaf-lists are united
 * (existing order first); list entries merge recursively and new entries are
 * appended in incoming order; nothing existing is removed. Incoming metadata
 * (inactive/protect/annotation) replaces the existing metadata of that node.
 */
import {
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  isListNode,
  isObject,
  isReservedKey,
  leafMeta,
  objectMeta,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { listNames, treesEqual, type MutObject as Mutable } from '../tree/tree-ops.js';

function cleanMeta(m: unknown): unknown {
  if (!m || typeof m !== 'object' || !(m as NodeMeta).replace) return m;
  const c: Mutable = { ...(m as object) };
  delete c.replace;
  return Object.keys(c).length ? Object.freeze(c) : undefined;
}

/** `v` without `replace:` marks (the same reference when it has none). */
export function stripReplace<T>(v: T): T {
  if (!isObject(v)) return v;
  let copy: Mutable | undefined;
  for (const k of Object.keys(v)) {
    const x = v[k];
    const y = isReservedKey(k) && k !== ORDER_KEY && k !== OPAQUE_KEY ? cleanMeta(x) : stripReplace(x);
    if (y !== x) {
      copy ??= { ...v };
      if (y === undefined) delete copy[k];
      else copy[k] = y;
    }
  }
  return copy ? (Object.freeze(copy) as T) : v;
}

function isReplaced(meta: unknown): boolean {
  return !!(meta && typeof meta === 'object' && (meta as NodeMeta).replace);
}

function mergeObject(a: ConfigObject, b: ConfigObject, replace: boolean): ConfigObject {
  if (a === b) return a;
  const out: Mutable = { ...a };
  if (isListNode(a) || isListNode(b)) {
    const order = isListNode(a) ? listNames(a) : [];
    for (const name of isListNode(b) ? listNames(b) : []) {
      const ea = a[name];
      const eb = b[name] as ConfigObject;
      if (ea === undefined) {
        order.push(name);
        out[name] = stripReplace(eb);
      } else if (replace && isReplaced(objectMeta(eb))) out[name] = stripReplace(eb);
      else out[name] = mergeObject(ea as ConfigObject, eb, replace);
    }
    out[ORDER_KEY] = order;
    return Object.freeze(out) as ConfigObject;
  }
  for (const k of Object.keys(b)) {
    const vb = b[k];
    if (vb === undefined) continue;
    if (k === META_KEY || (isReservedKey(k) && k !== OPAQUE_KEY && k !== ORDER_KEY)) {
      const m = cleanMeta(vb);
      if (m === undefined) delete out[k];
      else out[k] = m;
      continue;
    }
    if (k === OPAQUE_KEY) {
      const olds = (a[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? [];
      const add = (vb as readonly OpaqueStatement[]).filter((s) => !olds.some((o) => treesEqual(o, s)));
      out[k] = [...olds, ...add];
      continue;
    }
    const va = a[k];
    const replaced = replace && (isReplaced(leafMeta(b, k)) || isReplaced(objectMeta(vb)));
    if (replaced || va === undefined) out[k] = stripReplace(vb);
    else if (isObject(va) && isObject(vb)) out[k] = mergeObject(va, vb, replace);
    else if (Array.isArray(va) && Array.isArray(vb)) {
      const seen = new Set(va as readonly string[]);
      out[k] = [...(va as readonly string[]), ...(vb as readonly string[]).filter((x) => !seen.has(x))];
    } else out[k] = vb;
  }
  return Object.freeze(out) as ConfigObject;
}

/**
 * `a` with `b` merged into it, as `load merge` does. With `replace` (`load
 * replace`), a statement of `b` marked `replace:` replaces the existing one
 * whole instead of merging into it; otherwise `replace:` marks are ignored.
 */
export function mergeTrees(a: ConfigTree, b: ConfigTree, opts: { replace?: boolean } = {}): ConfigTree {
  return mergeObject(a, b, opts.replace === true);
}

/** Wrap `tree` so that it sits at `path` (for `load ... relative`); `isList(p)` says whether the node at p is a list. */
export function nestAt(
  tree: ConfigTree,
  path: readonly string[],
  isList: (p: readonly string[]) => boolean,
): ConfigTree {
  let t: ConfigObject = tree;
  for (let i = path.length - 1; i >= 0; i--) {
    const w = path[i];
    t = isList(path.slice(0, i)) ? Object.freeze({ [ORDER_KEY]: [w], [w]: t }) : Object.freeze({ [w]: t });
  }
  return t;
}
