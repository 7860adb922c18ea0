/**
 * The scanner. One pass over the text with a character-class table, keeping
 * only offsets (line:column is computed later, only for diagnostics shown).
 * It recognises exactly the tokens of tokens.ts (a test checks it against
 * the Chevrotain Lexer built from them); it exists because the Word pattern,
 * a complement class, disables Chevrotain's first-char optimisation and a
 * table-driven loop is several times faster on 200,000-line files.
 */
import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import {
  Annotation,
  LBrace,
  LBracket,
  PlainWord,
  PREFIX_TOKENS,
  QString,
  RBrace,
  RBracket,
  Semi,
  VERB_TOKENS,
} from './tokens.js';

/** Token kinds of the scanner output. */
export const K = {
  Word: 0,
  QString: 1,
  LBrace: 2,
  RBrace: 3,
  Semi: 4,
  LBracket: 5,
  RBracket: 6,
  Annotation: 7,
  Comment: 8,
  Newline: 9,
} as const;
export type Kind = (typeof K)[keyof typeof K];

export interface LexError {
  readonly code: 'UNTERMINATED_STRING' | 'UNTERMINATED_COMMENT';
  readonly start: number;
  readonly end: number;
}

/** Scanner output: parallel arrays of kind / start / end (end exclusive). */
export interface Lexed {
  readonly kinds: Kind[];
  readonly starts: number[];
  readonly ends: number[];
  readonly errors: LexError[];
}

// 0 word, 1 space, 2 newline, 3 { 4 } 5 ; 6 [ 7 ] 8 " 9 #
/** Character classes of ASCII: 0 word, 1 space, 2 newline, 3 { 4 } 5 ; 6 [ 7 ] 8 " 9 #. */
const CLASS = new Uint8Array(128);
for (const c of [32, 9, 11, 12, 13]) CLASS[c] = 1;
CLASS[10] = 2;
CLASS[123] = 3;
CLASS[125] = 4;
CLASS[59] = 5;
CLASS[91] = 6;
CLASS[93] = 7;
CLASS[34] = 8;
CLASS[35] = 9;

/**
 * The end of the word whose first character is at i: the offset of the next
 * character of another class than 0 (non-ASCII is a word character), or to.
 * The one word loop of the scanners (this one, the set-line fast paths).
 */
export function wordEnd(text: string, i: number, to: number): number {
  i++;
  while (i < to) {
    const d = text.charCodeAt(i);
    if (d < 128 && CLASS[d] !== 0) break;
    i++;
  }
  return i;
}

/** The offset of the first character in text[i, to) that is not a blank (class 1), or to. */
export function skipBlanks(text: string, i: number, to: number): number {
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] !== 1) break;
    i++;
  }
  return i;
}

/** The class of the character at i (0, a word character, for non-ASCII). */
export function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c] : 0;
}

/**
 * Scans text[from, to). A quoted string ends at its closing quote (escapes \" and \\);
 * with `stringsEndAtNewline` an unclosed string stops at the end of its line (set
 * format), else at the end of the text. Lexing never fails: errors are reported and
 * the bad token is kept so the parser can go on.
 */
export function lex(text: string, from = 0, to = text.length, stringsEndAtNewline = false): Lexed {
  const kinds: Kind[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const errors: LexError[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? CLASS[c] : 0;
    if (cls === 1) {
      i++;
      continue;
    }
    const s = i;
    switch (cls) {
      case 0: {
        if (c === 47 && text.charCodeAt(i + 1) === 42) {
          // "/*" annotation
          const e = text.indexOf('*/', i + 2);
          if (e < 0 || e + 2 > to) {
            errors.push({ code: 'UNTERMINATED_COMMENT', start: s, end: to });
            i = to;
          } else i = e + 2;
          kinds.push(K.Annotation);
          break;
        }
        i = wordEnd(text, i, to);
        kinds.push(K.Word);
        break;
      }
      case 2:
        i++;
        kinds.push(K.Newline);
        break;
      case 3:
        i++;
        kinds.push(K.LBrace);
        break;
      case 4:
        i++;
        kinds.push(K.RBrace);
        break;
      case 5:
        i++;
        kinds.push(K.Semi);
        break;
      case 6:
        i++;
        kinds.push(K.LBracket);
        break;
      case 7:
        i++;
        kinds.push(K.RBracket);
        break;
      case 8: {
        i++;
        let closed = false;
        while (i < to) {
          const d = text.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === 34) {
            i++;
            closed = true;
            break;
          } else if (d === 10 && stringsEndAtNewline) break;
          else i++;
        }
        if (i > to) i = to;
        if (!closed) {
          // never closed: end it at its line so that what follows still parses
          const nl = text.indexOf('\n', s);
          if (nl >= 0 && nl < i) i = nl;
          errors.push({ code: 'UNTERMINATED_STRING', start: s, end: i });
        }
        kinds.push(K.QString);
        break;
      }
      default: {
        // '#' comment to end of line
        const e = text.indexOf('\n', i);
        i = e < 0 || e > to ? to : e;
        kinds.push(K.Comment);
      }
    }
    starts.push(s);
    ends.push(i);
  }
  return { kinds, starts, ends, errors };
}

/** The value of a quoted string token's image: quotes removed, \" and \\ unescaped. */
export function unquote(image: string): string {
  let closed = false;
  if (image.length >= 2 && image.endsWith('"')) {
    let n = 0;
    for (let i = image.length - 2; i >= 1 && image.charCodeAt(i) === 92; i--) n++;
    closed = n % 2 === 0;
  }
  const inner = closed ? image.slice(1, -1) : image.slice(1);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\(["\\])/g, '$1');
}

const TYPE_OF_KIND: Partial<Record<Kind, TokenType>> = {
  [K.QString]: QString,
  [K.LBrace]: LBrace,
  [K.RBrace]: RBrace,
  [K.Semi]: Semi,
  [K.LBracket]: LBracket,
  [K.RBracket]: RBracket,
  [K.Annotation]: Annotation,
};

/** The Chevrotain token type of a word image (a verb, a prefix, or a plain word). */
function wordType(image: string): TokenType {
  return VERB_TOKENS.get(image) ?? PREFIX_TOKENS.get(image) ?? PlainWord;
}

/** Chevrotain tokens for the scanner tokens [from, to), without newlines and comments. */
export function toTokens(text: string, lexed: Lexed, from = 0, to = lexed.kinds.length): IToken[] {
  const out: IToken[] = [];
  for (let t = from; t < to; t++) {
    const k = lexed.kinds[t];
    if (k === K.Newline || k === K.Comment) continue;
    const image = text.slice(lexed.starts[t], lexed.ends[t]);
    const type = k === K.Word ? wordType(image) : TYPE_OF_KIND[k]!;
    out.push(createTokenInstance(type, image, lexed.starts[t], lexed.ends[t] - 1, NaN, NaN, NaN, NaN));
  }
  return out;
}
