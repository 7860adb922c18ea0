/**
 * A conservative upper bound on the nesting of a JSON or YAML text, found
 * without parsing it. The yaml library descends one call per level and
 * relies on running out of stack to stop, which V8 does not always report as
 * a catchable RangeError (a regular expression compiled near the stack limit
 * aborts the process): a text whose bound passes DOCUMENT_DEPTH_GUARD is
 * refused before the library sees it. Between MAX_NESTING_DEPTH and the guard,
 * read-json.ts prunes the parsed document precisely. One pass, no recursion.
 */
import { MAX_NESTING_DEPTH } from './input-limits.js';

/** Far above any document pruneDeepMaps accepts (a list level costs two), far below the library's stack. */
export const DOCUMENT_DEPTH_GUARD = 4 * MAX_NESTING_DEPTH;

/**
 * The offset where the text's nesting bound first passes `guard`, or -1.
 * Flow levels (`{`, `[` outside quotes) and block levels (the stack of
 * indentations, plus `- ` markers that open a sequence on a line) both count;
 * a bracket inside a plain scalar only overestimates.
 */
export function depthPastGuard(text: string, guard = DOCUMENT_DEPTH_GUARD): number {
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  let lineStart = true;
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '\n' || c === '\r') {
      lineStart = true;
      continue;
    }
    if (lineStart && flow === 0) {
      let j = i;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      const ch = text[j];
      if (j >= text.length || ch === '\n' || ch === '\r' || ch === '#') {
        // a blank or comment line opens nothing: on to its end (the newline is read next)
        while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
        i = j - 1;
        continue;
      }
      const indent = j - i;
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // `- - - x`: each marker opens a sequence level of its own
      let dashes = 0;
      while (text[j] === '-' && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        dashes++;
        j += 2;
        while (text[j] === ' ' || text[j] === '\t') j++;
      }
      block = indents.length + dashes;
      lineStart = false;
      if (block > guard) return i;
      i = j - 1;
      continue;
    }
    lineStart = false;
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') {
      flow++;
      if (flow + block > guard) return i;
    } else if ((c === '}' || c === ']') && flow > 0) flow--;
    else if (c === '#' && flow === 0 && (i === 0 || text[i - 1] === ' ')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    }
  }
  return -1;
}
