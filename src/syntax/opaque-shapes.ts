/**
 * Shapes of the Junos hierarchies the schema does not model
 * (schemas/junos-shapes.json, documented in schemas/README.md): which keyword
 * opens a block, which takes a name (`unit 0 {`, `from-zone A to-zone B {`),
 * which list prints its entries bare (`interfaces { ge-0/0/0 {`), which leaf
 * takes several values (`members [ a b ]`), which block prints its only child
 * on its own line (`then accept;`), which leaf is a secret (`## SECRET-DATA`).
 * Set lines of unmodelled hierarchies are nested with it as Junos prints them;
 * words it does not know fall back to the divergence rule (opaque-list.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findSchemaFile } from '../reftree/reftree.js';

/** A statement that ends a set line: all words left belong to it. */
type Terminal = 'leaf' | 'flag' | 'values' | 'secret' | 'secrets';

export interface Shape {
  /** Keyword children (a block or a terminal). */
  readonly keywords: ReadonlyMap<string, ShapeChild>;
  /** Entries printed bare (`interfaces { ge-0/0/0 { ... } }`): any other word is an entry name. */
  readonly bare?: ShapeChild;
  /**
   * A block whose only child is a leaf prints on one line (`route P next-hop N;`);
   * with `$oneliner: "flag"` only if that child is a flag (`then accept;` but
   * `then { next-hop self; }`).
   */
  readonly oneliner: boolean | 'flag';
}

type ShapeChild =
  | { readonly kind: 'terminal'; readonly terminal: Terminal }
  | {
      readonly kind: 'block';
      /** The header after the keyword: literal words and "<name>" for any word (`to-zone <name>`). */
      readonly pattern: readonly string[];
      readonly shape: Shape;
    };

type RawNode = { readonly [key: string]: RawNode | string | boolean };

export interface ShapeFile {
  readonly root: Shape;
}

const TERMINALS = new Set<string>(['leaf', 'flag', 'values', 'secret', 'secrets']);
const NAME = '<name>';

/** Compiles a shapes document (the JSON of schemas/junos-shapes.json). Nodes are compiled lazily. */
export function compileShapes(doc: unknown): ShapeFile {
  const d = doc as { defs?: Record<string, RawNode>; global?: RawNode };
  const defs = d.defs ?? {};
  const global = d.global ?? {};
  const memo = new Map<RawNode, Shape>();

  const compile = (raw: RawNode): Shape => {
    const hit = memo.get(raw);
    if (hit) return hit;
    const keywords = new Map<string, ShapeChild>();
    let bare: ShapeChild | undefined;
    let oneliner: boolean | 'flag' = false;
    const childOf = (v: RawNode | string | boolean, pattern: string[], key: string): ShapeChild => {
      if (typeof v === 'string') {
        if (!TERMINALS.has(v) || pattern.length) throw new Error(`junos-shapes: bad statement ${key}: ${v}`);
        return { kind: 'terminal', terminal: v as Terminal };
      }
      if (typeof v !== 'object' || v === null) throw new Error(`junos-shapes: bad statement ${key}`);
      return { kind: 'block', pattern, shape: compileLazy(v) };
    };
    const add = (node: RawNode, seen: Set<RawNode>): void => {
      if (seen.has(node)) return;
      seen.add(node);
      for (const [key, v] of Object.entries(node)) {
        if (key === '$oneliner') {
          oneliner = v === 'flag' ? 'flag' : v === true;
          continue;
        }
        if (key === '$def') {
          const def = defs[String(v)];
          if (!def) throw new Error(`junos-shapes: unknown $def ${String(v)}`);
          add(def, seen);
          continue;
        }
        if (key.startsWith('$')) continue;
        const words = key.split(' ');
        const child = childOf(v, words.slice(1), key);
        if (words[0] === NAME) bare = child;
        else keywords.set(words[0], child);
      }
    };
    add(raw, new Set());
    add(global, new Set());
    const shape: Shape = { keywords, bare, oneliner };
    memo.set(raw, shape);
    return shape;
  };
  // children compile on first use (the defs are recursive: groups hold the root)
  const compileLazy = (raw: RawNode): Shape => {
    let s: Shape | undefined;
    const get = (): Shape => (s ??= compile(raw));
    return {
      get keywords() {
        return get().keywords;
      },
      get bare() {
        return get().bare;
      },
      get oneliner() {
        return get().oneliner;
      },
    };
  };
  if (!defs.root) throw new Error('junos-shapes: no defs.root');
  return { root: compile(defs.root) };
}

let cached: ShapeFile | undefined;

/** schemas/junos-shapes.json, compiled once. */
export function defaultShapes(): ShapeFile {
  if (!cached) {
    const file = join(dirname(findSchemaFile()), 'junos-shapes.json');
    cached = compileShapes(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  }
  return cached;
}

/** One statement level of a set line: a block header, or the terminal statement that ends it. */
export interface Segment {
  readonly words: readonly string[];
  /** A block's shape (undefined for a terminal). */
  readonly shape?: Shape;
  readonly terminal?: Terminal;
}

/**
 * Splits words into statement levels by the shape. `tail` holds the words from
 * the first one the shape does not know (nested by the divergence rule).
 */
export function segment(start: Shape, words: readonly string[]): { segs: Segment[]; tail: string[] } {
  const segs: Segment[] = [];
  let shape: Shape = start;
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    const child = shape.keywords.get(w);
    if (child?.kind === 'terminal') {
      segs.push({ words: words.slice(i), terminal: child.terminal });
      return { segs, tail: [] };
    }
    if (child) {
      const n = match(child.pattern, words, i + 1);
      if (n < 0) break;
      segs.push({ words: words.slice(i, i + 1 + n), shape: child.shape });
      shape = child.shape;
      i += 1 + n;
      continue;
    }
    const bare = shape.bare;
    if (!bare || bare.kind !== 'block' || w.startsWith('[')) break;
    const n = match(bare.pattern, words, i + 1);
    if (n < 0) break;
    segs.push({ words: words.slice(i, i + 1 + n), shape: bare.shape });
    shape = bare.shape;
    i += 1 + n;
  }
  return { segs, tail: words.slice(i) };
}

/** The number of words the header pattern takes from words[at...], or -1. */
function match(pattern: readonly string[], words: readonly string[], at: number): number {
  if (at + pattern.length > words.length) return -1;
  for (let j = 0; j < pattern.length; j++) {
    const p = pattern[j];
    if (p !== NAME && p !== words[at + j]) return -1;
  }
  return pattern.length;
}

const atPath = new Map<string, Shape | null>();

/**
 * The shape of the modelled container at path (its words segmented from the
 * root), or undefined where the shapes file does not know it.
 */
export function shapeAt(path: readonly string[], shapes: ShapeFile = defaultShapes()): Shape | undefined {
  if (path.length === 0) return shapes.root;
  const key = path.join('\u0000');
  if (shapes === cached) {
    const hit = atPath.get(key);
    if (hit !== undefined) return hit ?? undefined;
  }
  const { segs, tail } = segment(shapes.root, path);
  const last = segs[segs.length - 1];
  const s = tail.length === 0 && last?.shape ? last.shape : undefined;
  if (shapes === cached) atPath.set(key, s ?? null);
  return s;
}
