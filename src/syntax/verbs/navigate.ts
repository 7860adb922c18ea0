/**
 * The edit level: `edit <statement>` moves down to a container or list entry
 * (junos-cli.md §2), `up [n]` moves up n statement levels, where a list
 * keyword and its entry's name are one level. `top` lives with the dispatcher
 * (apply-commands.ts), since `top <command>` runs another command.
 */
import type { RefNode, Reftree } from '../../reftree/reftree.js';
import type { ConfigBuilder } from '../builder.js';
import type { Command } from '../parse-commands.js';
import { wordSpan } from '../words.js';
import { absolute, resolveTarget } from './target.js';

/** The modes of operational `configure` / `edit` (`edit exclusive`); no Junos hierarchy has these names. */
const CONFIGURE_MODES: ReadonlySet<string> = new Set([
  'exclusive',
  'private',
  'dynamic',
  'batch',
  'ephemeral',
]);

/** The edit level after `edit <words>` (unchanged, with an error, if they name no container). */
export function editCommand(b: ConfigBuilder, c: Command, editPath: string[], rt: Reftree): string[] {
  const mode = editPath.length === 0 ? c.words[0] : undefined;
  if (mode && !mode.quoted && CONFIGURE_MODES.has(mode.text)) {
    // `edit exclusive` is operational mode's `configure exclusive`, not a hierarchy
    b.error({
      code: 'INVALID_COMMAND',
      message: `syntax error, expecting <statement>: ${mode.raw} ('edit ${mode.text}' is operational mode's 'configure ${mode.text}'; in configuration mode 'edit' takes a statement path)`,
      span: wordSpan(c.span, c.span.source, mode),
    });
    return editPath;
  }
  const t = resolveTarget(b, rt, absolute(editPath, c.words), c.span, false);
  if (!t) return editPath;
  if (t.kind === 'node' && (t.node.kind !== 'container' || t.value)) {
    b.error({
      code: 'INVALID_COMMAND',
      message:
        t.node.kind === 'list'
          ? `syntax error, expecting <${t.node.keyName ?? t.node.name}>`
          : `syntax error: cannot edit '${t.node.name}', it is not a container`,
      span: c.span,
      path: t.path,
    });
    return editPath;
  }
  return t.kind === 'node' ? t.path : [...t.containerPath, ...t.words];
}

/** The edit level after `up [n]` (the top at most). */
export function upCommand(c: Command, editPath: string[], rt: Reftree): string[] {
  const levels = levelsOf(rt, editPath);
  const keep = Math.max(0, levels.length - (c.count ?? 1));
  return keep === 0 ? [] : editPath.slice(0, levels[keep - 1]);
}

/** Index ends of the statement levels of an edit path: a list keyword and its name are one level. */
function levelsOf(rt: Reftree, path: readonly string[]): number[] {
  const ends: number[] = [];
  let scope: RefNode | undefined = rt.root;
  for (let i = 0; i < path.length; i++) {
    const child: RefNode | undefined = scope?.children.get(path[i]);
    if (child?.kind === 'list' && i + 1 < path.length) {
      i++;
      scope = child.entry;
    } else scope = child;
    ends.push(i + 1);
  }
  return ends;
}
