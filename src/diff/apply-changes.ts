/**
 * Applies TreeChange values to a tree, copying only the objects on the changed
 * paths (structural sharing), so `applyChanges(a, diffTrees(a, b))` equals `b`.
 * Missing containers on the way are created, as `set` does.
 */
import { InternalError, type ConfigPath } from '../diag/diagnostic.js';
import {
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  isObject,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
} from '../tree/config-tree.js';
import { listNames, type MutObject as Mutable } from '../tree/tree-ops.js';
import type { TreeChange } from './tree-change.js';

function updateAt(
  obj: ConfigObject,
  path: ConfigPath,
  i: number,
  fn: (o: Mutable) => void,
  listAt?: number,
): ConfigObject {
  const copy: Mutable = { ...obj };
  if (i === path.length) {
    fn(copy);
  } else {
    const key = path[i];
    const child = obj[key];
    let base: ConfigObject;
    if (isObject(child)) base = child;
    else if (child === undefined) base = listAt === i + 1 ? { [ORDER_KEY]: [] } : {};
    else throw new InternalError(`applyChanges: '${path.slice(0, i + 1).join(' ')}' is not an object`);
    copy[key] = updateAt(base, path, i + 1, fn, listAt);
  }
  return Object.freeze(copy) as ConfigObject;
}

function setMeta(o: Mutable, key: string, meta: NodeMeta | undefined): void {
  if (meta === undefined || Object.keys(meta).length === 0) delete o[key];
  else o[key] = meta;
}

function applyOne(tree: ConfigTree, ch: TreeChange): ConfigTree {
  const path = ch.path;
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  switch (ch.op) {
    case 'add':
      return updateAt(
        tree,
        parent,
        0,
        (o) => {
          o[key] = ch.value;
          if (!ch.entry) setMeta(o, `@${key}`, ch.meta);
          else {
            const order = listNames(o as ConfigObject).filter((n) => n !== key);
            const at = ch.after == null ? 0 : order.indexOf(ch.after) + 1;
            order.splice(at > 0 || ch.after == null ? at : order.length, 0, key);
            o[ORDER_KEY] = order;
          }
        },
        ch.entry ? parent.length : undefined,
      );
    case 'delete':
      return updateAt(tree, parent, 0, (o) => {
        delete o[key];
        delete o[`@${key}`];
        if (ch.entry) o[ORDER_KEY] = listNames(o as ConfigObject).filter((n) => n !== key);
      });
    case 'modify':
      return updateAt(tree, parent, 0, (o) => {
        o[key] = ch.value;
      });
    case 'meta':
      if (path.length === 0) return updateAt(tree, [], 0, (o) => setMeta(o, META_KEY, ch.value));
      return updateAt(tree, parent, 0, (o) => {
        const v = o[key];
        if (isObject(v)) {
          const c: Mutable = { ...v };
          setMeta(c, META_KEY, ch.value);
          o[key] = Object.freeze(c);
        } else setMeta(o, `@${key}`, ch.value);
      });
    case 'reorder':
      return updateAt(tree, path, 0, (o) => {
        const current = listNames(o as ConfigObject);
        const keep = new Set(ch.value);
        o[ORDER_KEY] = [
          ...ch.value.filter((n) => o[n] !== undefined),
          ...current.filter((n) => !keep.has(n)),
        ];
      });
    case 'opaque':
      return updateAt(tree, path, 0, (o) => {
        if (ch.value === undefined) delete o[OPAQUE_KEY];
        else o[OPAQUE_KEY] = ch.value;
      });
  }
}

/** The tree with every change applied in order. */
export function applyChanges(tree: ConfigTree, changes: readonly TreeChange[]): ConfigTree {
  let t = tree;
  for (const ch of changes) t = applyOne(t, ch);
  return t;
}
