/**
 * Runs an operational command line: parse, report syntax errors with a caret
 * under the offending word, run, and print the command's diagnostics Junos
 * style (`error: ...`, `warning: ...`). Exit codes: 0 success, 1 the command
 * failed, 2 the line does not parse or a file could not be used (I/O error).
 */
import { diagnostic, InternalError, type Diagnostic } from '../diag/diagnostic.js';
import { describeIoError, isFsError } from '../diag/io-error.js';
import type { OpContext } from './op-context.js';
import { parseOpWords, type OpParseError } from './op-parse.js';
import type { OpTree } from './op-tree.js';
import { CA_SECRET, CHALLENGE_PASSWORD } from './secret-arg.js';

const SECRET_KEYWORDS = [CHALLENGE_PASSWORD.name, CA_SECRET.name];

/**
 * The words as a syntax error may echo them: the word after a secret keyword
 * (or an abbreviation of one, as Junos accepts) is masked, since a line that
 * does not parse is exactly the one that is printed back.
 */
function maskedWords(words: readonly string[]): string[] {
  const isSecretKeyword = (w: string): boolean =>
    w.length >= 4 && SECRET_KEYWORDS.some((k) => k.startsWith(w));
  return words.map((w, i) => (i > 0 && isSecretKeyword(words[i - 1]) ? '******' : w));
}

/** `error: msg` / `warning: msg` lines for diagnostics (info prints the message alone). */
export function renderOpDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) =>
      d.severity === 'error'
        ? `error: ${d.message}\n`
        : d.severity === 'warning'
          ? `warning: ${d.message}\n`
          : `${d.message}\n`,
    )
    .join('');
}

/** The line, a caret under the word at error.index, the message and any candidates (Junos layout). */
export function renderOpParseError(typed: readonly string[], error: OpParseError, prompt = ''): string {
  const words = maskedWords(typed);
  let col = prompt.length;
  for (let i = 0; i < Math.min(error.index, words.length); i++) col += words[i].length + 1;
  const line = prompt + words.join(' ');
  const caretCol = error.index >= words.length ? line.length + 1 : col;
  let out = `${line}\n${' '.repeat(caretCol)}^\n${error.message}\n`;
  if (error.candidates && error.candidates.length > 0 && error.code !== 'OP_INVALID_VALUE') {
    out += 'Possible completions:\n';
    for (const c of error.candidates) out += `  ${c.name.padEnd(20)} ${c.help}\n`;
  }
  return out;
}

export interface OpOutcome {
  readonly exitCode: number;
  /** The command's diagnostics (empty when the line did not parse). */
  readonly diagnostics: readonly Diagnostic[];
  readonly parseError?: OpParseError;
}

/** Parses and runs `words` without rendering errors (the shell renders them its own way). */
export async function executeOpWords(
  tree: OpTree,
  words: readonly string[],
  ctx: OpContext,
): Promise<OpOutcome> {
  const parsed = parseOpWords(tree, words);
  if (!parsed.ok) return { exitCode: 2, diagnostics: [], parseError: parsed.error };
  let result;
  try {
    result = await parsed.command.run(parsed.args, ctx);
  } catch (e) {
    if (e instanceof InternalError) throw e;
    // A file the command needed could not be used: an I/O error (exit 2), in words.
    const io = isFsError(e);
    const d = diagnostic('INTERNAL', describeIoError(e));
    return { exitCode: io ? 2 : 1, diagnostics: [d] };
  }
  const diags = result.diagnostics ?? [];
  return {
    exitCode: result.exitCode ?? (diags.some((d) => d.severity === 'error') ? 1 : 0),
    diagnostics: diags,
  };
}

/** Parses and runs `words`, writing errors to ctx.stderr; returns the exit code. */
export async function runOpWords(tree: OpTree, words: readonly string[], ctx: OpContext): Promise<number> {
  const r = await executeOpWords(tree, words, ctx);
  if (r.parseError) ctx.stderr.write(renderOpParseError(words, r.parseError));
  const text = renderOpDiagnostics(r.diagnostics);
  if (text) ctx.stderr.write(text);
  return r.exitCode;
}
