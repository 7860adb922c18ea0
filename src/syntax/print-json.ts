/**
 * Tree -> Junos `| display json` shape (junos-cli.md §3.7): one
 * "configuration" member; lists as arrays of objects with "name"; flags and
 * empty containers as [null]; "@" / "@<leaf>" attribute objects for
 * inactive / protect / comment. printYaml writes the same object as YAML.
 */
import { stringify } from 'yaml';
import type { ConfigObject, NodeMeta, OpaqueStatement } from '../tree/config-tree.js';
import { isObject, listNames } from '../tree/tree-ops.js';
import type { RefNode } from '../reftree/reftree.js';
import { unquote } from '../../grammar/lexer.js';
import { displayItems, isEmptyContainer, startOf, type PrintOptions } from './display.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function metaJson(m: NodeMeta | undefined): Json | undefined {
  if (!m) return undefined;
  const o: { [k: string]: Json } = {};
  if (m.inactive) o.inactive = true;
  if (m.protect) o.protect = true;
  if (m.annotation) o.comment = m.annotation;
  return Object.keys(o).length ? o : undefined;
}

/** The Junos JSON object of a tree: { configuration: {...} }. */
function toJunosJson(tree: ConfigObject, opts: PrintOptions = {}): { configuration: Json } {
  const start = startOf(tree, opts);
  return { configuration: start ? container(start.obj, start.scope) : {} };
}

function container(obj: ConfigObject, scope: RefNode): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  const own = metaJson(obj['@'] as NodeMeta | undefined);
  if (own) out['@'] = own;
  for (const it of displayItems(obj, scope)) {
    if (it.kind === 'opaque') {
      opaque(out, it.stmt);
      continue;
    }
    const { key, node, value, meta } = it;
    switch (node.kind) {
      case 'list': {
        const lo = value as ConfigObject;
        out[key] = listNames(lo)
          .filter((n) => isObject(lo[n]))
          .map((n) => ({ name: n, ...container(lo[n] as ConfigObject, node.entry!) }));
        break;
      }
      case 'container': {
        const o = value as ConfigObject;
        out[key] = isEmptyContainer(o) && !metaJson(meta) ? [null] : container(o, node);
        break;
      }
      case 'flag':
        out[key] = [null];
        break;
      case 'leaf-list':
        out[key] = [...(value as readonly string[])];
        break;
      default:
        out[key] = value as string | number;
    }
    const mj = node.kind === 'container' || node.kind === 'list' ? undefined : metaJson(meta);
    if (mj) out['@' + key] = mj;
  }
  return out;
}

const plain = (w: string): string => (w.startsWith('"') ? unquote(w) : w);

/**
 * An unmodelled statement. Junos's own JSON shape needs the schema (which word
 * is a name, which a keyword), so the statement is written losslessly:
 * `k name { }` blocks as `"k": [{ "name": ... }]`, one-word leaves as
 * `"k": value` (repeated: `"k": [{ "name": v1 }, { "name": v2 }]`, as Junos
 * writes `address` lists), and statements of three or more words
 * (`route 0.0.0.0/0 next-hop 192.0.2.1`, `from-zone a to-zone b { }`) under
 * a key holding all their words, which no Junos keyword contains (a space).
 */
function opaque(out: { [k: string]: Json }, s: OpaqueStatement): void {
  const [k0, ...rest] = s.words.map(plain);
  const mj = metaJson(s.meta);
  const list = !s.children && rest.length === 1 ? valueList(s.words[1]) : undefined;
  if (rest.length >= 2 && !(rest[0] === '[' && rest[rest.length - 1] === ']')) {
    const key = s.words.join(' ');
    if (s.children) {
      const inner: { [k: string]: Json } = {};
      if (mj) inner['@'] = mj;
      for (const c of s.children) opaque(inner, c);
      out[key] = inner;
    } else {
      if (mj) out['@' + key] = mj;
      out[key] = [null];
    }
    return;
  }
  if (s.children) {
    const inner: { [k: string]: Json } = {};
    if (mj) inner['@'] = mj;
    for (const c of s.children) opaque(inner, c);
    if (rest.length === 0) out[k0] = inner;
    else entries(out, k0).push({ name: rest[0], ...inner });
    return;
  }
  if (list) out[k0] = list;
  else if (rest[0] === '[' && rest[rest.length - 1] === ']') out[k0] = rest.slice(1, -1);
  else if (rest.length === 1 && k0 in out) {
    // a repeated one-word leaf (`address A; address B;`) or a leaf beside `k0 name { }` blocks
    entries(out, k0).push(mj ? { name: rest[0], '@': mj } : { name: rest[0] });
    return;
  } else out[k0] = rest.length === 0 ? [null] : rest[0];
  if (mj) out['@' + k0] = mj;
}

/** The entry array of key k, turning an earlier one-word leaf `k v` into its first entry. */
function entries(out: { [k: string]: Json }, k: string): Json[] {
  const cur = out[k];
  if (Array.isArray(cur) && cur.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e)))
    return cur;
  const first: Json[] = [];
  if (typeof cur === 'string' || typeof cur === 'number') {
    const m = out['@' + k];
    first.push(m === undefined ? { name: cur } : { name: cur, '@': m });
    delete out['@' + k];
  }
  out[k] = first;
  return first;
}

/** The values of a raw `[ a "b c" ]` word as the curly parser keeps it, or undefined. */
function valueList(raw: string): string[] | undefined {
  if (!raw.startsWith('[') || !raw.endsWith(']')) return undefined;
  return (raw.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? []).map(plain);
}

/** `| display json`: 4-space indented JSON with a final newline. */
export function printJson(tree: ConfigObject, opts: PrintOptions = {}): string {
  return JSON.stringify(toJunosJson(tree, opts), null, 4) + '\n';
}

/** The same document as YAML. */
export function printYaml(tree: ConfigObject, opts: PrintOptions = {}): string {
  return stringify(toJunosJson(tree, opts), { lineWidth: 0 });
}
