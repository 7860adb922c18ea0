/**
 * The schema's reference tree as a shell Grammar: what may follow a
 * configuration path (keywords with help and `>`/`+` markers, a value slot
 * with its range, enum values as keywords, existing names where a list
 * entry or an `x-ref` is expected). The group statements, a leaf's value
 * slot and the generated YANG part each have their file beside this one
 * (group-grammar.ts, schema-value.ts, yang-grammar.ts).
 */
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt, isObject, listNames } from '../tree/tree-ops.js';
import type { RefNode, Reftree } from '../reftree/reftree.js';
import { yangSchema } from '../reftree/yang-schema.js';
import type { Completion, Step } from './grammar.js';
import { GROUP_NODES, groupNames, groupRows } from './group-grammar.js';
import { leafSlot, rangeText, valueCheck, type Schema } from './schema-value.js';
import { handWritten, UNMODELLED, withYangKeywords, yangPathStep } from './yang-grammar.js';

/** How the verb treats an incomplete path: `set` needs a value at a leaf; `delete`, `show`, `edit` do not. */
export type PathVerb = 'set' | 'delete' | 'show' | 'edit' | 'other';

function markerOf(n: RefNode): '>' | '+' | undefined {
  if (n.kind === 'container' || n.kind === 'list') return '>';
  if (n.kind === 'leaf-list') return '+';
  return undefined;
}

function childCompletions(node: RefNode, verb: PathVerb, root: boolean): Completion[] {
  const out = groupRows(verb, root, node.children.has('groups'));
  for (const k of node.order) {
    const c = node.children.get(k)!;
    if ((c.schema as Record<string, unknown>)['x-hidden'] === true) continue;
    if (verb === 'edit' && (c.kind === 'leaf' || c.kind === 'flag' || c.kind === 'leaf-list')) continue;
    const help = c.kind === 'leaf' || c.kind === 'leaf-list' ? c.help + rangeText(c.schema, c.help) : c.help;
    out.push({ name: k, help, marker: markerOf(c) });
  }
  return out;
}

// Long because: one walk over the reftree node kinds (container, list, leaf,
// flag, leaf-list) for every verb, with `set`'s several statements per line
// resumed at their scope, then one answer per kind where the path ends; split,
// the resume state (scope, depth, tree path) would have to travel between parts.
/**
 * The step after a configuration path (list entry names included). `openOk`:
 * paths into unmodelled (`x-open`) hierarchies are accepted word by word.
 */
export function schemaStep(
  reftree: Reftree,
  tree: ConfigTree,
  path: readonly string[],
  verb: PathVerb,
): Step {
  if (path[0] === 'groups' && !reftree.root.children.has('groups')) {
    // `groups <name> <any statement>`: the group's statements follow the schema from the top
    if (path.length === 1) {
      return {
        keywords: [],
        value: {
          placeholder: 'group-name',
          help: 'Group name',
          names: groupNames(tree).map((name) => ({ name, help: 'Configuration group' })),
        },
        enter: verb !== 'set' && verb !== 'edit',
        pipe: verb === 'show',
        incomplete: 'missing argument.',
      };
    }
    const inner = schemaStep(reftree, tree, path.slice(2), verb);
    return path.length === 2
      ? { ...inner, keywords: inner.keywords.filter((k) => k.name !== 'groups') }
      : inner;
  }
  let node: RefNode = reftree.root;
  const treePath: string[] = [];
  let i = 0;
  const incompleteLeaf = verb === 'set' ? 'missing argument.' : undefined;
  // The container (or entry) holding the statement being read: like the loader
  // (syntax/builder.ts), `set` continues there after a leaf's value, a flag or
  // a leaf-list's values, so several statements fit on one line
  // (`set ... enrollment retry 10 retry-interval 60`).
  let scope: RefNode = node;
  let scopeDepth = 0;
  const resume = (): void => {
    node = scope;
    treePath.length = scopeDepth;
  };
  const multi = verb === 'set';
  while (i < path.length) {
    const w = path[i];
    if (node.kind === 'container') {
      const c =
        node.children.get(w) ??
        (node === reftree.root && w !== 'apply-groups' ? undefined : GROUP_NODES.get(w));
      if (c) {
        scope = node;
        scopeDepth = treePath.length;
        node = c;
        treePath.push(w);
        i++;
        continue;
      }
      if (node.open) {
        // beyond the hand-written schema: the generated one, from the root (the words so far are all keywords)
        const words = [...treePath, ...path.slice(i)];
        return handWritten(words) || !yangSchema() ? UNMODELLED : yangPathStep(tree, words, verb);
      }
      return { keywords: [], enter: false };
    }
    if (node.kind === 'list') {
      node = node.entry!;
      treePath.push(w);
      i++;
      continue;
    }
    if (node.kind === 'leaf') {
      // the value was given: the line may go on with a sibling statement
      if (!multi)
        return i + 1 === path.length ? { keywords: [], enter: true } : { keywords: [], enter: false };
      resume();
      i++;
      continue;
    }
    if (node.kind === 'flag' && multi) {
      resume();
      continue;
    }
    if (node.kind === 'leaf-list') {
      // values, optionally bracketed: set ... ca-profiles [ a b ]
      const rest = path.slice(i);
      const open = rest[0] === '[';
      const close = open ? rest.indexOf(']', 1) : 0;
      if (open && close < 0)
        return {
          keywords: [{ name: ']', help: 'End of list' }],
          value: leafSlot(node, tree),
          enter: false,
          incomplete: 'missing argument.',
        };
      if (!multi)
        return close + 1 === rest.length ? { keywords: [], enter: true } : { keywords: [], enter: false };
      resume();
      i += close + 1;
      continue;
    }
    return { keywords: [], enter: false };
  }
  // a flag ends a statement: what may follow is the rest of its container
  if (multi && node.kind === 'flag') resume();
  switch (node.kind) {
    case 'container': {
      const step: Step = {
        keywords: childCompletions(node, verb, node === reftree.root),
        enter: true,
        pipe: verb === 'show',
      };
      return node.open ? withYangKeywords(step, treePath, verb) : step;
    }
    case 'list': {
      const existing = getAt(tree, treePath);
      const names = isObject(existing) ? listNames(existing).map((name) => ({ name, help: node.help })) : [];
      return {
        keywords: [],
        value: {
          placeholder: node.keyName ?? `${node.name}-name`,
          help: node.help,
          names,
          check:
            verb === 'set' || verb === 'edit'
              ? valueCheck((node.schema.propertyNames ?? {}) as Schema, false, node.schema['x-key-message'])
              : undefined,
        },
        enter: verb !== 'set' && verb !== 'edit',
        pipe: verb === 'show',
        incomplete: 'missing argument.',
      };
    }
    case 'leaf': {
      const en = node.schema.enum;
      if (Array.isArray(en) && verb === 'set') {
        return {
          keywords: en.map((v) => ({ name: String(v), help: '' })),
          enter: false,
          incomplete: 'missing argument.',
        };
      }
      return {
        keywords: [],
        value: verb === 'set' ? leafSlot(node, tree) : undefined,
        enter: verb !== 'set',
        pipe: verb === 'show',
        incomplete: incompleteLeaf,
      };
    }
    case 'leaf-list':
      return {
        keywords: verb === 'set' ? [{ name: '[', help: 'Open a set of values' }] : [],
        value: leafSlot(node, tree),
        enter: verb !== 'set',
        incomplete: incompleteLeaf,
      };
    case 'flag':
      return { keywords: [], enter: true, pipe: verb === 'show' };
  }
}
