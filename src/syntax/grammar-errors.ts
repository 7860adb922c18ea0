/** Chevrotain recognition errors -> Junos-style syntax diagnostics with spans. */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import type { LexError } from '../../grammar/lexer.js';

const LABELS: Record<string, string> = {
  Verb: '<command>',
  Word: '<statement>',
  PlainWord: '<statement>',
  QString: '<string>',
  Semi: "';'",
  LBrace: "'{'",
  RBrace: "'}'",
  LBracket: "'['",
  RBracket: "']'",
  Annotation: '<annotation>',
  Prefix: '<prefix>',
  EOF: 'end of line',
};

function expectation(e: IRecognitionException, context: 'command' | 'config'): string {
  if (e.name === 'NotAllInputParsedException') return context === 'command' ? 'end of line' : '<statement>';
  const found: string[] = [];
  const head = e.message.split(/but found/)[0];
  for (const m of head.matchAll(/-->\s*(.+?)\s*<--/g)) found.push(m[1]);
  for (const m of head.matchAll(/^\s*\d+\.\s*\[(.+)\]\s*$/gm)) found.push(m[1].split(/,\s*/)[0]);
  const labels = [...new Set(found.map((n) => LABELS[n] ?? n))];
  if (labels.length === 0) return context === 'command' ? '<command>' : '<statement>';
  return labels.join(' or ');
}

/** One diagnostic per recognition error; a token without offset (inserted by recovery) takes the previous token's end. */
export function syntaxErrorsOf(
  errors: readonly IRecognitionException[],
  source: string,
  whole: Span,
  context: 'command' | 'config',
): Diagnostic[] {
  return errors.map((e) => {
    const tok = e.token;
    let start = tok.startOffset;
    let end = (tok.endOffset ?? start) + 1;
    const isEof = tok.tokenType?.name === 'EOF' || Number.isNaN(start);
    if (isEof) {
      const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
      start =
        prev && prev.endOffset !== undefined && !Number.isNaN(prev.endOffset)
          ? prev.endOffset + 1
          : whole.end;
      end = start;
    }
    const exp = expectation(e, context);
    const unknownCommand = context === 'command' && exp === '<command>';
    const found = isEof ? 'end of input' : `'${tok.image}'`;
    return {
      code: unknownCommand ? 'UNKNOWN_COMMAND' : 'UNEXPECTED_TOKEN',
      severity: 'error',
      stage: 'syntax',
      message: unknownCommand
        ? `syntax error, expecting <command>: ${tok.image} (set, delete, activate, deactivate, annotate, rename, copy, insert, protect, unprotect, edit, up, top)`
        : `syntax error, expecting ${exp}, found ${found}`,
      span: { source, start, end: Math.max(start, end) },
    } satisfies Diagnostic;
  });
}

/** Scanner errors (an unclosed quote or comment) as syntax diagnostics at their span. */
export function lexErrorsOf(errors: readonly LexError[], source: string): Diagnostic[] {
  return errors.map((e) => ({
    code: e.code,
    severity: 'error',
    stage: 'syntax',
    message:
      e.code === 'UNTERMINATED_STRING'
        ? 'syntax error: missing closing quote (")'
        : 'syntax error: missing closing */',
    span: { source, start: e.start, end: e.end },
  }));
}
