/**
 * Reading the schema (schemas/README.md vocabulary) as JSON Schema objects:
 * what kind a node is, which schema describes a child, and a walk over a
 * configuration tree with each node's schema. The one reader of the x-
 * vocabulary: the Reftree (reftree.ts) is built with it and validation rules
 * are written against it, so they work for any schema that uses the vocabulary.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import { dataKeys, isObject } from '../tree/tree-ops.js';

/** A JSON Schema object of the configuration schema. */
export type SchemaNode = { readonly [k: string]: unknown };

export type NodeKind = 'container' | 'list' | 'leaf' | 'flag' | 'leaf-list';

/** The `x-kind` of a schema node (inferred from `type` when absent, as the reftree does). */
export function kindOf(s: SchemaNode): NodeKind {
  const k = s['x-kind'];
  if (k === 'container' || k === 'list' || k === 'leaf' || k === 'flag' || k === 'leaf-list') return k;
  if (s.type === 'array') return 'leaf-list';
  if (s.type === 'boolean') return 'flag';
  if (s.type === 'object') return s.properties ? 'container' : 'list';
  return 'leaf';
}

function asNode(v: unknown): SchemaNode | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as SchemaNode) : undefined;
}

/** The container children of a container schema (empty for other kinds). */
export function properties(s: SchemaNode): Readonly<Record<string, SchemaNode>> {
  return (asNode(s.properties) ?? {}) as Readonly<Record<string, SchemaNode>>;
}

/** The entry schema of a list. */
export function entrySchema(s: SchemaNode): SchemaNode {
  return asNode(s.additionalProperties) ?? {};
}

/** The name schema (`propertyNames`) of a list. */
export function nameSchema(s: SchemaNode): SchemaNode {
  return asNode(s.propertyNames) ?? {};
}

/** The item schema of a leaf-list. */
export function itemSchema(s: SchemaNode): SchemaNode {
  return asNode(s.items) ?? {};
}

/** Where a path lands in the schema: the node, and whether the last word was a list entry name. */
export interface SchemaHit {
  readonly node: SchemaNode;
  /** The last word of the path is an entry name of a list (the node is the entry schema). */
  readonly isEntry: boolean;
  /** The schema of the parent node (the list for an entry). */
  readonly parent?: SchemaNode;
}

/** The schema node a configuration path designates (list names included), or undefined. */
export function schemaAt(root: SchemaNode, path: ConfigPath): SchemaHit | undefined {
  let node = root;
  let parent: SchemaNode | undefined;
  let isEntry = false;
  for (const w of path) {
    const k = kindOf(node);
    parent = node;
    if (k === 'list') {
      node = entrySchema(node);
      isEntry = true;
    } else if (k === 'container') {
      const c = properties(node)[w];
      if (!c) return undefined;
      node = c;
      isEntry = false;
    } else {
      return undefined;
    }
  }
  return { node, isEntry, parent };
}

/** One node met by the schema walk (validate/shared-walk.ts). */
export interface WalkNode {
  readonly path: ConfigPath;
  readonly schema: SchemaNode;
  readonly kind: NodeKind;
  readonly value: unknown;
  /** Set for list entries: the list's schema (the name schema is its `propertyNames`). */
  readonly list?: SchemaNode;
}

/** The data keys of an object value (no "@" keys); [] for anything else. */
export function keysOf(v: unknown): string[] {
  return isObject(v) ? dataKeys(v) : [];
}
