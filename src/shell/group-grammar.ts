/**
 * The configuration-group statements as grammar: `groups` at the root and
 * `apply-groups` / `apply-groups-except` at every level, which Junos has and
 * the schema does not model (reftree GROUP_STATEMENTS), and the names of the
 * groups defined, offered after `apply-groups`.
 */
import { OPAQUE_KEY, type ConfigTree, type OpaqueStatement } from '../tree/config-tree.js';
import { GROUP_STATEMENTS, type RefNode } from '../reftree/reftree.js';
import { genericNode } from '../syntax/display.js';
import type { Completion } from './grammar.js';
import type { PathVerb } from './schema-grammar.js';

const GROUP_HELP: Readonly<Record<string, string>> = {
  'apply-groups': 'Groups from which to inherit configuration data',
  'apply-groups-except': "Don't inherit configuration data from these groups",
};

/**
 * `apply-groups` / `apply-groups-except`: leaf-lists of group names that Junos
 * has at every level (junos-cli.md §8, §9), the schema does not model, and the
 * parsers keep verbatim (reftree GROUP_STATEMENTS): the node the printers give
 * a key the schema does not know, with Junos's help.
 */
function groupNode(name: string): RefNode {
  return { ...genericNode(name, []), help: GROUP_HELP[name] ?? '', placeholder: `<${name}>` };
}

export const GROUP_NODES: ReadonlyMap<string, RefNode> = new Map(
  [...GROUP_STATEMENTS].map((n) => [n, groupNode(n)]),
);

/** The names of the groups defined under `groups` (candidates after `apply-groups`). */
export function groupNames(tree: ConfigTree): string[] {
  const out: string[] = [];
  for (const s of (tree[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? []) {
    if (s.words[0] !== 'groups') continue;
    const names = s.words.length > 1 ? [s.words[1]] : (s.children ?? []).map((c) => c.words[0]);
    for (const n of names) {
      const t = n.startsWith('"') ? n.slice(1, -1) : n;
      if (t !== undefined && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/** `groups` (at the root) and the statements Junos has at every level. */
export function groupRows(verb: PathVerb, root: boolean, hasGroups = false): Completion[] {
  const out: Completion[] = [];
  if (root && !hasGroups) out.push({ name: 'groups', help: 'Configuration groups', marker: '>' });
  if (verb !== 'edit') {
    for (const g of GROUP_NODES.values()) {
      // `apply-groups-except` blocks inheritance below a point: not at the top level
      if (root && g.name === 'apply-groups-except') continue;
      out.push({ name: g.name, help: g.help, marker: '+' });
    }
  }
  return out;
}
