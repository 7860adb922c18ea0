/**
 * Source positions of statements, kept beside the tree (TypeScript-style side
 * table) so that trees stay plain JSON. Keyed by the statement's ConfigPath.
 */
import type { ConfigPath, Span } from '../diag/diagnostic.js';

export interface StatementSpans {
  /** The whole statement (set line, or curly statement up to its `;` / closing `}`). */
  readonly statement: Span;
  /** The keyword (or list name) that introduces the node. */
  readonly key?: Span;
  /** The value of a leaf, or the name of a list entry. */
  readonly value?: Span;
}

/** pathKey joins path words with U+0000, which no word can contain. */
export function pathKey(path: ConfigPath): string {
  return path.join('\u0000');
}

/** A node of the word tree (setOpened, setUnder): one word of a path. */
export interface SpanNode {
  kids: Map<string, SpanNode> | undefined;
  spans: StatementSpans | undefined;
  /** A set line of this SpanMap's owner has opened the statement (the first one keeps it). */
  opened: boolean;
  /**
   * Offsets of this node's word in the statement's source (-1: unknown): get()
   * answers it as the key span, so that a diagnostic on one word of a statement
   * of many (`unit 0 famly inet`) points at that word. Two numbers, not a Span
   * per word: a valid file never reads them.
   */
  ws: number;
  we: number;
}

/** Where a word of a statement is in its source (a parser's Word has these). */
export interface WordOffsets {
  readonly start: number;
  readonly end: number;
}

const node = (): SpanNode => ({ kids: undefined, spans: undefined, opened: false, ws: -1, we: -1 });

function place(n: SpanNode, w: WordOffsets | undefined): void {
  if (w && w.start >= 0) {
    n.ws = w.start;
    n.we = w.end;
  }
}

/** The spans of a word-tree node, with its word as the key span when it has no key of its own. */
function spansOf(n: SpanNode): StatementSpans | undefined {
  const s = n.spans;
  if (!s || s.key || n.ws < 0) return s;
  return { ...s, key: { source: s.statement.source, start: n.ws, end: n.we } };
}

function kid(n: SpanNode, w: string): SpanNode {
  let k = n.kids?.get(w);
  if (!k) (n.kids ??= new Map()).set(w, (k = node()));
  return k;
}

export class SpanMap {
  private map = new Map<string, StatementSpans>();
  /**
   * The spans setOpened records, by word: a set line of n words names n
   * statements, and n joined keys of up to n words each would make a long line
   * cost its square in time and memory. A later set() of the same path wins.
   */
  private words: SpanNode | undefined;

  set(path: ConfigPath, spans: StatementSpans): void {
    this.map.set(pathKey(path), spans);
    if (this.words) {
      const n = this.find(path);
      if (n) n.spans = undefined;
    }
  }

  /** Sets the statement span of path, keeping its key and value spans (if any). */
  setStatement(path: ConfigPath, statement: Span): void {
    this.set(path, { ...this.get(path), statement });
  }

  /**
   * Records `at` as the statement span of container + words[0..i] for each i:
   * the statements a set line of an unmodelled hierarchy names and opens. The
   * first line that opens a statement keeps it; the whole line's statement is
   * always the last line's. Linear in the words. `offsets`: where each word is.
   */
  setOpened(
    container: ConfigPath,
    words: readonly string[],
    at: Span,
    offsets?: readonly WordOffsets[],
  ): void {
    let n = (this.words ??= node());
    for (const w of container) n = kid(n, w);
    for (let i = 0; i < words.length; i++) {
      n = kid(n, words[i]);
      if (i < words.length - 1 && n.opened) continue;
      n.opened = true;
      n.spans = { statement: at };
      place(n, offsets?.[i]);
    }
  }

  /**
   * Sets the spans of parent + words, parent being a path or the node an
   * earlier call returned, and returns the node of that path: the statements
   * nested in an unmodelled statement of many words are recorded without
   * copying its words for each of them. Recorded at once, also by LazySpanMap:
   * the parsers record no other spans at these paths. With `offsets` (where
   * each word is), the paths through the statement's first words get the
   * statement's spans too (unless they have their own), each with its word.
   */
  setUnder(
    parent: ConfigPath | SpanNode,
    words: readonly string[],
    spans: StatementSpans,
    offsets?: readonly WordOffsets[],
  ): SpanNode {
    let n: SpanNode;
    if (Array.isArray(parent)) {
      n = this.words ??= node();
      for (const w of parent as ConfigPath) n = kid(n, w);
    } else n = parent as SpanNode;
    for (let i = 0; i < words.length; i++) {
      n = kid(n, words[i]);
      if (!offsets) continue;
      if (i < words.length - 1 && n.spans) continue;
      n.spans = spans;
      place(n, offsets[i]);
    }
    n.spans = spans;
    return n;
  }

  private find(path: ConfigPath): SpanNode | undefined {
    let n = this.words;
    for (let i = 0; n && i < path.length; i++) n = n.kids?.get(path[i]);
    return n;
  }

  get(path: ConfigPath): StatementSpans | undefined {
    const n = this.words && this.find(path);
    return (n && spansOf(n)) || this.map.get(pathKey(path));
  }

  /** The spans of the path, or of its nearest ancestor that has some. */
  nearest(path: ConfigPath): { path: ConfigPath; spans: StatementSpans } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const s = this.get(p);
      if (s) return { path: p, spans: s };
    }
    return undefined;
  }

  /** The number of paths with spans (a path recorded both ways counts twice). */
  get size(): number {
    let n = this.map.size;
    const stack = this.words ? [this.words] : [];
    for (let o = stack.pop(); o; o = stack.pop()) {
      if (o.spans) n++;
      if (o.kids) stack.push(...o.kids.values());
    }
    return n;
  }

  /** All entries by path key; where a key comes twice, the later one is the one get() answers. */
  *entries(): IterableIterator<[string, StatementSpans]> {
    yield* this.map.entries();
    if (!this.words) return;
    const stack: [SpanNode, string[]][] = [[this.words, []]];
    for (let e = stack.pop(); e; e = stack.pop()) {
      const [n, path] = e;
      const s = spansOf(n);
      if (s) yield [pathKey(path), s];
      if (n.kids) for (const [w, k] of n.kids) stack.push([k, [...path, w]]);
    }
  }

  /** Copies other's spans into this (empty) map; what this map's set lines opened starts empty. */
  copyFrom(other: SpanMap): void {
    this.settle();
    other.settle();
    this.map = new Map(other.map);
    if (!other.words) return;
    this.words = node();
    const stack: [SpanNode, SpanNode][] = [[other.words, this.words]];
    for (let e = stack.pop(); e; e = stack.pop()) {
      const [from, to] = e;
      to.spans = from.spans;
      to.ws = from.ws;
      to.we = from.we;
      if (!from.kids) continue;
      to.kids = new Map();
      for (const [w, k] of from.kids) {
        const c = node();
        to.kids.set(w, c);
        stack.push([k, c]);
      }
    }
  }

  /** Subclasses that record lazily bring the map up to date here (they flush in get, size and entries too). */
  protected settle(): void {}
}
