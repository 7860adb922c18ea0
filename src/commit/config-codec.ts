/**
 * How stored configurations are written and read (the one place that knows it).
 *
 * - Revisions (the copy of record) are curly text, exactly as `show
 *   configuration` prints them, read back with the project's parser: metadata
 *   (inactive:/protect: prefixes, annotations), "@order" (entries in
 *   user order), unmodelled statements and $9$ secrets all round-trip. The
 *   text ends with the footer `## pkicfg-store-format 2` (VyOS style).
 * - JSON (footer `## pkicfg-store-format 1`) is the working format: the shared
 *   candidate, the derived cache of a revision, and the revisions of stores
 *   written before the curly layout (still read).
 */
import { InternalError } from '../diag/diagnostic.js';
import { parseConfig } from '../syntax/parse-config.js';
import { printCurly } from '../syntax/print-curly.js';
import { changedSince, isExactList, orderIndex } from '../tree/list-delta.js';
import { META_KEY, OPAQUE_KEY, ORDER_KEY, type ConfigObject, type ConfigTree } from '../tree/config-tree.js';
import { isObject } from '../tree/tree-ops.js';

/** Format of JSON store files (candidate, caches, revisions of the old layout). */
const STORE_FORMAT = 1;
/** The version footer line of JSON store files. */
const STORE_FOOTER = `## pkicfg-store-format ${STORE_FORMAT}`;
/** Format of curly revisions, the copy of record. */
const CURLY_FORMAT = 2;
export const CURLY_FOOTER = `## pkicfg-store-format ${CURLY_FORMAT}`;

/** Where the footer line `## pkicfg-store-format N` of a stored text starts, and N (looks at the tail only). */
function footerOf(text: string): { start: number; version: number } | undefined {
  const from = Math.max(0, text.length - 64);
  const m = /(?:^|\n)## pkicfg-store-format (\d+)\n?$/.exec(text.slice(from));
  if (!m) return undefined;
  const start = from + m.index + (m[0].startsWith('\n') ? 1 : 0);
  if (start > 0 && text[start - 1] !== '\n') return undefined;
  return { start, version: Number(m[1]) };
}

/** The format number of a stored text's footer (undefined without one). */
export function curlyFormatOf(text: string): number | undefined {
  return footerOf(text)?.version;
}

/** Curly text <-> tree for revisions; `parse` must give back exactly the tree `print` was given. */
export interface RevisionCodec {
  print(tree: ConfigTree): string;
  /** The tree of a revision's text (footer included); throws InternalError on a damaged file. */
  parse(text: string, file: string): ConfigTree;
}

/** The schema's curly printer and parser (what `show configuration` prints). */
export const CURLY_CODEC: RevisionCodec = {
  print: (tree) => printCurly(tree),
  parse(text, file) {
    const footer = footerOf(text);
    if (footer?.version !== CURLY_FORMAT)
      throw new InternalError(`${file}: not a curly revision (format ${String(footer?.version)})`);
    const r = parseConfig(text.slice(0, footer.start), file, { format: 'curly' });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new InternalError(`${file}: damaged revision: ${errors[0].message}`);
    return r.value.tree;
  },
};

/** Text of a stored configuration, footer included. */
export function encodeConfig(tree: ConfigTree): string {
  return `${sharedStringify(tree)}\n${STORE_FOOTER}\n`;
}

const jsonMemo = new WeakMap<object, string>();
const memberMemo = new WeakMap<object, { key: string; text: string }>();

/**
 * `JSON.stringify(v)` for configuration trees (plain JSON values), memoized per
 * frozen object or array: trees share unchanged subtrees between versions, so
 * encoding a commit of one changed statement re-encodes only the path to it.
 */
export function sharedStringify(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  const hit = jsonMemo.get(v);
  if (hit !== undefined) return hit;
  // a list object: in chunks, patched from an earlier version (listJson)
  let text =
    !Array.isArray(v) && Object.isFrozen(v) && Array.isArray((v as ConfigObject)[ORDER_KEY])
      ? listJson(v as ConfigObject)
      : undefined;
  if (text === undefined && Array.isArray(v)) {
    text = `[${v.map((x: unknown) => (x === undefined || typeof x === 'function' ? 'null' : sharedStringify(x))).join(',')}]`;
  } else if (text === undefined) {
    const o = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      if (typeof x === 'object' && x !== null) {
        // `"key":value` of an object child, kept with the child (big lists: one lookup per entry).
        const m = memberMemo.get(x);
        if (m !== undefined && m.key === k) {
          parts.push(m.text);
          continue;
        }
        const text = `${JSON.stringify(k)}:${sharedStringify(x)}`;
        if (Object.isFrozen(x)) memberMemo.set(x, { key: k, text });
        parts.push(text);
      } else parts.push(`${JSON.stringify(k)}:${JSON.stringify(x)}`);
    }
    // a rope, not a copy, of the (possibly megabytes long) members
    text = '{' + ropeJoin(parts, ',') + '}';
  }
  if (Object.isFrozen(v)) jsonMemo.set(v, text);
  return text;
}

/** Entries per chunk of an encoded list (see listText in print-curly.ts). */
const CHUNK = 128;
/** The reserved keys a list object may hold besides "@order" for the chunked encoding. */
const LIST_RESERVED = [META_KEY, OPAQUE_KEY] as const;

interface EncodedList {
  readonly chunks: readonly string[];
}

const listJsonMemo = new WeakMap<object, EncodedList>();
const lastListByOrder = new WeakMap<readonly string[], ConfigObject>();

function ropeJoin(parts: readonly string[], sep: string): string {
  let out: string | undefined;
  for (const p of parts) {
    if (p === '') continue;
    out = out === undefined ? p : out + sep + p;
  }
  return out ?? '';
}

function chunkJson(list: ConfigObject, order: readonly string[], c: number): string {
  const parts: string[] = [];
  const end = Math.min(order.length, (c + 1) * CHUNK);
  for (let i = c * CHUNK; i < end; i++)
    parts.push(`${JSON.stringify(order[i])}:${sharedStringify(list[order[i]])}`);
  return parts.join(',');
}

/**
 * A frozen list object as JSON ("@order", its other reserved keys, then the
 * entries in "@order" order), in chunks memoized per list and patched from an
 * earlier version through the list delta (print-curly.ts): a one-entry change
 * of a 20,000-entry list encodes one chunk. Undefined when the list is not of
 * that plain shape (then it is encoded key by key).
 */
function listJson(list: ConfigObject): string | undefined {
  const order = list[ORDER_KEY] as readonly string[];
  let chunks: string[] | undefined;
  const since = changedSince(list, (b) => listJsonMemo.has(b), lastListByOrder);
  const baseEnc = since !== undefined ? listJsonMemo.get(since.base) : undefined;
  const changed = baseEnc ? since?.changed : undefined;
  if (changed !== undefined && baseEnc && changed.every((n) => isObject(list[n]))) {
    chunks = baseEnc.chunks.slice();
    const index = orderIndex(order);
    const redo = new Set<number>();
    for (const name of changed) redo.add(Math.floor((index.get(name) ?? 0) / CHUNK));
    for (const c of redo) chunks[c] = chunkJson(list, order, c);
  } else {
    if (!isExactList(list)) return undefined;
    for (const k of Object.keys(list))
      if (k.charCodeAt(0) === 64 && k !== ORDER_KEY && !(LIST_RESERVED as readonly string[]).includes(k))
        return undefined;
    for (const name of order) if (!isObject(list[name])) return undefined;
    chunks = [];
    for (let c = 0; c * CHUNK < order.length; c++) chunks.push(chunkJson(list, order, c));
  }
  listJsonMemo.set(list, { chunks });
  lastListByOrder.set(order, list);
  let head = `{${JSON.stringify(ORDER_KEY)}:${sharedStringify(order)}`;
  for (const k of LIST_RESERVED) {
    const x = list[k];
    if (x !== undefined) head += `,${JSON.stringify(k)}:${sharedStringify(x)}`;
  }
  const body = ropeJoin(chunks, ',');
  return body === '' ? `${head}}` : `${head},${body}}`;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/** The tree of a stored configuration; throws InternalError on a damaged file (stored files are written atomically). */
export function decodeConfig(text: string, file: string): ConfigTree {
  const i = text.lastIndexOf('\n## pkicfg-store-format ');
  if (i < 0) throw new InternalError(`${file}: stored configuration without a format footer`);
  const version = Number(text.slice(i + '\n## pkicfg-store-format '.length).trim());
  if (version !== STORE_FORMAT) throw new InternalError(`${file}: unknown store format ${version}`);
  return deepFreeze(JSON.parse(text.slice(0, i)) as ConfigTree);
}
