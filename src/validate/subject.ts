/**
 * The Junos "subject" of a diagnostic: the `[edit ...]` context (the parent of
 * the statement) and the statement as Junos quotes it in commit-failure blocks
 * (`'ca-profile-name X'`, `'ca-profile ROOT'`, `'scep'`). Secrets are never
 * quoted: only their keyword is.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt } from '../tree/tree-ops.js';
import { kindOf, schemaAt, type SchemaNode } from '../reftree/schema-node.js';

export interface Subject {
  readonly context: ConfigPath;
  readonly statement: string;
}

/** A word as Junos prints it: double-quoted when it is empty or holds space, quote or `;{}#`. */
export function quoteWord(w: string): string {
  return w === '' || /[\s"';{}#[\]]/.test(w) ? JSON.stringify(w) : w;
}

/**
 * The context and statement text of the node at `path` in `tree` (the effective
 * tree). `item` names one value of a leaf-list (`proposals P2`).
 */
export function subjectOf(schema: SchemaNode, tree: ConfigTree, path: ConfigPath, item?: string): Subject {
  if (path.length === 0) return { context: [], statement: '' };
  const hit = schemaAt(schema, path);
  const last = path[path.length - 1];
  if (hit?.isEntry && path.length >= 2) {
    return { context: path.slice(0, -2), statement: `${path[path.length - 2]} ${quoteWord(last)}` };
  }
  const context = path.slice(0, -1);
  if (!hit) return { context, statement: last };
  const node = hit.node;
  const kind = kindOf(node);
  const value = getAt(tree, path);
  if (kind === 'leaf') {
    if (node['x-secret'] === true) return { context, statement: last };
    const v = value === undefined ? '' : quoteWord(String(value));
    if (node['x-nokeyword'] === true) return { context, statement: v };
    return { context, statement: v === '' ? last : `${last} ${v}` };
  }
  if (kind === 'leaf-list') {
    if (item !== undefined) return { context, statement: `${last} ${quoteWord(item)}` };
    const vs = Array.isArray(value) ? value.map((x) => quoteWord(String(x))) : [];
    return { context, statement: vs.length === 1 ? `${last} ${vs[0]}` : `${last} [ ${vs.join(' ')} ]` };
  }
  return { context, statement: last };
}
