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

export class SpanMap {
  private readonly map = new Map<string, StatementSpans>();

  set(path: ConfigPath, spans: StatementSpans): void {
    this.map.set(pathKey(path), spans);
  }

  /** Sets the statement span of path, keeping its key and value spans (if any). */
  setStatement(path: ConfigPath, statement: Span): void {
    this.set(path, { ...this.get(path), statement });
  }

  get(path: ConfigPath): StatementSpans | undefined {
    return this.map.get(pathKey(path));
  }

  /** The spans of the path, or of its nearest ancestor that has some. */
  nearest(path: ConfigPath): { path: ConfigPath; spans: StatementSpans } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const s = this.map.get(pathKey(p));
      if (s) return { path: p, spans: s };
    }
    return undefined;
  }

  get size(): number {
    return this.map.size;
  }

  entries(): IterableIterator<[string, StatementSpans]> {
    return this.map.entries();
  }
}
