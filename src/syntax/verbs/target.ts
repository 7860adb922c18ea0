/**
 * What a configuration-mode command names: its words (relative to the edit
 * level) resolved against the reference tree to a modelled node, or to
 * statements of an unmodelled hierarchy, without creating anything; and the
 * diagnostics every verb shares (`warning: statement not found`,
 * `syntax error, expecting <statement>`).
 */
import type { ConfigPath, Span } from '../../diag/diagnostic.js';
import { keptVerbatim, scopeOf, suggest, type RefNode, type Reftree } from '../../reftree/reftree.js';
import type { MutObject } from '../../tree/tree-ops.js';
import type { ConfigBuilder } from '../builder.js';
import type { Command } from '../parse-commands.js';
import { plainWord, quoteIfNeeded, wordSpan, type Word } from '../words.js';

export type Target =
  | { kind: 'node'; path: string[]; node: RefNode; value?: Word }
  | { kind: 'opaque'; containerPath: string[]; words: string[] };

export type NodeTarget = Extract<Target, { kind: 'node' }>;
export type OpaqueTarget = Extract<Target, { kind: 'opaque' }>;

/** The command's words from the top: the edit level's words, then its own. */
export function absolute(editPath: readonly string[], words: readonly Word[]): Word[] {
  return editPath.length === 0 ? (words as Word[]) : [...editPath.map((t) => plainWord(t, -1, -1)), ...words];
}

/** Resolves words to an existing-or-not path without creating anything. */
export function resolveTarget(
  b: ConfigBuilder,
  rt: Reftree,
  words: readonly Word[],
  at: Span,
  allowValue: boolean,
): Target | undefined {
  let scope = rt.root;
  const path: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const child = scope.children.get(w.text);
    if (!child) {
      if (keptVerbatim(scope, w.text))
        return {
          kind: 'opaque',
          containerPath: path,
          words: words.slice(i).map((x) => (x.start < 0 ? quoteIfNeeded(x.text) : x.raw)),
        };
      const s = suggest(w.text, scope.order);
      b.error({
        code: 'UNKNOWN_STATEMENT',
        message: `syntax error, expecting <statement>: ${w.raw}` + (s ? ` (did you mean '${s}'?)` : ''),
        path,
        span: wordSpan(at, at.source, w),
      });
      return undefined;
    }
    path.push(child.name);
    const last = i === words.length - 1;
    if (child.kind === 'container') {
      scope = child;
      continue;
    }
    if (child.kind === 'list') {
      if (last) return { kind: 'node', path, node: child };
      path.push(words[++i].text);
      scope = scopeOf(child);
      if (i === words.length - 1) return { kind: 'node', path, node: scope };
      continue;
    }
    // leaf, flag, leaf-list: may be followed by one value (delete ... ca-profiles CA2)
    if (last) return { kind: 'node', path, node: child };
    if (child.kind !== 'flag' && allowValue && i + 2 === words.length)
      return { kind: 'node', path, node: child, value: words[i + 1] };
    const extra = words[i + 1];
    b.error({
      code: 'UNEXPECTED_TOKEN',
      message: `syntax error: ${extra.raw}`,
      path,
      span: wordSpan(at, at.source, extra),
    });
    return undefined;
  }
  return { kind: 'node', path, node: scope };
}

/** Where a modelled target sits in the tree being built: the object holding it, and whether it is there. */
export interface Located {
  readonly parent: MutObject | undefined;
  readonly exists: boolean;
}

export function locate(b: ConfigBuilder, t: NodeTarget): Located {
  const parent = t.path.length === 0 ? undefined : b.w.existing(t.path.slice(0, -1));
  const exists =
    t.path.length === 0 || (parent !== undefined && parent[t.path[t.path.length - 1]] !== undefined);
  return { parent, exists };
}

/** Junos's answer to a command on a statement that is not there. */
export function notFound(b: ConfigBuilder, c: Command, path: readonly string[]): void {
  b.error({
    code: 'STATEMENT_NOT_FOUND',
    severity: 'warning',
    message: 'warning: statement not found',
    path,
    span: c.span,
  });
}

/** Junos's answer to a verb given no statement (`set`, `activate`, ... alone). */
export function expectingStatement(b: ConfigBuilder, c: Command, editPath: ConfigPath): void {
  b.error({
    code: 'MISSING_VALUE',
    message: 'syntax error, expecting <statement>',
    span: c.span,
    path: editPath,
  });
}
