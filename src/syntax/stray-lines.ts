/**
 * Lines that are no configuration text in any format: CLI output pasted with
 * a configuration (the `[edit ...]` banner, prompts, `load complete`), labels
 * and bullets, and CLI commands that are not configuration commands (`commit`,
 * `exit`, `show ...`, `request ...`). Each gets its own error at its line, in
 * the words of the format it stands in, so that it is never read as part of
 * another statement (a label line read as a YAML key, a banner merged with
 * the statement after it).
 */
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { BANNER, strayLines, type ConfigFormat } from './detect-format.js';

/** Configuration-mode commands of the CLI that change no statement: not for a file. */
const CLI_COMMANDS: ReadonlySet<string> = new Set([
  'commit',
  'exit',
  'quit',
  'rollback',
  'load',
  'save',
  'status',
  'run',
  'help',
  'wildcard',
  'configure',
]);

/** Operational-mode commands (`user@host>`). */
const OP_COMMANDS: ReadonlySet<string> = new Set([
  'show',
  'request',
  'clear',
  'monitor',
  'ping',
  'traceroute',
  'file',
  'start',
  'restart',
  'test',
  'op',
]);

/**
 * Why a line that does not start with a configuration command is not one, or
 * undefined when it looks like nothing in particular.
 */
export function strayReason(line: string): string | undefined {
  const t = line.trim();
  if (BANNER.test(t)) return "the CLI's edit-level banner, output of the CLI and not a command";
  if (/^\{[\w:-]+\}/.test(t)) return 'a CLI prompt line, output of the CLI and not a command';
  if (/^[\w.-]+@[\w.-]+[>#%]/.test(t)) return 'a CLI prompt line, output of the CLI and not a command';
  if (/^[*\-+•]\s/.test(t)) return 'a list bullet, not a command';
  if (/^[^\s:]+:$/.test(t)) return 'a label, not a command';
  const first = /^[^\s;{}[\]"#]+/.exec(t)?.[0] ?? '';
  if (CLI_COMMANDS.has(first))
    return `'${first}' is a CLI command, not a configuration statement; a file holds the statements only`;
  if (OP_COMMANDS.has(first))
    return `'${first}' is an operational-mode command, not a configuration statement`;
  return undefined;
}

/**
 * Curly or JSON text whose first lines say no format: an error per line, and
 * the text with those lines blanked (same length) so that the parser does
 * not read them into the first statement.
 */
export function strayLineErrors(
  text: string,
  source: string,
  format: ConfigFormat,
  until: number,
): { text: string; diagnostics: Diagnostic[] } {
  const lines = strayLines(text, until);
  if (lines.length === 0) return { text, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let out = '';
  let at = 0;
  for (const l of lines) {
    const line = text.slice(l.start, l.end);
    const span: Span = { source, start: l.start, end: l.end };
    const why = strayReason(line);
    const expecting = format === 'json' ? 'a JSON document' : '<statement>';
    // pasted output, as in a set file: the rest of the text is whole (see syntaxLeavesTreeWhole)
    diagnostics.push({
      code: 'UNKNOWN_COMMAND',
      severity: 'error',
      stage: 'syntax',
      message: `syntax error, expecting ${expecting}: ${line}` + (why ? ` (${why})` : ''),
      span,
    });
    out += text.slice(at, l.start) + ' '.repeat(l.end - l.start);
    at = l.end;
  }
  return { text: out + text.slice(at), diagnostics };
}

/** Syntax errors after which the tree is not what the text says (a block cut short, a document unread). */
const STRUCTURAL: ReadonlySet<string> = new Set([
  'UNEXPECTED_TOKEN',
  'UNTERMINATED_STRING',
  'UNTERMINATED_COMMENT',
  'INVALID_DOCUMENT',
]);

/**
 * Whether validating the tree parsed despite these diagnostics reports real
 * problems rather than consequences of a broken structure: always for set
 * text (each line stands alone, as `load set` applies it), and for the other
 * formats unless a syntax error broke the nesting.
 */
export function syntaxLeavesTreeWhole(format: ConfigFormat, diagnostics: readonly Diagnostic[]): boolean {
  return format === 'set' || !diagnostics.some((d) => d.severity === 'error' && STRUCTURAL.has(d.code));
}
