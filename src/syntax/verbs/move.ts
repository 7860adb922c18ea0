/**
 * rename / copy / insert: the verbs that act on identifiers, a list entry's
 * name or a leaf-list value (`error: only identifiers can be renamed`): rename
 * it, copy it under a new name, or move it before / after another.
 */
import { ORDER_KEY } from '../../tree/config-tree.js';
import type { MutObject } from '../../tree/tree-ops.js';
import type { RefNode, Reftree } from '../../reftree/reftree.js';
import type { ConfigBuilder } from '../builder.js';
import type { Command } from '../parse-commands.js';
import { protectedAncestor } from './protection.js';
import { notFound, type Located, type NodeTarget } from './target.js';

/** rename / copy / insert of a list entry or leaf-list value. */
export function moveCommand(b: ConfigBuilder, c: Command, t: NodeTarget, { parent, exists }: Located): void {
  // list entry: path ends [..., list, name]; leaf-list value: t.value set
  const isValue = t.node.kind === 'leaf-list' && t.value !== undefined;
  const isEntry =
    !isValue && t.path.length >= 2 && t.node.kind === 'container' && listNodeOf(b.rt, t.path) !== undefined;
  if (!isValue && !isEntry) {
    b.error({
      code: 'INVALID_COMMAND',
      message: `error: only identifiers can be ${c.verb === 'insert' ? 'moved' : c.verb === 'copy' ? 'copied' : 'renamed'}`,
      path: t.path,
      span: c.span,
    });
    return;
  }
  const keyword = isValue ? t.path[t.path.length - 1] : t.path[t.path.length - 2];
  const tw = c.target!;
  const newName =
    tw.length === 2 && tw[0].text === keyword ? tw[1].text : tw.length === 1 ? tw[0].text : undefined;
  if (newName === undefined) {
    b.error({
      code: 'INVALID_COMMAND',
      message: `syntax error, expecting ${keyword} <name>`,
      path: t.path,
      span: c.span,
    });
    return;
  }
  if (isValue) moveValue(b, c, t, exists ? parent : undefined, keyword, newName);
  else moveEntry(b, c, t, keyword, newName);
}

/** rename / copy / insert of the leaf-list value t.value to (or next to) newName. */
function moveValue(
  b: ConfigBuilder,
  c: Command,
  t: NodeTarget,
  parent: MutObject | undefined,
  keyword: string,
  newName: string,
): void {
  const w = b.w;
  if (!parent) return notFound(b, c, t.path);
  const arr = w.array<string>(parent, t.path[t.path.length - 1]);
  const from = arr.indexOf(t.value!.text);
  if (from < 0) return notFound(b, c, t.path);
  if (c.verb === 'insert') {
    const to = arr.indexOf(newName);
    if (to < 0) return notFound(b, c, t.path);
    arr.splice(from, 1);
    const at = arr.indexOf(newName);
    arr.splice(c.where === 'before' ? at : at + 1, 0, t.value!.text);
  } else if (arr.includes(newName)) {
    b.error({
      code: 'TARGET_EXISTS',
      message: `error: '${keyword} ${newName}' already exists`,
      path: t.path,
      span: c.span,
    });
  } else if (c.verb === 'rename') arr[from] = newName;
  else arr.push(newName);
}

/** rename / copy / insert of the list entry at t.path to (or next to) newName. */
function moveEntry(b: ConfigBuilder, c: Command, t: NodeTarget, keyword: string, newName: string): void {
  const w = b.w;
  const listPath = t.path.slice(0, -1);
  const oldName = t.path[t.path.length - 1];
  const listObj = w.existing(listPath);
  if (!listObj || listObj[oldName] === undefined) return notFound(b, c, t.path);
  const prot = protectedAncestor(b, t.path);
  if (prot && c.verb !== 'copy') return void b.protectedWarn(prot, t.path, c.span);
  const order = w.array<string>(listObj, ORDER_KEY);
  for (const k of Object.keys(listObj)) if (!k.startsWith('@') && !order.includes(k)) order.push(k);
  if (c.verb === 'insert') {
    if (listObj[newName] === undefined) return notFound(b, c, [...listPath, newName]);
    order.splice(order.indexOf(oldName), 1);
    const at = order.indexOf(newName);
    order.splice(c.where === 'before' ? at : at + 1, 0, oldName);
    return;
  }
  if (listObj[newName] !== undefined) {
    b.error({
      code: 'TARGET_EXISTS',
      message: `error: '${keyword} ${newName}' already exists`,
      path: listPath,
      span: c.span,
    });
    return;
  }
  // rename moves the entry; copy needs its own (mutable, unfrozen) copy
  listObj[newName] = c.verb === 'copy' ? JSON.parse(JSON.stringify(listObj[oldName])) : listObj[oldName];
  if (c.verb === 'rename') {
    delete listObj[oldName];
    order[order.indexOf(oldName)] = newName;
  } else order.push(newName);
  b.spans.set([...listPath, newName], { statement: c.span });
}

function listNodeOf(rt: Reftree, entryPath: readonly string[]): RefNode | undefined {
  const n = rt.nodeAt(entryPath.slice(0, -1));
  return n?.kind === 'list' ? n : undefined;
}
