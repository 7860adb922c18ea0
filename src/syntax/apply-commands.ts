/**
 * Applies configuration-mode commands to a tree with Junos semantics
 * (junos-cli.md §2): set, delete (`warning: statement not found`), activate /
 * deactivate, annotate, rename, copy, insert, protect / unprotect, and the
 * navigation edit / up [n] / top. Like `load set`, a bad command is reported
 * and the others still apply. This file holds the entry points and the
 * dispatch; each verb (or family of verbs) has its module in verbs/.
 */
import { LazySpanMap } from './lazy-span-map.js';
import type { ConfigPath, Result } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { SpanMap } from '../tree/span-map.js';
import type { Reftree } from '../reftree/reftree.js';
import { ConfigBuilder } from './builder.js';
import type { Command } from './parse-commands.js';
import { deleteCommand } from './verbs/delete.js';
import { isMetaVerb, metaCommand } from './verbs/meta.js';
import { moveCommand } from './verbs/move.js';
import { editCommand, upCommand } from './verbs/navigate.js';
import { opaqueCommand } from './verbs/opaque.js';
import { setCommand } from './verbs/set.js';
import { absolute, expectingStatement, locate, resolveTarget } from './verbs/target.js';

export interface EditState {
  readonly tree: ConfigTree;
  readonly spans: SpanMap;
  /** The current edit level (`[edit security pki]` = ['security', 'pki']). */
  readonly editPath: ConfigPath;
}

export interface ApplyOptions {
  readonly reftree: Reftree;
}

/** Applies commands in order; the input is not modified (its SpanMap is copied). */
export function applyCommands(
  input: EditState,
  commands: readonly Command[],
  opts: ApplyOptions,
): Result<EditState> {
  const spans = new LazySpanMap();
  spans.copyFrom(input.spans);
  const b = new ConfigBuilder(input.tree, spans, opts.reftree);
  let editPath: string[] = input.editPath.slice();
  for (const c of commands) editPath = applyOne(b, c, editPath, opts.reftree);
  return { value: { tree: b.finish(), spans: b.spans, editPath }, diagnostics: b.diagnostics };
}

/**
 * applyOne, one command after another, plus the fast path for plain `set`
 * lines at the top edit level (ConfigBuilder.fastSet), sharing the edit path:
 * for parseCommandsEach.
 */
export function setFileApplier(
  b: ConfigBuilder,
  rt: Reftree,
  source: string,
): { each: (c: Command) => void; fast: (text: string, from: number, to: number) => boolean } {
  let editPath: string[] = [];
  return {
    each: (c) => {
      editPath = applyOne(b, c, editPath, rt);
    },
    fast: (text, from, to) => editPath.length === 0 && b.fastSet(text, from, to, source),
  };
}

function applyOne(b: ConfigBuilder, c: Command, editPath: string[], rt: Reftree): string[] {
  switch (c.verb) {
    case 'set':
      setCommand(b, c, editPath, rt);
      return editPath;
    case 'top':
      if (c.then) applyOne(b, c.then, [], rt);
      return c.then ? editPath : [];
    case 'up':
      return upCommand(c, editPath, rt);
    case 'edit':
      return editCommand(b, c, editPath, rt);
    default:
      b.invalidate();
      applyTargeted(b, rt, c, editPath);
      return editPath;
  }
}

/** The verbs that act on a statement named from the edit level: delete, the marks, rename / copy / insert. */
function applyTargeted(b: ConfigBuilder, rt: Reftree, c: Command, editPath: string[]): void {
  if (c.words.length === 0 && c.verb !== 'delete') return expectingStatement(b, c, editPath);
  const t = resolveTarget(
    b,
    rt,
    absolute(editPath, c.words),
    c.span,
    c.verb === 'delete' || c.verb === 'rename' || c.verb === 'copy' || c.verb === 'insert',
  );
  if (!t) return;
  if (t.kind === 'opaque') return opaqueCommand(b, c, t);
  const at = locate(b, t);
  if (c.verb === 'delete') return deleteCommand(b, c, t, at);
  if (isMetaVerb(c.verb)) return metaCommand(b, c, c.verb, t, at.exists);
  if (c.verb === 'rename' || c.verb === 'copy' || c.verb === 'insert') return moveCommand(b, c, t, at);
}
