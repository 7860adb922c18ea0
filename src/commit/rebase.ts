/**
 * Three-way rebase of configuration trees: the changes base -> mine replayed
 * on current, a statement that current also changed (differently) reported as
 * a conflict and left out. What `configure private` commits and `update` do,
 * and how the shared candidate follows a commit made elsewhere. Generic tree
 * work that could live in src/diff/ beside diffTrees and applyChanges; it is
 * here because the conflict wording is the commit's (private sessions).
 */
import type { ConfigPath, Diagnostic } from '../diag/diagnostic.js';
import { diagnostic } from '../diag/diagnostic.js';
import { applyChanges } from '../diff/apply-changes.js';
import { diffTrees } from '../diff/diff-trees.js';
import type { TreeChange } from '../diff/tree-change.js';
import { META_KEY, type ConfigObject, type ConfigTree, type NodeMeta } from '../tree/config-tree.js';
import { getAt, isListNode, isObject, listNames, treesEqual } from '../tree/tree-ops.js';

/**
 * Three-way rebase: the changes base -> mine applied to `current`. A change to a
 * node that `current` also changed (differently) is a conflict and is left out.
 */
export function rebase(
  base: ConfigTree,
  mine: ConfigTree,
  current: ConfigTree,
): { tree: ConfigTree; conflicts: Diagnostic[] } {
  if (base === current || treesEqual(base, current)) return { tree: mine, conflicts: [] };
  const conflicts: Diagnostic[] = [];
  let tree = current;
  const work = diffTrees(base, mine);
  for (let i = 0; i < work.length; i++) {
    const ch = work[i];
    const theirs = getAt(tree, ch.path);
    const was = getAt(base, ch.path);
    const ours = getAt(mine, ch.path);
    if (ch.op === 'add' && isObject(ch.value) && isObject(theirs)) {
      // Both sides created this container or entry: merge their contents statement by statement.
      work.splice(i + 1, 0, ...expandAdd(ch.path, ch.value));
      continue;
    }
    if (!treesEqual(was, theirs) && !treesEqual(ours, theirs)) {
      const parent = ch.entry ? ch.path.slice(0, -2) : ch.path.slice(0, -1);
      const stmt = ch.entry ? ch.path.slice(-2).join(' ') : ch.path[ch.path.length - 1];
      conflicts.push(
        diagnostic(
          'COMMIT_CONFLICT',
          `'${stmt}' was changed by another commit since this private session began`,
          {
            severity: 'error',
            path: parent,
            statement: stmt,
          },
        ),
      );
      continue;
    }
    try {
      tree = applyChanges(tree, [ch]);
    } catch {
      conflicts.push(
        diagnostic('COMMIT_CONFLICT', `'${ch.path.join(' ')}' conflicts with another commit`, {
          severity: 'error',
          path: ch.path,
        }),
      );
    }
  }
  return { tree, conflicts };
}

/** The adds that build `value` (a container or a list) at `path` statement by statement. */
function expandAdd(path: ConfigPath, value: ConfigObject): TreeChange[] {
  if (isListNode(value)) {
    const names = listNames(value);
    return names.map((name, i) => ({
      op: 'add',
      path: [...path, name],
      entry: true,
      value: value[name] as ConfigObject,
      after: i > 0 ? names[i - 1] : null,
    }));
  }
  const out: TreeChange[] = [];
  const meta = value[META_KEY] as NodeMeta | undefined;
  if (meta) out.push({ op: 'meta', path, entry: false, old: undefined, value: meta });
  for (const c of diffTrees({}, { ...(value as object), [META_KEY]: undefined } as ConfigObject))
    out.push({ ...c, path: [...path, ...c.path] });
  return out;
}
