/**
 * The schema's reference tree as a shell Grammar: what may follow a
 * configuration path (keywords with help and `>`/`+` markers, a value slot
 * with its range, enum values as keywords, existing names where a list
 * entry or an `x-ref` is expected).
 */
import { OPAQUE_KEY, type ConfigTree, type OpaqueStatement } from '../tree/config-tree.js';
import { getAt, isObject, listNames } from '../tree/tree-ops.js';
import { GROUP_STATEMENTS, type RefNode, type Reftree } from '../reftree/reftree.js';
import { yangRoot, yangSchema, yangStep, type YangState } from '../reftree/yang-schema.js';
import { yangNext, type YangSlot } from '../reftree/yang/yang-help.js';
import type { Completion, Step, ValueSlot } from './grammar.js';

/** How the verb treats an incomplete path: `set` needs a value at a leaf; `delete`, `show`, `edit` do not. */
export type PathVerb = 'set' | 'delete' | 'show' | 'edit' | 'other';

function markerOf(n: RefNode): '>' | '+' | undefined {
  if (n.kind === 'container' || n.kind === 'list') return '>';
  if (n.kind === 'leaf-list') return '+';
  return undefined;
}

function rangeText(s: RefNode['schema'], help = ''): string {
  if (/\(\S*\.\.\S*\)/.test(help)) return '';
  const min = s.minimum;
  const max = s.maximum;
  if (typeof min === 'number' && typeof max === 'number') return ` (${min}..${max})`;
  return '';
}

function placeholder(n: RefNode): string {
  const p = n.placeholder ?? `<${n.keyName ?? n.name}>`;
  return p.replace(/^<|>$/g, '');
}

const GROUP_HELP: Readonly<Record<string, string>> = {
  'apply-groups': 'Groups from which to inherit configuration data',
  'apply-groups-except': "Don't inherit configuration data from these groups",
};

/** Every boolean of a RefNode, unset. */
const NO_FLAGS = {
  presence: false,
  open: false,
  oneliner: false,
  secret: false,
  nokeyword: false,
  deprecated: false,
};

/** A leaf-list of strings with no flags set: what the group statements are, apart from name and help. */
const PLAIN_LEAF_LIST: Omit<RefNode, 'name' | 'help'> = {
  kind: 'leaf-list',
  children: new Map(),
  order: [],
  valueType: 'string',
  schema: {},
  ...NO_FLAGS,
};

/**
 * `apply-groups` / `apply-groups-except`: leaf-lists of group names that Junos
 * has at every level (junos-cli.md §8, §9), the schema does not model, and the
 * parsers keep verbatim (reftree GROUP_STATEMENTS).
 */
function groupNode(name: string): RefNode {
  return { ...PLAIN_LEAF_LIST, name, help: GROUP_HELP[name] ?? '', placeholder: `<${name}>` };
}

const GROUP_NODES: ReadonlyMap<string, RefNode> = new Map(
  [...GROUP_STATEMENTS].map((n) => [n, groupNode(n)]),
);

/** The names of the groups defined under `groups` (candidates after `apply-groups`). */
function groupNames(tree: ConfigTree): string[] {
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
function groupRows(verb: PathVerb, root: boolean, hasGroups = false): Completion[] {
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

/** Names of the list at `refPath` ("security pki ca-profile") in the tree. */
function refNames(tree: ConfigTree, ref: string, help: string): Completion[] {
  const v = getAt(tree, ref.split(' '));
  return isObject(v) ? listNames(v).map((name) => ({ name, help })) : [];
}

type Schema = Readonly<Record<string, unknown>>;

/**
 * The set-time check Junos applies to a typed value (junos-cli.md §1: type,
 * range, length and pattern are rejected at `set`, references only at commit).
 */
export function valueCheck(
  schema: Schema,
  integer: boolean,
  patternMessage?: unknown,
): (v: string) => string | undefined {
  return (v) => {
    if (v === '[' || v === ']') return undefined;
    if (integer) {
      if (!/^-?\d+$/.test(v)) return `Invalid numeric value: '${v}'`;
      const n = Number(v);
      const min = schema.minimum;
      const max = schema.maximum;
      if ((typeof min === 'number' && n < min) || (typeof max === 'number' && n > max)) {
        if (typeof schema['x-range-message'] === 'string') return schema['x-range-message'];
        return `Value ${v} is not within range (${typeof min === 'number' ? min : ''}..${typeof max === 'number' ? max : ''})`;
      }
      return undefined;
    }
    if (typeof schema.maxLength === 'number' && v.length > schema.maxLength) {
      return `Must be a string of ${schema.maxLength} characters or less`;
    }
    if (typeof schema.minLength === 'number' && v.length < schema.minLength) {
      return `Must be a string of at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`;
    }
    if (typeof schema.pattern === 'string' && !v.startsWith('$9$')) {
      let ok = true;
      try {
        ok = new RegExp(schema.pattern, 'u').test(v);
      } catch {
        ok = true;
      }
      if (!ok)
        return typeof patternMessage === 'string' ? patternMessage : `Must match pattern: ${schema.pattern}`;
    }
    return undefined;
  };
}

function leafSlot(n: RefNode, tree: ConfigTree): ValueSlot {
  const raw = n.schema as Schema;
  return {
    placeholder: placeholder(n),
    help: n.help + rangeText(n.schema, n.help),
    names: n.ref
      ? refNames(tree, n.ref, n.help)
      : GROUP_NODES.get(n.name) === n
        ? groupNames(tree).map((name) => ({ name, help: 'Configuration group' }))
        : undefined,
    check: valueCheck(raw, n.valueType === 'integer', raw['x-pattern-message']),
  };
}

/** The hierarchies under `security` whose hand-written schema is the authority (no YANG help there). */
const HAND_WRITTEN: ReadonlySet<string> = new Set(['pki', 'ike']);

const UNMODELLED: Step = {
  keywords: [],
  value: { placeholder: 'statement', help: 'Unmodelled statement' },
  enter: true,
};

function slotOf(s: YangSlot): ValueSlot {
  return { placeholder: s.placeholder, help: s.help, check: s.check, ...(s.secret ? { secret: true } : {}) };
}

/** The walk state of `words` from the root of the generated schema, or undefined at a word that fits nowhere. */
function yangStateOf(words: readonly string[]): YangState | undefined {
  const schema = yangSchema();
  if (!schema) return undefined;
  let st: YangState = yangRoot(schema);
  for (const w of words) {
    const r = yangStep(st, w);
    if (!r.ok) return undefined;
    st = r.state;
  }
  return st;
}

/**
 * The step after `words` (a configuration path from the root, outside `security
 * pki`/`ike`) in the generated YANG schema: the same shape of answer as for
 * the hand-written schema, each keyword with its type as help.
 */
function yangPathStep(tree: ConfigTree, words: readonly string[], verb: PathVerb): Step {
  const st = yangStateOf(words);
  if (!st) return { keywords: [], enter: false };
  if (st.s === 'any') return UNMODELLED;
  if (st.s === 'value' && GROUP_STATEMENTS.has(st.ref.name)) {
    const g = GROUP_NODES.get(st.ref.name)!;
    return {
      keywords: verb === 'set' ? [{ name: '[', help: 'Open a set of values' }] : [],
      value: leafSlot(g, tree),
      enter: verb !== 'set',
      incomplete: verb === 'set' ? 'missing argument.' : undefined,
    };
  }
  const next = yangNext(st, verb === 'edit');
  const value = next.value && slotOf(next.value);
  if (st.s === 'value') {
    return {
      keywords: verb === 'set' ? next.keywords : [],
      value: verb === 'set' ? value : undefined,
      enter: verb !== 'set',
      pipe: verb === 'show',
      incomplete: verb === 'set' ? 'missing argument.' : undefined,
    };
  }
  if (st.s === 'scope' || st.s === 'root') {
    const keywords = [...groupRows(verb, st.s === 'root'), ...next.keywords];
    return { keywords, value, enter: true, pipe: verb === 'show' };
  }
  // a list key or group name
  return {
    keywords: next.keywords,
    value,
    enter: next.complete || (verb !== 'set' && verb !== 'edit'),
    pipe: verb === 'show',
    incomplete: 'missing argument.',
  };
}

/** Whether a configuration path lies in a hierarchy the YANG does not judge (`security pki`, `security ike`). */
function handWritten(path: readonly string[]): boolean {
  return path[0] === 'security' && path[1] !== undefined && HAND_WRITTEN.has(path[1]);
}

/** The keywords the YANG has at an open container of the hand-written schema beside its own (which win). */
function withYangKeywords(step: Step, path: readonly string[], verb: PathVerb): Step {
  if (handWritten(path)) return step;
  const st = yangStateOf(path);
  if (!st || (st.s !== 'scope' && st.s !== 'root')) return step;
  const known = new Set(step.keywords.map((k) => k.name));
  const extra = yangNext(st, verb === 'edit').keywords.filter((k) => !known.has(k.name));
  return { ...step, keywords: [...step.keywords, ...extra] };
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
