/**
 * How stored configurations are written and read (the one place that knows it).
 * The tree is stored as JSON (exact: metadata, "@order", opaque statements, and
 * fast to read back for 100k-statement configurations), followed by a version
 * footer `## pkicfg-store-format 1` (VyOS style) so that migrations can be
 * added later. The store writes a curly `<seq>.conf` beside it for people.
 */
import { InternalError } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';

export const STORE_FORMAT = 1;
/** The version footer line of every stored configuration file. */
export const STORE_FOOTER = `## pkicfg-store-format ${STORE_FORMAT}`;

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
  let text: string;
  if (Array.isArray(v)) {
    text = `[${v.map((x: unknown) => (x === undefined || typeof x === 'function' ? 'null' : sharedStringify(x))).join(',')}]`;
  } else {
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
    text = `{${parts.join(',')}}`;
  }
  if (Object.isFrozen(v)) jsonMemo.set(v, text);
  return text;
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
