/**
 * `show | display inheritance [no-comments]` (junos-cli.md §8): the
 * configuration with its groups applied, each inherited statement under a
 * comment block naming its group:
 *
 *     ##
 *     ## 'X' was inherited from group 'G'
 *     ##
 *     ca-profile X {
 *
 * The statement is named as Junos names it: a list entry by its name, a leaf
 * by its value, a container or flag by its keyword, each inherited value of a
 * leaf-list by itself. The comments travel as the statements' annotations, so
 * the ordinary curly printer lays them out.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import { META_KEY, type ConfigTree, type NodeMeta } from '../tree/config-tree.js';
import { pathKey } from '../tree/span-map.js';
import { getAt, isObject, writeMeta } from '../tree/tree-ops.js';
import { TreeWriter } from '../tree/tree-writer.js';
import type { Reftree } from '../reftree/reftree.js';
import { expandGroups } from '../validate/apply-groups.js';

function block(lines: readonly string[]): string {
  return ['##', ...lines, '##'].join('\n');
}

/** The tree with its groups applied; with `comments`, inherited statements carry the `##` blocks. */
export function inheritanceTree(tree: ConfigTree, reftree: Reftree, comments: boolean): ConfigTree {
  const x = expandGroups(tree, undefined, reftree);
  if (!comments || x.inherited.length === 0) return x.tree;
  // one comment block per statement; a leaf-list's block names each inherited value
  const notes = new Map<string, { path: ConfigPath; lines: string[] }>();
  const note = (path: ConfigPath, line: string): void => {
    const k = pathKey(path);
    const n = notes.get(k) ?? { path, lines: [] };
    if (!n.lines.includes(line)) n.lines.push(line);
    notes.set(k, n);
  };
  for (const [path, group] of x.inherited) {
    const v = getAt(x.tree, path);
    const parent = path.slice(0, -1);
    const pv = getAt(x.tree, parent);
    const last = path[path.length - 1];
    if (v === undefined && Array.isArray(pv)) {
      // one value of a leaf-list
      note(parent, `## '${last}' was inherited from group '${group}'`);
      continue;
    }
    if (Array.isArray(v)) continue; // its values are listed one by one
    const kind = reftree.nodeAt(path)?.kind;
    const entry = reftree.nodeAt(parent)?.kind === 'list';
    const name = entry || isObject(v) || kind === 'flag' || v === true ? last : String(v);
    note(path, `## '${name}' was inherited from group '${group}'`);
  }
  const w = new TreeWriter(x.tree);
  for (const { path, lines } of notes.values()) {
    const v = getAt(x.tree, path);
    const parent = getAt(x.tree, path.slice(0, -1));
    const meta = (
      isObject(v) ? v[META_KEY] : isObject(parent) ? parent[META_KEY + path[path.length - 1]] : undefined
    ) as NodeMeta | undefined;
    writeMeta(w, path, { ...meta, annotation: block(lines) });
  }
  return w.finish();
}
