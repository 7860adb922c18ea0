/**
 * What the tree builder (walk.ts, fast-set.ts) records spans through: one
 * interface, implemented by LazySpanMap (compact records, the parser's) and by
 * SpanMapRecorder over any other SpanMap (the expansion of `apply-groups`
 * builds into a plain one). The builder never asks which map it writes to;
 * spanRecorder() decides once, when the builder is made.
 *
 * Nodes are named by a path or by the id of their record: the set-file fast
 * path names a node as (parent id, name[, entry name]), which costs no array
 * per node (see lazy-span-map.ts).
 */
import type { ConfigPath, Span } from '../diag/diagnostic.js';
import type { SpanMap } from '../tree/span-map.js';
import { LazySpanMap } from './lazy-span-map.js';
import { nodeSpans, wordSpan, type Word } from './words.js';

export interface SpanRecorder {
  /**
   * A new container (value undefined) or list entry (value: its name word) at
   * path, in the statement `statement` of the text `source`.
   */
  node(path: ConfigPath, statement: Span, source: string, key: Word, value: Word | undefined): void;
  /** A leaf, flag or leaf-list parent/name: key word, value word if any, statement from key to `to`. */
  leaf(
    parent: ConfigPath,
    name: string,
    statement: Span,
    source: string,
    key: Word,
    to: Word,
    value: Word | undefined,
  ): void;
  /**
   * A new container parent/name or list entry parent/name/name2 (parent: a
   * record id, -1 the root), statement [start, end), key and value offsets.
   * Returns the id that names the node (the parent of its children).
   */
  nodeAt(
    parent: number,
    name: string,
    name2: string | undefined,
    source: string,
    start: number,
    end: number,
    keyStart: number,
    keyEnd: number,
    hasValue: boolean,
    valueStart: number,
    valueEnd: number,
  ): number;
  /** A leaf or flag under the node of record `parent`: key, value from valueStart (-1: none) to end. */
  leafAt(
    parent: number,
    name: string,
    source: string,
    keyStart: number,
    keyEnd: number,
    valueStart: number,
    end: number,
  ): void;
  /** An id for an existing node (no spans): its path, or a parent id plus name (and entry name). */
  anchor(parent: ConfigPath | number, name?: string, name2?: string): number;
  /** The path of the node an id names. */
  pathOf(id: number): ConfigPath;
}

/** The recorder of spans: a LazySpanMap records compactly itself, another SpanMap through the adapter. */
export function spanRecorder(spans: SpanMap): SpanRecorder {
  return spans instanceof LazySpanMap ? spans : new SpanMapRecorder(spans);
}

/** SpanRecorder over a plain SpanMap: span objects as they come, ids kept as paths. */
class SpanMapRecorder implements SpanRecorder {
  private readonly paths: ConfigPath[] = [];

  constructor(private readonly spans: SpanMap) {}

  node(path: ConfigPath, statement: Span, source: string, key: Word, value: Word | undefined): void {
    this.spans.set(path, nodeSpans(statement, source, key, value));
  }

  leaf(
    parent: ConfigPath,
    name: string,
    statement: Span,
    source: string,
    key: Word,
    to: Word,
    value: Word | undefined,
  ): void {
    this.spans.set([...parent, name], {
      statement: { source, start: key.start, end: to.end },
      key: wordSpan(statement, source, key),
      ...(value ? { value: wordSpan(statement, source, value) } : {}),
    });
  }

  nodeAt(
    parent: number,
    name: string,
    name2: string | undefined,
    source: string,
    start: number,
    end: number,
    keyStart: number,
    keyEnd: number,
    hasValue: boolean,
    valueStart: number,
    valueEnd: number,
  ): number {
    const id = this.anchor(parent, name, name2);
    this.spans.set(this.paths[id], {
      statement: { source, start, end },
      key: { source, start: keyStart, end: keyEnd },
      ...(hasValue ? { value: { source, start: valueStart, end: valueEnd } } : {}),
    });
    return id;
  }

  leafAt(
    parent: number,
    name: string,
    source: string,
    keyStart: number,
    keyEnd: number,
    valueStart: number,
    end: number,
  ): void {
    this.spans.set([...this.pathOf(parent), name], {
      statement: { source, start: keyStart, end },
      key: { source, start: keyStart, end: keyEnd },
      ...(valueStart >= 0 ? { value: { source, start: valueStart, end } } : {}),
    });
  }

  anchor(parent: ConfigPath | number, name?: string, name2?: string): number {
    let path = typeof parent === 'number' ? this.pathOf(parent) : parent;
    if (name !== undefined) path = name2 === undefined ? [...path, name] : [...path, name, name2];
    return this.paths.push(path) - 1;
  }

  pathOf(id: number): ConfigPath {
    return id < 0 ? [] : this.paths[id];
  }
}
