/** What the printers share: the children of a container in display order, opaque statements interleaved. */
import {
  META_KEY,
  OPAQUE_KEY,
  type ConfigObject,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { containerKeys } from '../tree/order.js';
import { getAt, isObject } from '../tree/tree-ops.js';
import { defaultReftree, scopeOf, type RefNode, type Reftree } from '../reftree/reftree.js';

export interface PrintOptions {
  readonly reftree?: Reftree;
  /** Print only the subtree at this path (an edit level), relative to it. */
  readonly path?: readonly string[];
}

export type DisplayItem =
  | {
      readonly kind: 'node';
      readonly key: string;
      readonly node: RefNode;
      readonly value: ConfigValue;
      readonly meta?: NodeMeta;
    }
  | { readonly kind: 'opaque'; readonly stmt: OpaqueStatement };

const GENERIC_CACHE = new Map<string, RefNode>();

/** A reftree node for a key the schema does not know (a tree built with another schema): guessed from the value. */
export function genericNode(key: string, v: ConfigValue): RefNode {
  const kind = isObject(v) ? 'container' : Array.isArray(v) ? 'leaf-list' : v === true ? 'flag' : 'leaf';
  const id = kind + '\0' + key;
  let n = GENERIC_CACHE.get(id);
  if (!n) {
    n = {
      name: key,
      kind,
      help: '',
      children: new Map(),
      order: [],
      presence: false,
      open: false,
      oneliner: false,
      secret: false,
      nokeyword: false,
      deprecated: false,
      valueType: typeof v === 'number' ? 'integer' : 'string',
      schema: {},
    };
    GENERIC_CACHE.set(id, n);
  }
  return n;
}

/** The children of a container (or list entry) object in display order. */
export function displayItems(obj: ConfigObject, scope: RefNode): DisplayItem[] {
  const out: DisplayItem[] = [];
  const opaque = (obj[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? [];
  const keys = containerKeys(obj, scope.order);
  const keySet = new Set(keys);
  for (const s of opaque)
    if (s.after === undefined || !keySet.has(s.after)) out.push({ kind: 'opaque', stmt: s });
  for (const key of keys) {
    const value = obj[key] as ConfigValue;
    const node = scope.children.get(key) ?? genericNode(key, value);
    const meta = (isObject(value) ? value[META_KEY] : obj[META_KEY + key]) as NodeMeta | undefined;
    out.push({ kind: 'node', key, node, value, meta });
    for (const s of opaque) if (s.after === key) out.push({ kind: 'opaque', stmt: s });
  }
  return out;
}

/** The object and reftree scope a print starts from. */
export function startOf(
  tree: ConfigObject,
  opts: PrintOptions,
): { obj: ConfigObject; scope: RefNode; rt: Reftree } | undefined {
  const rt = opts.reftree ?? defaultReftree();
  const path = opts.path ?? [];
  const v = path.length ? getAt(tree, path) : tree;
  const node = rt.nodeAt(path);
  if (!isObject(v) || !node) return undefined;
  return { obj: v, scope: scopeOf(node), rt };
}

/** Empty container: no data keys and no opaque statements. */
export function isEmptyContainer(o: ConfigObject): boolean {
  for (const k in o) {
    if (k.charCodeAt(0) !== 64 && o[k] !== undefined) return false;
  }
  const op = o[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  return !op || op.length === 0;
}
