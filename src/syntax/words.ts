/** Words of a statement as the parsers hand them to the tree builder. */
import type { Span } from '../diag/diagnostic.js';
import type { StatementSpans } from '../tree/span-map.js';
import { K, type Lexed, unquote } from '../../grammar/lexer.js';

/** One argument: a word, a quoted string, or a `[ a b ]` value list. Offsets are absolute. */
export interface Word {
  /** The value (quotes removed, escapes resolved); for a list, "[". */
  readonly text: string;
  /** As written (quotes and escapes kept). */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
  readonly list?: readonly Word[];
}

/** A word made from scanner token t. */
export function wordOf(text: string, lexed: Lexed, t: number): Word {
  const start = lexed.starts[t];
  const end = lexed.ends[t];
  const raw = text.slice(start, end);
  const quoted = lexed.kinds[t] === K.QString;
  return { text: quoted ? unquote(raw) : raw, raw, start, end, quoted };
}

/** A word's span; the words of an `edit` path have none (start -1): the statement's then. */
export function wordSpan(statement: Span, source: string, w: Word): Span {
  return w.start < 0 ? statement : { source, start: w.start, end: w.end };
}

/** The spans of a container (value undefined) or list entry (value: its name) made in a statement. */
export function nodeSpans(
  statement: Span,
  source: string,
  key: Word,
  value: Word | undefined,
): StatementSpans {
  const k = wordSpan(statement, source, key);
  return value ? { statement, key: k, value: wordSpan(statement, source, value) } : { statement, key: k };
}

/** A plain word value (for words made by code, e.g. paths). */
export function plainWord(text: string, start = 0, end = 0): Word {
  return { text, raw: quoteIfNeeded(text), start, end, quoted: false };
}

// also a word that the grammar would read as a prefix (`inactive:` as a nokeyword value)
const NEEDS_QUOTE = /[\s;{}[\]"#'()`]|^$|^\/\*|^(inactive|protect|replace|active|delete):$/;

/** Junos output quoting (junos-cli.md §3.3): bare unless empty or holding whitespace or a structural char. */
export function quoteIfNeeded(v: string): string {
  return NEEDS_QUOTE.test(v) ? quote(v) : v;
}

/**
 * Always quoted, with `"` escaped, and `\` escaped only where the lexer would
 * read it as an escape (before `"` or `\`, or at the end): Junos keeps other
 * backslashes literally (`message "line 1\nline 2"`, DNs with `\,`), and
 * prints them back the same way.
 */
export function quote(v: string): string {
  return '"' + v.replace(/\\(?=["\\]|$)|"/g, '\\$&') + '"';
}
