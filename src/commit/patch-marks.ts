/**
 * The lines of a `load patch` text that change marks, not statements
 * (load-patch.ts): `! inactive:` / `! active:` / `! protect:` /
 * `! unprotect:` lines, and `+ /* note *\/` / `- /* note *\/` annotation
 * lines, which apply to the statement named on the next line.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import type { ConfigTree, NodeMeta } from '../tree/config-tree.js';
import { getMeta, setMeta } from '../tree/tree-ops.js';
import { markedPath, splitWords } from './patch-paths.js';

/** An annotation line waiting for its statement: added (`+`) or removed (`-`). */
export interface PendingAnnotation {
  readonly add: boolean;
  /** The comment, trimmed. */
  readonly text: string;
  /** Where the text after the marker starts, and that text: a block added whole keeps it. */
  readonly offset: number;
  readonly raw: string;
}

type MutMeta = { -readonly [K in keyof NodeMeta]: NodeMeta[K] };

/** The annotation change on meta: set when added, dropped when the one removed is there. */
function annotate(meta: MutMeta, a: PendingAnnotation): void {
  if (a.add) meta.annotation = a.text;
  else if (meta.annotation === a.text) delete meta.annotation;
}

/** The tree with the annotation applied to the statement at path. */
export function annotateAt(tree: ConfigTree, path: ConfigPath, a: PendingAnnotation): ConfigTree {
  const meta: MutMeta = { ...(getMeta(tree, path) ?? {}) };
  annotate(meta, a);
  return setMeta(tree, path, meta);
}

const MARK_LINE = /^\s*(inactive:|active:|protect:|unprotect:)\s*(.*?)\s*(\{\s*\.\.\.\s*\}|\{|;)?\s*$/;

/**
 * A `!` line (the text after the marker) applied at banner, with the pending
 * annotation if any: 'syntax' when the line is no mark, 'not found' when it
 * names no statement (the annotation then stays pending).
 */
export function applyMark(
  tree: ConfigTree,
  banner: ConfigPath,
  rest: string,
  annotation: PendingAnnotation | undefined,
): ConfigTree | 'syntax' | 'not found' {
  const m = MARK_LINE.exec(rest);
  if (!m) return 'syntax';
  const p = markedPath(tree, banner, splitWords(m[2].replace(/^(inactive:|protect:)\s*/, '')));
  if (p === undefined) return 'not found';
  const meta: MutMeta = { ...(getMeta(tree, p) ?? {}) };
  if (m[1] === 'inactive:') meta.inactive = true;
  else if (m[1] === 'active:') delete meta.inactive;
  else if (m[1] === 'protect:') meta.protect = true;
  else delete meta.protect;
  // `+ /* note */` above `! inactive: stmt`: the annotation of that statement changed too
  if (annotation) annotate(meta, annotation);
  return setMeta(tree, p, meta);
}
