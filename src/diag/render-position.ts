/**
 * Shared by the renderers: source texts by name, and a span turned into
 * 1-based line:column (start and end) through one LineIndex per source.
 */
import type { Span } from './diagnostic.js';
import { LineIndex } from './line-index.js';

/** Source texts by name (file path, `<stdin>`, `<shell:17>`), for positions and code frames. */
export type Sources = ReadonlyMap<string, string>;

export interface Position {
  readonly source: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/** Positions of spans, with one lazily built LineIndex per source. */
export class Positions {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly sources: Sources = new Map()) {}

  index(source: string): LineIndex | undefined {
    let ix = this.indexes.get(source);
    if (!ix) {
      const text = this.sources.get(source);
      if (text === undefined) return undefined;
      ix = new LineIndex(text);
      this.indexes.set(source, ix);
    }
    return ix;
  }

  /** The 1-based start and end (exclusive end column) of a span, or undefined without its text. */
  of(span: Span | undefined): Position | undefined {
    if (!span) return undefined;
    const ix = this.index(span.source);
    if (!ix) return undefined;
    const s = ix.lineCol(span.start);
    const e = ix.lineCol(Math.max(span.start, span.end));
    return { source: span.source, line: s.line, col: s.col, endLine: e.line, endCol: e.col };
  }
}

/** `[edit a b c]` (or `[edit]` for the top). */
export function editPath(path: readonly string[] | undefined): string {
  return path && path.length > 0 ? `[edit ${path.join(' ')}]` : '[edit]';
}
