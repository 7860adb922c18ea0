/**
 * `set`: walks the words down the reference tree, creating what they name
 * (ConfigBuilder.walk); words of an unmodelled hierarchy are kept as opaque
 * statements, unless they go through a protected one or nest too deep.
 */
import type { Span } from '../../diag/diagnostic.js';
import { OPAQUE_KEY, type OpaqueStatement } from '../../tree/config-tree.js';
import type { Reftree } from '../../reftree/reftree.js';
import type { ConfigBuilder } from '../builder.js';
import { nestingTooDeep } from '../input-limits.js';
import type { Command } from '../parse-commands.js';
import { wordSpan, type Word } from '../words.js';
import { opaqueProtectedOn } from './protection.js';
import { absolute, expectingStatement } from './target.js';

export function setCommand(b: ConfigBuilder, c: Command, editPath: readonly string[], rt: Reftree): void {
  if (c.words.length === 0) return expectingStatement(b, c, editPath);
  const words = absolute(editPath, c.words);
  const r = b.walk([], rt.root, words, { statement: c.span, source: c.span.source, shareSteps: true });
  if (r?.kind !== 'opaque') return;
  const raw = r.words.map((w) => w.raw);
  const deep = b.opaqueBlockPastLimit(r.containerPath, raw);
  if (deep >= 0) {
    b.diagnostics.push(nestingTooDeep(wordSpan(c.span, c.span.source, r.words[deep]), editPath));
    return;
  }
  opaqueSpans(b, r.containerPath, r.words, c.span);
  const obj = b.w.existing(r.containerPath);
  const prot = obj && opaqueProtectedOn(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, raw);
  if (prot) {
    b.protectedWarn([...r.containerPath, ...prot], [...r.containerPath, ...raw], c.span);
    return;
  }
  b.addOpaqueWords(r.containerPath, raw);
}

/**
 * The set line's position for the unmodelled statement it names and for each
 * enclosing statement its words open (the first line that opens one keeps it):
 * diagnostics on unmodelled statements (`--strict`) and on statements inside
 * `groups` (validate/apply-groups.ts) point at it.
 */
function opaqueSpans(b: ConfigBuilder, container: readonly string[], words: readonly Word[], at: Span): void {
  // the words' offsets too: an unknown keyword is reported at it (validate/yang-statements.ts)
  b.spans.setOpened(
    container,
    words.map((w) => w.text),
    at,
    words,
  );
}
