/**
 * The value slot of a schema leaf (or leaf-list): its placeholder, its help
 * with the range, the names it may take (list entries of an `x-ref`, group
 * names), and the check Junos applies to the value at `set`.
 */
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt, isObject, listNames } from '../tree/tree-ops.js';
import type { RefNode } from '../reftree/reftree.js';
import { GROUP_NODES, groupNames } from './group-grammar.js';
import type { Completion, ValueSlot } from './grammar.js';

export function rangeText(s: RefNode['schema'], help = ''): string {
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

/** Names of the list at `refPath` ("security pki ca-profile") in the tree. */
function refNames(tree: ConfigTree, ref: string, help: string): Completion[] {
  const v = getAt(tree, ref.split(' '));
  return isObject(v) ? listNames(v).map((name) => ({ name, help })) : [];
}

export type Schema = Readonly<Record<string, unknown>>;

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

export function leafSlot(n: RefNode, tree: ConfigTree): ValueSlot {
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
