/**
 * What a group expansion inherited, recorded as it goes: each inherited
 * statement (a mark) with its group and its span inside the group. Marks are
 * kept as runs below a base path (a memoized subtree replays its marks as one
 * run below its path), and the lookups built from them (by path, in order, the
 * span overlay) are made on first use (diagnostics, `display inheritance`),
 * not on every validation.
 */
import type { ConfigPath } from '../../diag/diagnostic.js';
import { SpanMap, pathKey, type StatementSpans } from '../../tree/span-map.js';

/** One inherited statement: its path (relative to a memoized subtree in its memo), group and span in the group. */
export interface Mark {
  readonly path: readonly string[];
  readonly group: string;
  readonly span?: StatementSpans;
}

interface MarkRun {
  readonly base: readonly string[];
  readonly marks: readonly Mark[];
}

/** The lookups over every mark. */
export interface MarkIndex {
  readonly byPath: Map<string, string>;
  readonly list: (readonly [ConfigPath, string])[];
  readonly overlay: SpanMap;
}

export class Marks {
  private readonly runs: MarkRun[] = [];
  private built: MarkIndex | undefined;

  /** How many runs there are: a position for `since`. */
  get position(): number {
    return this.runs.length;
  }

  /** A fresh mark at its (absolute) path. */
  add(m: Mark): void {
    this.runs.push({ base: [], marks: [m] });
  }

  /** The marks of a memoized subtree, replayed below its path. */
  replay(base: readonly string[], marks: readonly Mark[]): void {
    if (marks.length) this.runs.push({ base, marks });
  }

  /** The marks recorded since `position`, relative to `path` (for the memo of the subtree at path). */
  since(position: number, path: readonly string[]): Mark[] {
    const rel: Mark[] = [];
    for (const r of this.runs.slice(position))
      for (const m of r.marks) rel.push({ ...m, path: [...r.base, ...m.path].slice(path.length) });
    return rel;
  }

  index(): MarkIndex {
    if (this.built) return this.built;
    const b: MarkIndex = { byPath: new Map(), list: [], overlay: new SpanMap() };
    for (const r of this.runs) {
      for (const m of r.marks) {
        const p = r.base.length ? [...r.base, ...m.path] : m.path;
        b.byPath.set(pathKey(p), m.group);
        b.list.push([p, m.group]);
        if (m.span) b.overlay.set(p, m.span);
      }
    }
    return (this.built = b);
  }
}

/** A SpanMap that answers from the inherited statements first, then from the configuration's. */
export class OverlaySpans extends SpanMap {
  constructor(
    private readonly top: () => SpanMap,
    private readonly base: SpanMap | undefined,
  ) {
    super();
  }

  override get(path: ConfigPath): StatementSpans | undefined {
    return this.top().get(path) ?? this.base?.get(path);
  }

  override nearest(path: ConfigPath): { path: ConfigPath; spans: StatementSpans } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const s = this.get(p);
      if (s) return { path: p, spans: s };
    }
    return undefined;
  }
}
