/**
 * Bounds on what a configuration text may ask of the parsers, in one place.
 * Junos configurations nest a dozen levels at most (`logical-systems L
 * routing-instances R protocols ospf area A interface I ...`, inside `groups`),
 * so a deeper statement is a hostile or broken file. Bounding the nesting
 * where text becomes a tree keeps every later walk of the tree (printers,
 * diff, validation, the store codec, immer's freeze) within the stack,
 * whatever the input: the parsers stop at the limit with a diagnostic and
 * keep the rest. Long lines need no bound: every parser is linear in the
 * words of a line (bench/parse-bounds.js measures it).
 */
import type { ConfigPath, Diagnostic, Span } from '../diag/diagnostic.js';

/**
 * The deepest block nesting accepted: a statement may have at most this many
 * enclosing `{ }` blocks (in JSON and YAML, enclosing objects below
 * `configuration`). The set format counts the blocks the statement prints in.
 */
export const MAX_NESTING_DEPTH = 64;

/** The diagnostic for the first token that opens a block past MAX_NESTING_DEPTH. */
export function nestingTooDeep(span: Span, path?: ConfigPath): Diagnostic {
  return {
    code: 'NESTING_TOO_DEEP',
    severity: 'error',
    stage: 'syntax',
    message: `syntax error, nesting too deep (limit ${MAX_NESTING_DEPTH})`,
    ...(path ? { path } : {}),
    span,
  };
}
