/**
 * The nesting bound of the curly format (src/syntax/input-limits.ts), applied
 * to the scanner's tokens before either parser sees them: both the fast path
 * and the Chevrotain grammar descend one call per block, so a file nested
 * thousands deep would overflow the stack. A statement whose `{` opens a
 * block past the limit is left out with its whole block, and reported at that
 * `{`; everything around it parses as usual. One pass, no recursion.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { K, type Kind, type Lexed } from '../../grammar/lexer.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from './input-limits.js';

/** The tokens without the statements nested past `limit` blocks, and one diagnostic per statement left out. */
export function pruneDeepBlocks(
  lexed: Lexed,
  source: string,
  limit = MAX_NESTING_DEPTH,
): { readonly lexed: Lexed; readonly diagnostics: Diagnostic[] } {
  const { kinds, starts, ends } = lexed;
  const n = kinds.length;
  const diagnostics: Diagnostic[] = [];
  /** Inclusive token ranges to leave out, in order. */
  const cuts: number[] = [];
  let depth = 0;
  // the token after the last `;`, `{`, `}` or annotation: where the current statement starts
  let stmt = 0;
  for (let t = 0; t < n; t++) {
    const k = kinds[t];
    if (k === K.RBrace) {
      if (depth > 0) depth--;
      stmt = t + 1;
    } else if (k === K.Semi || k === K.Annotation) stmt = t + 1;
    else if (k === K.LBrace) {
      if (depth < limit) {
        depth++;
        stmt = t + 1;
        continue;
      }
      diagnostics.push(nestingTooDeep({ source, start: starts[t], end: ends[t] }));
      let from = stmt;
      while (from < t && (kinds[from] === K.Newline || kinds[from] === K.Comment)) from++;
      // to the matching `}` (or the end of an unclosed text)
      let d = 1;
      let u = t + 1;
      for (; u < n; u++) {
        const ku = kinds[u];
        if (ku === K.LBrace) d++;
        else if (ku === K.RBrace && --d === 0) break;
      }
      const to = Math.min(u, n - 1);
      cuts.push(from, to);
      t = to;
      stmt = to + 1;
    }
  }
  if (cuts.length === 0) return { lexed, diagnostics };
  const out: { kinds: Kind[]; starts: number[]; ends: number[] } = { kinds: [], starts: [], ends: [] };
  let next = 0;
  for (let c = 0; c <= cuts.length; c += 2) {
    const stop = c < cuts.length ? cuts[c] : n;
    for (let t = next; t < stop; t++) {
      out.kinds.push(kinds[t]);
      out.starts.push(starts[t]);
      out.ends.push(ends[t]);
    }
    if (c < cuts.length) next = cuts[c + 1] + 1;
  }
  return { lexed: { ...out, errors: lexed.errors }, diagnostics };
}
