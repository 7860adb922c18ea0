/**
 * A small curly-format printer used by `show | compare`: prints one statement
 * (leaf, flag, leaf-list, container, list entry, whole list) as indented lines,
 * with `inactive:` / `protect:` prefixes, annotations above the statement and
 * `## SECRET-DATA` after `$9$` secrets (junos-cli.md §3.1-3.4).
 */
import {
  OPAQUE_KEY,
  isListNode,
  isObject,
  leafMeta,
  objectMeta,
  type ConfigObject,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { dataKeys, listNames } from '../tree/tree-ops.js';

/** One output line: nesting depth below the statement's level, and the text. */
export interface PrintedLine {
  readonly depth: number;
  readonly text: string;
}

/** Quote a value as Junos does on output (§3.3). */
export function quoteValue(v: string | number): string {
  const s = String(v);
  if (s === '' || /[\s;{}[\]"#'()`]/.test(s) || isSecret(s)) {
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return s;
}

function isSecret(s: string): boolean {
  return s.startsWith('$9$') || s.startsWith('$6$') || s.startsWith('$1$');
}

function prefix(meta: NodeMeta | undefined): string {
  return (meta?.protect ? 'protect: ' : '') + (meta?.inactive ? 'inactive: ' : '');
}

function leafText(key: string, v: ConfigValue): string {
  if (v === true) return `${key};`;
  if (Array.isArray(v)) {
    const vals = (v as readonly string[]).map(quoteValue);
    return vals.length === 1 ? `${key} ${vals[0]};` : `${key} [ ${vals.join(' ')} ];`;
  }
  const s = v as string | number;
  const secret = typeof s === 'string' && isSecret(s);
  return `${key} ${quoteValue(s)};${secret ? ' ## SECRET-DATA' : ''}`;
}

/** An unmodelled statement as written (its children nested), with its meta prefixes and annotation. */
export function printOpaque(st: OpaqueStatement, depth: number, out: PrintedLine[]): void {
  if (st.meta?.annotation) out.push({ depth, text: st.meta.annotation });
  const head = prefix(st.meta) + st.words.join(' ');
  const trail = st.trailing ? ` ${st.trailing}` : '';
  if (st.children === undefined) {
    out.push({ depth, text: `${head};${trail}` });
  } else {
    out.push({ depth, text: `${head} {${trail}` });
    for (const c of st.children) printOpaque(c, depth + 1, out);
    out.push({ depth, text: '}' });
  }
}

function hasBody(obj: ConfigObject): boolean {
  return (
    dataKeys(obj).length > 0 || ((obj[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined)?.length ?? 0) > 0
  );
}

/** The children of a container, in key order, with opaque statements interleaved. */
function printBody(obj: ConfigObject, depth: number, out: PrintedLine[]): void {
  const opaque = (obj[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? [];
  for (const st of opaque) if (st.after === undefined) printOpaque(st, depth, out);
  for (const key of dataKeys(obj)) {
    printStatement(key, obj[key] as ConfigValue, leafMeta(obj, key), depth, out);
    for (const st of opaque) if (st.after === key) printOpaque(st, depth, out);
  }
}

/**
 * Print a statement. `value` is the node; for a list object every entry is printed
 * as `key name {...}`. `collapsed` prints containers and entries as `head { ... }`.
 */
export function printStatement(
  key: string,
  value: ConfigValue,
  meta: NodeMeta | undefined,
  depth: number,
  out: PrintedLine[],
  collapsed = false,
): void {
  if (isListNode(value)) {
    for (const name of listNames(value))
      printEntry(key, name, value[name] as ConfigObject, depth, out, collapsed);
    return;
  }
  if (isObject(value)) {
    printBlock(key, value, depth, out, collapsed);
    return;
  }
  if (meta?.annotation) out.push({ depth, text: meta.annotation });
  out.push({ depth, text: prefix(meta) + leafText(key, value) });
}

/** Print one list entry `key name { ... }`. */
export function printEntry(
  key: string,
  name: string,
  entry: ConfigObject,
  depth: number,
  out: PrintedLine[],
  collapsed = false,
): void {
  printBlock(`${key} ${quoteValue(name)}`, entry, depth, out, collapsed);
}

function printBlock(
  head: string,
  obj: ConfigObject,
  depth: number,
  out: PrintedLine[],
  collapsed: boolean,
): void {
  const meta = objectMeta(obj);
  if (meta?.annotation) out.push({ depth, text: meta.annotation });
  const h = prefix(meta) + head;
  if (!hasBody(obj)) {
    out.push({ depth, text: `${h};` });
  } else if (collapsed) {
    out.push({ depth, text: `${h} { ... }` });
  } else {
    out.push({ depth, text: `${h} {` });
    printBody(obj, depth + 1, out);
    out.push({ depth, text: '}' });
  }
}

/** A whole tree as curly text (4 spaces per level), ending with a newline when non-empty. */
export function printLines(tree: ConfigObject): string {
  const out: PrintedLine[] = [];
  printBody(tree, 0, out);
  return out.map((l) => `${'    '.repeat(l.depth)}${l.text}\n`).join('');
}
