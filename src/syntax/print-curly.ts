/**
 * Tree -> curly-brace text in Junos layout (junos-cli.md §3.1-3.4): 4-space
 * indent, schema order, list entries in user order, quoting only where needed,
 * secrets always quoted with `## SECRET-DATA`, annotations on the line above,
 * `inactive:` / `protect:` / `replace:` prefixes, `name [ a b ];` for 2+
 * values, one-liner containers on one line.
 */
import {
  ORDER_KEY,
  type ConfigObject,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { isObject, listNames } from '../tree/tree-ops.js';
import { changedSince, isExactList, orderIndex } from '../tree/list-delta.js';
import type { RefNode } from '../reftree/reftree.js';
import { displayItems, isEmptyContainer, startOf, type DisplayItem, type PrintOptions } from './display.js';
import { quote, quoteIfNeeded } from './words.js';

export type { PrintOptions } from './display.js';

/** The curly-format text of a tree (or of the subtree at opts.path). Ends with a newline unless empty. */
export function printCurly(tree: ConfigObject, opts: PrintOptions = {}): string {
  const start = startOf(tree, opts);
  if (!start) return '';
  const lines: string[] = [];
  container(lines, start.obj, start.scope, '');
  return lines.length ? joinLines(lines) + '\n' : '';
}

function prefix(meta: NodeMeta | undefined): string {
  if (!meta) return '';
  return (
    (meta.inactive ? 'inactive: ' : '') +
    (meta.protect ? 'protect: ' : '') +
    (meta.replace ? 'replace: ' : '')
  );
}

/** `## Warning: 'x' is deprecated` above a deprecated statement (junos-pki.md §5 note 7). */
function warnDeprecated(lines: string[], key: string, node: RefNode, ind: string): void {
  if (node.deprecated) lines.push(`${ind}## Warning: '${key}' is deprecated`);
}

function annotate(lines: string[], meta: NodeMeta | undefined, ind: string): void {
  if (meta?.annotation) for (const l of meta.annotation.split('\n')) lines.push(ind + l.trimStart());
}

/** A leaf value as displayed: secrets always quoted. */
export function valueText(v: ConfigValue, node: RefNode): string {
  const s = String(v);
  return node.secret ? quote(s) : quoteIfNeeded(s);
}

function container(lines: string[], obj: ConfigObject, scope: RefNode, ind: string): void {
  for (const it of displayItems(obj, scope)) printItem(lines, it, ind);
}

/** The lines of one display item of a container (a statement, a block, a list's entries, an opaque statement). */
export function printItem(lines: string[], it: DisplayItem, ind: string): void {
  if (it.kind === 'opaque') {
    opaque(lines, it.stmt, ind);
    return;
  }
  const { key, node, value, meta } = it;
  switch (node.kind) {
    case 'list': {
      const text = listText(value as ConfigObject, key, node, ind);
      if (text !== '') lines.push(text);
      break;
    }
    case 'container':
      warnDeprecated(lines, key, node, ind);
      annotate(lines, meta, ind);
      block(lines, `${ind}${prefix(meta)}${key}`, value as ConfigObject, node, node.oneliner, ind);
      break;
    default:
      warnDeprecated(lines, key, node, ind);
      annotate(lines, meta, ind);
      lines.push(ind + prefix(meta) + leafText(key, node, value) + (node.secret ? ' ## SECRET-DATA' : ''));
  }
}

/**
 * The opening line(s) of a container item printed as a `{ }` block (deprecation
 * warning, annotation, prefix, `key {`), as `printItem` prints them; the block
 * closes with `${ind}}`. For printers that print the inside themselves.
 */
export function blockHead(
  lines: string[],
  key: string,
  node: RefNode,
  meta: NodeMeta | undefined,
  ind: string,
): void {
  warnDeprecated(lines, key, node, ind);
  annotate(lines, meta, ind);
  lines.push(`${ind}${prefix(meta)}${key} {`);
}

/**
 * The lines of one list entry, joined. Memoized per frozen entry object (its
 * last name, keyword, indent and schema node): trees share unchanged entries
 * between versions, so printing a commit re-prints only what changed.
 */
interface PrintedEntry {
  readonly name: string;
  readonly key: string;
  readonly ind: string;
  readonly node: RefNode;
  readonly text: string;
}

const entryMemo = new WeakMap<object, PrintedEntry>();

export function entryText(
  entry: ConfigObject,
  name: string,
  key: string,
  node: RefNode,
  ind: string,
): string {
  const frozen = Object.isFrozen(entry);
  const hit = frozen ? entryMemo.get(entry) : undefined;
  if (hit && hit.name === name && hit.key === key && hit.ind === ind && hit.node === node) return hit.text;
  const out: string[] = [];
  const em = entry['@'] as NodeMeta | undefined;
  warnDeprecated(out, key, node, ind);
  annotate(out, em, ind);
  const head = `${ind}${prefix(em)}${key} ${quoteIfNeeded(name)}`;
  block(out, head, entry, node.entry!, node.oneliner, ind);
  const text = out.join('\n');
  if (frozen) entryMemo.set(entry, { name, key, ind, node, text });
  return text;
}

/** Entries per chunk of a printed list: a one-entry change re-joins one chunk and the chunk texts. */
const CHUNK = 128;

interface PrintedList {
  readonly key: string;
  readonly ind: string;
  readonly node: RefNode;
  /** Texts of entries [i*CHUNK, (i+1)*CHUNK) of "@order", joined; set only for exact lists. */
  readonly chunks?: readonly string[];
  readonly text: string;
}

const listMemo = new WeakMap<object, PrintedList>();
/** The last list printed per "@order" array: the base a list without a recorded delta is compared with. */
const lastListByOrder = new WeakMap<readonly string[], ConfigObject>();

function chunkText(
  lo: ConfigObject,
  order: readonly string[],
  c: number,
  key: string,
  node: RefNode,
  ind: string,
): string {
  const out: string[] = [];
  const end = Math.min(order.length, (c + 1) * CHUNK);
  for (let i = c * CHUNK; i < end; i++) {
    const entry = lo[order[i]];
    if (isObject(entry)) out.push(entryText(entry, order[i], key, node, ind));
  }
  return out.join('\n');
}

/**
 * `parts.join('\n')` (skipping empty parts if asked), by string concatenation: V8 makes
 * a rope of the (big, shared) parts instead of copying megabytes per level; the
 * text is flattened once, when it is written.
 */
export function joinLines(parts: readonly string[], skipEmpty = false): string {
  let out: string | undefined;
  for (const p of parts) {
    if (skipEmpty && p === '') continue;
    out = out === undefined ? p : out + '\n' + p;
  }
  return out ?? '';
}

/** The lines of every entry of a list, joined ('' when none), memoized per frozen list and patched by list deltas. */
function listText(lo: ConfigObject, key: string, node: RefNode, ind: string): string {
  const frozen = Object.isFrozen(lo);
  const same = (p: PrintedList | undefined): p is PrintedList =>
    p !== undefined && p.key === key && p.ind === ind && p.node === node;
  const hit = frozen ? listMemo.get(lo) : undefined;
  if (same(hit)) return hit.text;
  const order = lo[ORDER_KEY] as readonly string[] | undefined;
  let printed: PrintedList;
  let changed: readonly string[] | undefined;
  let baseChunks: readonly string[] | undefined;
  if (frozen && Array.isArray(order)) {
    const printedBase = (b: ConfigObject): boolean => {
      const t = listMemo.get(b);
      return same(t) && t.chunks !== undefined;
    };
    const since = changedSince(lo, printedBase, lastListByOrder);
    if (since !== undefined && printedBase(since.base)) {
      changed = since.changed;
      baseChunks = (listMemo.get(since.base) as PrintedList).chunks;
    }
  }
  if (frozen && Array.isArray(order) && (changed !== undefined || isExactList(lo))) {
    let chunks: string[];
    if (changed !== undefined && baseChunks !== undefined) {
      chunks = baseChunks.slice();
      const index = orderIndex(order);
      const redo = new Set<number>();
      for (const name of changed) redo.add(Math.floor((index.get(name) ?? 0) / CHUNK));
      for (const c of redo) chunks[c] = chunkText(lo, order, c, key, node, ind);
    } else {
      chunks = [];
      for (let c = 0; c * CHUNK < order.length; c++) chunks.push(chunkText(lo, order, c, key, node, ind));
    }
    printed = { key, ind, node, chunks, text: joinLines(chunks, true) };
    lastListByOrder.set(order, lo);
  } else {
    const out: string[] = [];
    for (const name of listNames(lo)) {
      const entry = lo[name];
      if (isObject(entry)) out.push(entryText(entry, name, key, node, ind));
    }
    printed = { key, ind, node, text: out.join('\n') };
  }
  if (frozen) listMemo.set(lo, printed);
  return printed.text;
}

function leafText(key: string, node: RefNode, value: ConfigValue): string {
  if (node.kind === 'flag') return `${key};`;
  if (node.kind === 'leaf-list') {
    const vals = (value as readonly string[]).map((v) => valueText(v, node));
    return vals.length === 1 ? `${key} ${vals[0]};` : `${key} [ ${vals.join(' ')} ];`;
  }
  return node.nokeyword ? `${valueText(value, node)};` : `${key} ${valueText(value, node)};`;
}

function block(
  lines: string[],
  head: string,
  obj: ConfigObject,
  scope: RefNode,
  oneliner: boolean,
  ind: string,
): void {
  if (isEmptyContainer(obj)) {
    lines.push(head + ';');
    return;
  }
  if (oneliner || onlyNokeyword(obj, scope)) {
    const words = flat(obj, scope);
    if (words !== undefined) {
      // `pre-shared-key ascii-text "$9$..."; ## SECRET-DATA`, as for a secret leaf
      lines.push(`${head} ${words};` + (holdsSecret(obj, scope) ? ' ## SECRET-DATA' : ''));
      return;
    }
  }
  const frozen = Object.isFrozen(obj);
  const hit = frozen ? blockMemo.get(obj) : undefined;
  let text: string | undefined;
  if (hit !== undefined && hit.scope === scope && hit.ind === ind) text = hit.text;
  else {
    const inner: string[] = [];
    container(inner, obj, scope, ind + '    ');
    // undefined: a block without lines inside (`x {` then `}`)
    text = inner.length ? joinLines(inner) : undefined;
    if (frozen) blockMemo.set(obj, { scope, ind, text });
  }
  if (text === undefined) lines.push(head + ' {', ind + '}');
  else lines.push(head + ' {', text, ind + '}');
}

/** The inside lines of a `{ }` block, joined, per frozen container or entry object (and schema node, indent). */
const blockMemo = new WeakMap<
  object,
  { readonly scope: RefNode; readonly ind: string; readonly text: string | undefined }
>();

/** The words of a one-liner's children, or undefined if something in it needs a block (meta, opaque). */
function flat(obj: ConfigObject, scope: RefNode): string | undefined {
  const parts: string[] = [];
  for (const it of displayItems(obj, scope)) {
    if (it.kind === 'opaque' || it.meta) return undefined;
    const { key, node, value } = it;
    if (node.kind === 'container') {
      const inner = isEmptyContainer(value as ConfigObject) ? '' : flat(value as ConfigObject, node);
      if (inner === undefined) return undefined;
      parts.push(inner ? `${key} ${inner}` : key);
    } else if (node.kind === 'list') return undefined;
    else parts.push(leafText(key, node, value).slice(0, -1));
  }
  return parts.join(' ');
}

function holdsSecret(obj: ConfigObject, scope: RefNode): boolean {
  for (const it of displayItems(obj, scope)) {
    if (it.kind === 'opaque') continue;
    if (it.node.secret) return true;
    if (it.node.kind === 'container' && holdsSecret(it.value as ConfigObject, it.node)) return true;
  }
  return false;
}

function opaque(lines: string[], s: OpaqueStatement, ind: string): void {
  annotate(lines, s.meta, ind);
  const head = ind + prefix(s.meta) + s.words.join(' ');
  const tail = s.trailing ? ' ' + s.trailing : '';
  if (!s.children) {
    lines.push(head + ';' + tail);
    return;
  }
  if (s.children.length === 0) {
    lines.push(head + ' { }' + tail);
    return;
  }
  lines.push(head + ' {');
  for (const c of s.children) opaque(lines, c, ind + '    ');
  lines.push(ind + '}' + tail);
}

/** `certificate-id C 30;`: an entry whose only data is a value written without keyword prints on one line. */
function onlyNokeyword(obj: ConfigObject, scope: RefNode): boolean {
  if (!scope.nokeywordChild) return false;
  for (const k in obj) {
    if (k.charCodeAt(0) === 64 || obj[k] === undefined) continue;
    if (!scope.children.get(k)?.nokeyword) return false;
  }
  return true;
}
