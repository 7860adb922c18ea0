/**
 * The token side of the curly fast path (fast-curly.ts): a check of the whole
 * token stream of grammar/lexer.ts, allocation-free and without side effects
 * (`validate`), then the statements read one at a time as the builder side
 * asks for them. Anything it does not handle exactly throws GIVE_UP.
 */
import { K, unquote, type Lexed } from '../../grammar/lexer.js';
import { MAX_NESTING_DEPTH } from './input-limits.js';
import type { Word } from './words.js';

/** One statement as the CST walk sees it (with its annotation attached). */
export interface Stmt {
  /** Prefix images in order (`inactive:` / `protect:` only). */
  readonly prefixes: readonly string[] | undefined;
  readonly words: Word[];
  readonly start: number;
  readonly end: number;
  /** Offset of the `;`, or -1 for a block statement. */
  readonly semi: number;
  readonly block: Stmt[] | undefined;
  /** Token index of the `{` (-1 for a `;` statement); a lazy statement's block is not parsed yet. */
  readonly lb: number;
  /** The annotation item just before it in its block. */
  readonly annotation: string | undefined;
}

/** Thrown inside the parse phase only, caught in fastCurly: "not handled". */
export const GIVE_UP = new Error('fast-curly: not handled');

/** The build phase recurses per level; parse-config.ts has cut deeper blocks out already (curly-depth.ts). */
const MAX_DEPTH = MAX_NESTING_DEPTH;

export class Parser {
  t = 0;
  readonly n: number;
  readonly kinds: Lexed['kinds'];
  readonly starts: number[];
  private readonly ends: number[];
  /** `{` token index -> its `}` token index (filled by validate). */
  readonly match: Int32Array;

  constructor(
    private readonly text: string,
    lexed: Lexed,
  ) {
    this.kinds = lexed.kinds;
    this.starts = lexed.starts;
    this.ends = lexed.ends;
    this.n = lexed.kinds.length;
    this.match = new Int32Array(this.n);
  }

  /**
   * Whether the whole text is in the handled shape (then the statement
   * parsers below cannot fail), recording each `{`'s `}`. No recursion.
   */
  validate(): boolean {
    const kinds = this.kinds;
    const n = this.n;
    const stack: number[] = [];
    let t = 0;
    for (;;) {
      // at the start of an item
      t = this.skip(t);
      if (t >= n) return stack.length === 0;
      let k = kinds[t];
      if (k === K.Annotation) {
        t++;
        continue;
      }
      if (k === K.RBrace) {
        if (stack.length === 0) return false;
        this.match[stack.pop()!] = t;
        t++;
        continue;
      }
      for (;;) {
        const p = this.prefixAt(t);
        if (p === undefined) break;
        if (p !== 'inactive:' && p !== 'protect:') return false;
        t = this.skip(t + 1);
        if (!this.isArgStart(t)) return false;
      }
      let args = 0;
      for (;;) {
        t = this.skip(t);
        if (t >= n) return false;
        k = kinds[t];
        if (k === K.Word || k === K.QString) {
          args++;
          t++;
        } else if (k === K.LBracket) {
          t = this.skip(t + 1);
          while (t < n && (kinds[t] === K.Word || kinds[t] === K.QString)) t = this.skip(t + 1);
          if (t >= n || kinds[t] !== K.RBracket) return false;
          args++;
          t++;
        } else break;
      }
      if (args === 0) return false;
      if (k === K.Semi) {
        t++;
        continue;
      }
      if (k !== K.LBrace || stack.length >= MAX_DEPTH) return false;
      stack.push(t);
      t++;
    }
  }

  private skip(t: number): number {
    const kinds = this.kinds;
    while (t < this.n) {
      const k = kinds[t];
      if (k !== K.Newline && k !== K.Comment) break;
      t++;
    }
    return t;
  }

  slice(t: number): string {
    return this.text.slice(this.starts[t], this.ends[t]);
  }

  /** Index of the next significant token (not newline or comment), or n. */
  next(): number {
    const kinds = this.kinds;
    let t = this.t;
    while (t < this.n) {
      const k = kinds[t];
      if (k !== K.Newline && k !== K.Comment) break;
      t++;
    }
    this.t = t;
    return t;
  }

  /** item* up to the end of the text (top) or up to a `}` (block; the `}` is not consumed). */
  items(top: boolean): Stmt[] {
    const out: Stmt[] = [];
    let annotation: string | undefined;
    for (;;) {
      const t = this.next();
      if (t >= this.n) {
        if (top) return out;
        throw GIVE_UP;
      }
      const k = this.kinds[t];
      if (k === K.RBrace) {
        if (top) throw GIVE_UP;
        return out;
      }
      if (k === K.Annotation) {
        annotation = this.slice(t);
        this.t = t + 1;
        continue;
      }
      out.push(this.statement(annotation, false));
      annotation = undefined;
    }
  }

  private isArgStart(t: number): boolean {
    if (t >= this.n) return false;
    const k = this.kinds[t];
    return k === K.Word || k === K.QString || k === K.LBracket;
  }

  /** A word token that is a prefix keyword, by image. */
  private prefixAt(t: number): string | undefined {
    if (this.kinds[t] !== K.Word) return undefined;
    const s = this.starts[t];
    const e = this.ends[t];
    if (this.text.charCodeAt(e - 1) !== 58 /* : */) return undefined;
    const img = this.text.slice(s, e);
    return img === 'inactive:' ||
      img === 'protect:' ||
      img === 'replace:' ||
      img === 'active:' ||
      img === 'delete:'
      ? img
      : undefined;
  }

  /** lazy: a block statement's block is left unparsed (its `}` from match). */
  statement(annotation: string | undefined, lazy: boolean): Stmt {
    let t = this.next();
    const start = this.starts[t];
    let prefixes: string[] | undefined;
    for (;;) {
      const p = this.prefixAt(t);
      if (p === undefined) break;
      // other prefixes, and a prefix word the grammar could read as the statement's word: Chevrotain's
      if (p !== 'inactive:' && p !== 'protect:') throw GIVE_UP;
      this.t = t + 1;
      const u = this.next();
      if (!this.isArgStart(u)) throw GIVE_UP;
      (prefixes ??= []).push(p);
      t = u;
    }
    const words: Word[] = [];
    for (;;) {
      t = this.next();
      if (t >= this.n) throw GIVE_UP;
      const k = this.kinds[t];
      if (k === K.Word || k === K.QString) {
        words.push(this.word(t));
        this.t = t + 1;
      } else if (k === K.LBracket) {
        words.push(this.valueList(t));
      } else break;
    }
    if (words.length === 0) throw GIVE_UP;
    const k = this.kinds[t];
    if (k === K.Semi) {
      this.t = t + 1;
      return {
        prefixes,
        words,
        start,
        end: this.starts[t] + 1,
        semi: this.starts[t],
        block: undefined,
        lb: -1,
        annotation,
      };
    }
    if (k !== K.LBrace) throw GIVE_UP;
    this.t = t + 1;
    if (lazy) {
      const end = this.starts[this.match[t]] + 1;
      return { prefixes, words, start, end, semi: -1, block: undefined, lb: t, annotation };
    }
    const block = this.items(false);
    const rb = this.t; // items(false) stopped at the `}`
    this.t = rb + 1;
    return { prefixes, words, start, end: this.starts[rb] + 1, semi: -1, block, lb: t, annotation };
  }

  private word(t: number): Word {
    const start = this.starts[t];
    const end = this.ends[t];
    const raw = this.text.slice(start, end);
    const quoted = this.kinds[t] === K.QString;
    return { text: quoted ? unquote(raw) : raw, raw, start, end, quoted };
  }

  /** `[ (Word | QString)* ]` starting at token lb. */
  private valueList(lb: number): Word {
    this.t = lb + 1;
    const items: Word[] = [];
    for (;;) {
      const t = this.next();
      if (t >= this.n) throw GIVE_UP;
      const k = this.kinds[t];
      if (k === K.Word || k === K.QString) {
        items.push(this.word(t));
        this.t = t + 1;
        continue;
      }
      if (k !== K.RBracket) throw GIVE_UP;
      this.t = t + 1;
      // as parse-config.ts argWords: `[  ]` (two spaces) when empty
      let raw = '[ ';
      for (let i = 0; i < items.length; i++) raw += i === 0 ? items[i].raw : ' ' + items[i].raw;
      return {
        text: '[',
        raw: raw + ' ]',
        start: this.starts[lb],
        end: this.starts[t] + 1,
        quoted: false,
        list: items,
      };
    }
  }
}
