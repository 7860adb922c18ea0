/**
 * Tree -> `| display set` (junos-cli.md §3.5): one line per leaf, flag,
 * leaf-list value and empty container or list entry; `deactivate` and
 * `protect` lines right after the lines of their subtree; no annotations.
 */
import type { ConfigObject, NodeMeta, OpaqueStatement } from '../tree/config-tree.js';
import { isObject, listNames } from '../tree/tree-ops.js';
import type { RefNode } from '../reftree/reftree.js';
import { displayItems, isEmptyContainer, startOf, type PrintOptions } from './display.js';
import { valueText } from './print-curly.js';
import { quoteIfNeeded } from './words.js';
import { defaultShapes, segment } from './opaque-shapes.js';

export interface PrintSetOptions extends PrintOptions {
  /** With opts.path: paths relative to it (`| display set relative`). Default: absolute. */
  readonly relative?: boolean;
}

/** The set-format text of a tree. Ends with a newline unless empty. */
export function printSet(tree: ConfigObject, opts: PrintSetOptions = {}): string {
  const start = startOf(tree, opts);
  if (!start) return '';
  const lines: string[] = [];
  const base = opts.relative ? [] : (opts.path ?? []).map(quoteIfNeeded);
  container(lines, start.obj, start.scope, base);
  return lines.length ? lines.join('\n') + '\n' : '';
}

function metaLines(lines: string[], meta: NodeMeta | undefined, path: readonly string[]): void {
  if (meta?.inactive) lines.push(`deactivate ${path.join(' ')}`);
  if (meta?.protect) lines.push(`protect ${path.join(' ')}`);
}

function container(lines: string[], obj: ConfigObject, scope: RefNode, path: string[]): void {
  for (const it of displayItems(obj, scope)) {
    if (it.kind === 'opaque') {
      opaque(lines, it.stmt, path);
      continue;
    }
    const { key, node, value, meta } = it;
    const p = [...path, key];
    switch (node.kind) {
      case 'list': {
        const lo = value as ConfigObject;
        for (const name of listNames(lo)) {
          const entry = lo[name];
          if (!isObject(entry)) continue;
          const ep = [...p, quoteIfNeeded(name)];
          if (isEmptyContainer(entry)) lines.push(`set ${ep.join(' ')}`);
          else container(lines, entry, node.entry!, ep);
          metaLines(lines, entry['@'] as NodeMeta | undefined, ep);
        }
        break;
      }
      case 'container':
        if (isEmptyContainer(value as ConfigObject)) lines.push(`set ${p.join(' ')}`);
        else container(lines, value as ConfigObject, node, p);
        break;
      case 'flag':
        lines.push(`set ${p.join(' ')}`);
        break;
      case 'leaf-list':
        for (const v of value as readonly string[]) lines.push(`set ${p.join(' ')} ${valueText(v, node)}`);
        break;
      default:
        lines.push(`set ${(node.nokeyword ? path : p).join(' ')} ${valueText(value, node)}`);
    }
    metaLines(lines, meta, p);
  }
}

function opaque(lines: string[], s: OpaqueStatement, path: string[]): void {
  const vals = s.children ? undefined : valueList(s.words[s.words.length - 1]);
  if (vals?.length && s.words.length > 1) {
    // Junos displays a value list as one set line per value
    const head = [...path, ...s.words.slice(0, -1)];
    for (const v of vals) lines.push(`set ${head.join(' ')} ${v}`);
    metaLines(lines, s.meta, head);
    return;
  }
  const p = [...path, ...s.words];
  if (s.children && s.children.length) for (const c of s.children) opaque(lines, c, p);
  else lines.push(`set ${p.join(' ')}`);
  metaLines(lines, s.meta, s.meta && !s.children ? onelinerPath(path, s.words) : p);
}

/**
 * The path a leaf's `deactivate`/`protect` line names: for a oneliner block
 * printed on one line (`inactive: then reject;`), the block (`... then`).
 */
function onelinerPath(path: readonly string[], words: readonly string[]): string[] {
  const all = [...path, ...words];
  const { segs } = segment(defaultShapes().root, all);
  let end = 0;
  for (const seg of segs) {
    end += seg.words.length;
    if (end > path.length && end < all.length && seg.shape?.oneliner) return all.slice(0, end);
  }
  return all;
}

/** The raw values of a `[ a "b c" ]` word as the curly parser keeps it, or undefined. */
function valueList(raw: string): string[] | undefined {
  if (!raw.startsWith('[') || !raw.endsWith(']')) return undefined;
  return raw.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? [];
}
