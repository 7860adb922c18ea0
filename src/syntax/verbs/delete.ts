/**
 * `delete`: removes a statement, a leaf-list value, or (with no words at the
 * top) everything; protected statements stay, one warning each
 * (junos-cli.md §2.9: `[interfaces em0] is protected, 'interfaces em0' cannot
 * be deleted`), and so do the blocks on the way to them.
 */
import type { Span } from '../../diag/diagnostic.js';
import { OPAQUE_KEY, childMeta, type ConfigObject, type OpaqueStatement } from '../../tree/config-tree.js';
import { isObject, type MutObject } from '../../tree/tree-ops.js';
import type { ConfigBuilder } from '../builder.js';
import type { Command } from '../parse-commands.js';
import { hasProtected, opaqueHasProtected, protectedAncestor } from './protection.js';
import { notFound, type Located, type NodeTarget } from './target.js';

/** `delete` of the modelled statement (or leaf-list value) t names; parent is the object holding it. */
export function deleteCommand(
  b: ConfigBuilder,
  c: Command,
  t: NodeTarget,
  { parent, exists }: Located,
): void {
  const w = b.w;
  if (t.path.length === 0) {
    deleteChildren(b, w.root, [], c.span);
    return;
  }
  if (!exists || !parent) return notFound(b, c, t.path);
  const prot = protectedAncestor(b, t.path);
  if (prot) return void b.protectedWarn(prot, t.path, c.span, 'deleted');
  const key = t.path[t.path.length - 1];
  if (t.value && t.node.kind === 'leaf-list') {
    const arr = w.array<string>(parent, key);
    const idx = arr.indexOf(t.value.text);
    if (idx < 0) return notFound(b, c, t.path);
    arr.splice(idx, 1);
    if (arr.length === 0) w.remove(parent, key);
    return;
  }
  deleteNode(b, parent, key, t.path, c.span);
}

/** Deletes parent[key], keeping protected descendants (one warning each). */
function deleteNode(b: ConfigBuilder, parent: MutObject, key: string, path: string[], at: Span): void {
  const v = parent[key];
  if (isObject(v) && hasProtected(v)) {
    const o = b.w.child(parent, key);
    deleteChildren(b, o, path, at);
    return;
  }
  b.w.remove(parent, key);
}

function deleteChildren(b: ConfigBuilder, o: MutObject, path: string[], at: Span): void {
  for (const k of Object.keys(o)) {
    if (k.startsWith('@')) {
      if (k === OPAQUE_KEY) {
        const kept = pruneOpaque(b, o[k] as OpaqueStatement[], path, at);
        if (kept.length) o[k] = kept;
        else delete o[k];
      }
      continue;
    }
    const p = [...path, k];
    if (childMeta(o as ConfigObject, k)?.protect) {
      b.protectedWarn(p, p, at, 'deleted');
      continue;
    }
    deleteNode(b, o, k, p, at);
  }
}

/**
 * What deleting unmodelled statements leaves: protected statements stay (one
 * warning each, naming the statement), and the blocks on the way to them.
 */
export function pruneOpaque(
  b: ConfigBuilder,
  list: readonly OpaqueStatement[],
  path: readonly string[],
  at: Span,
): OpaqueStatement[] {
  const kept: OpaqueStatement[] = [];
  for (const s of list) {
    const p = [...path, ...s.words];
    if (s.meta?.protect) {
      b.protectedWarn(p, p, at, 'deleted');
      kept.push(s);
    } else if (s.children && opaqueHasProtected(s.children)) {
      kept.push({ ...s, children: pruneOpaque(b, s.children, p, at) });
    }
  }
  return kept;
}
