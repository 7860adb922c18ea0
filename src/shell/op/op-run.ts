/**
 * Runs an operational command line: parse, report syntax errors with a caret
 * under the offending word, run, and print the command's diagnostics Junos
 * style (`error: ...`, `warning: ...`). Exit codes: 0 success, 1 the command
 * failed, 2 the line does not parse.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { OpContext } from './op-context.js';
import { parseOpWords, type OpParseError } from './op-parse.js';
import type { OpTree } from './op-tree.js';

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
export function renderOpParseError(words: readonly string[], error: OpParseError, prompt = ''): string {
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

/** Parses and runs `words`; returns the exit code. */
export async function runOpWords(tree: OpTree, words: readonly string[], ctx: OpContext): Promise<number> {
  const parsed = parseOpWords(tree, words);
  if (!parsed.ok) {
    ctx.stderr.write(renderOpParseError(words, parsed.error));
    return 2;
  }
  let result;
  try {
    result = await parsed.command.run(parsed.args, ctx);
  } catch (e) {
    ctx.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  const diags = result.diagnostics ?? [];
  const text = renderOpDiagnostics(diags);
  if (text) ctx.stderr.write(text);
  return result.exitCode ?? (diags.some((d) => d.severity === 'error') ? 1 : 0);
}
