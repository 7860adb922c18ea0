/**
 * Set-format text -> commands (`load set` input, shell lines). One command
 * per line; `#` comment lines and blank lines are skipped. Lines the fast path
 * cannot take (curly tokens, no verb) are run through the Chevrotain
 * `commandLine` rule so that the error carries the grammar's expectation.
 */
import type { Diagnostic, Result, Span } from '../diag/diagnostic.js';
import { K, classAt, lex, skipBlanks, toTokens, unquote, wordEnd, type Lexed } from '../../grammar/lexer.js';
import { parseCommandTokens } from '../../grammar/parser.js';
import { VERBS, type VerbName } from '../../grammar/tokens.js';
import { wordOf, type Word } from './words.js';
import { lexErrorsOf, syntaxErrorsOf } from './grammar-errors.js';
import { strayReason } from './stray-lines.js';

/** One configuration-mode command. Words are relative to the edit path in force. */
export interface Command {
  readonly verb: VerbName;
  /** The statement path words (for annotate, rename, copy, insert: before the comment / `to` / `before|after`). */
  readonly words: readonly Word[];
  /** The whole line. */
  readonly span: Span;
  /** rename/copy: the words after `to`; insert: the words after before|after. */
  readonly target?: readonly Word[];
  readonly where?: 'before' | 'after';
  /** annotate: the comment. */
  readonly comment?: Word;
  /** up: the number of levels (default 1). */
  readonly count?: number;
  /** top <command>: the command run at the top level without moving. */
  readonly then?: Command;
}

const VERB_SET: ReadonlySet<string> = new Set(VERBS);
/** Lines that are wrong as a whole: an `[edit ...]` banner, a list bullet, a label. */
const WHOLE_LINE = /^(\{[\w:-]+\})?\[|^[*\-+•]\s|^[^\s:]+:$/;

/** Parses set-format text into commands; every bad line gives a diagnostic with its span. */
export function parseCommands(text: string, source: string): Result<Command[]> {
  const commands: Command[] = [];
  const diagnostics = parseCommandsEach(text, source, (c) => commands.push(c));
  return { value: commands, diagnostics };
}

/**
 * Streams the commands of set-format text to `each`, line by line, and returns
 * the diagnostics sorted by offset. Streaming lets a 200,000-line file be
 * applied while its words are still young garbage (see bench/parse.ts).
 * `fast(text, from, to)`, if given, is offered each line first: when it
 * returns true it has applied the line, which is then skipped here.
 */
export function parseCommandsEach(
  text: string,
  source: string,
  each: (c: Command) => void,
  fast?: (text: string, from: number, to: number) => boolean,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const from = pos;
    pos = nl + 1;
    // a consumer that can take a plain line whole (no Word or Command objects) does so
    if (fast !== undefined && fast(text, from, nl)) continue;
    const plain = scanPlainLine(text, from, nl);
    if (plain !== undefined) {
      if (plain.length === 0) continue;
      const verb = plain[0];
      if (!verb.quoted && VERB_SET.has(verb.text)) {
        const cmd = shape(
          verb.text as VerbName,
          plain.slice(1),
          { source, start: verb.start, end: plain[plain.length - 1].end },
          source,
          diagnostics,
        );
        if (cmd) each(cmd);
        continue;
      }
    }
    const lexed = lex(text, from, nl, true);
    let last = lexed.kinds.length;
    while (last > 0 && lexed.kinds[last - 1] === K.Comment) last--;
    if (last === 0) continue;
    if (lexed.errors.length) {
      // a line with an unterminated string is reported and not applied
      diagnostics.push(...lexErrorsOf(lexed.errors, source));
      continue;
    }
    const cmd = commandOf(text, source, lexed, 0, last, diagnostics);
    if (cmd) each(cmd);
  }
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return diagnostics;
}

function commandOf(
  text: string,
  source: string,
  lexed: Lexed,
  from: number,
  to: number,
  diagnostics: Diagnostic[],
): Command | undefined {
  const { kinds } = lexed;
  const span: Span = { source, start: lexed.starts[from], end: lexed.ends[to - 1] };
  const verb = kinds[from] === K.Word ? text.slice(lexed.starts[from], lexed.ends[from]) : '';
  let ok = VERB_SET.has(verb);
  const args: Word[] = [];
  for (let t = from + 1; ok && t < to; t++) {
    const k = kinds[t];
    if (k === K.Word || k === K.QString) args.push(wordOf(text, lexed, t));
    else if (k === K.LBracket) {
      const items: Word[] = [];
      const s = lexed.starts[t];
      t++;
      while (t < to && (kinds[t] === K.Word || kinds[t] === K.QString)) items.push(wordOf(text, lexed, t++));
      if (t >= to || kinds[t] !== K.RBracket) ok = false;
      else
        args.push({
          text: '[',
          raw: text.slice(s, lexed.ends[t]),
          start: s,
          end: lexed.ends[t],
          quoted: false,
          list: items,
        });
    } else if (k === K.Comment) break;
    else ok = false;
  }
  if (!ok && !VERB_SET.has(verb)) {
    // the common case of pasted output: no need to run the parser to know what it expects
    const line = text.slice(span.start, span.end);
    const why = strayReason(line);
    // a banner, bullet or label line is wrong as a whole; a command or prompt at its first word
    const whole = why !== undefined && WHOLE_LINE.test(line);
    const at = whole ? span : { source, start: lexed.starts[from], end: lexed.ends[from] };
    diagnostics.push({
      code: 'UNKNOWN_COMMAND',
      severity: 'error',
      stage: 'syntax',
      message: `syntax error, expecting <command>: ${text.slice(at.start, at.end)} (${why ?? VERBS.join(', ')})`,
      span: at,
    });
    return undefined;
  }
  if (!ok) {
    const before = diagnostics.length;
    const out = parseCommandTokens(toTokens(text, lexed, from, to));
    // one error per line, as `load set` reports them
    diagnostics.push(...syntaxErrorsOf(out.errors, source, span, 'command').slice(0, 1));
    if (diagnostics.length === before) {
      diagnostics.push({
        code: 'UNEXPECTED_TOKEN',
        severity: 'error',
        stage: 'syntax',
        message: 'syntax error',
        span,
      });
    }
    return undefined;
  }
  return shape(verb as VerbName, args, span, source, diagnostics);
}

function invalid(diagnostics: Diagnostic[], span: Span, message: string): undefined {
  diagnostics.push({ code: 'INVALID_COMMAND', severity: 'error', stage: 'syntax', message, span });
  return undefined;
}

/** Splits the arguments of verbs with a second operand (to, before/after, comment, count). */
function shape(
  verb: VerbName,
  args: Word[],
  span: Span,
  source: string,
  diagnostics: Diagnostic[],
): Command | undefined {
  switch (verb) {
    case 'rename':
    case 'copy': {
      const i = lastIndex(args, (w) => !w.quoted && w.text === 'to');
      if (i <= 0 || i === args.length - 1)
        return invalid(diagnostics, span, `syntax error, expecting 'to': ${verb} <statement> to <statement>`);
      return { verb, words: args.slice(0, i), target: args.slice(i + 1), span };
    }
    case 'insert': {
      const i = lastIndex(args, (w) => !w.quoted && (w.text === 'before' || w.text === 'after'));
      if (i <= 0 || i === args.length - 1)
        return invalid(
          diagnostics,
          span,
          "syntax error, expecting 'before' or 'after': insert <statement> (before|after) <statement>",
        );
      return {
        verb,
        words: args.slice(0, i),
        where: args[i].text as 'before' | 'after',
        target: args.slice(i + 1),
        span,
      };
    }
    case 'annotate': {
      if (args.length < 2) return invalid(diagnostics, span, 'syntax error, expecting <statement> "comment"');
      return { verb, words: args.slice(0, -1), comment: args[args.length - 1], span };
    }
    case 'up': {
      if (args.length > 1 || (args.length === 1 && !/^\d+$/.test(args[0].text)))
        return invalid(diagnostics, span, 'syntax error, expecting <number>: up [number]');
      return { verb, words: [], count: args.length ? Number(args[0].text) : 1, span };
    }
    case 'top': {
      if (args.length === 0) return { verb, words: [], span };
      const first = args[0];
      if (!VERB_SET.has(first.text) || first.quoted || first.text === 'top')
        return invalid(diagnostics, span, `syntax error, expecting <command>: ${first.raw}`);
      const inner = shape(
        first.text as VerbName,
        args.slice(1),
        { source, start: first.start, end: span.end },
        source,
        diagnostics,
      );
      return inner ? { verb, words: [], then: inner, span } : undefined;
    }
    default:
      return { verb, words: args, span };
  }
}

function lastIndex<T>(a: readonly T[], p: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (p(a[i])) return i;
  return -1;
}

/**
 * The fast path for the usual set line: words and quoted strings only. Returns
 * the words (empty for a blank or comment line), or undefined when the line has
 * anything else (brackets, braces, `;`, an annotation, an unclosed quote): the
 * general path then scans it and explains what is wrong.
 */
function scanPlainLine(text: string, from: number, to: number): Word[] | undefined {
  const out: Word[] = [];
  let i = from;
  for (;;) {
    i = skipBlanks(text, i, to);
    if (i >= to) break;
    const cls = classAt(text, i);
    const s = i;
    if (cls === 0) {
      if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) return undefined;
      i = wordEnd(text, i, to);
      const w = text.slice(s, i);
      out.push({ text: w, raw: w, start: s, end: i, quoted: false });
    } else if (cls === 8) {
      i++;
      for (;;) {
        if (i >= to) return undefined;
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      const raw = text.slice(s, i);
      out.push({ text: unquote(raw), raw, start: s, end: i, quoted: true });
    } else if (cls === 9) break;
    else return undefined;
  }
  return out;
}
