/**
 * The curly-format fast path: a recursive descent straight over the scanner's
 * token arrays (grammar/lexer.ts), for text without syntax errors. It makes the
 * same ConfigBuilder calls, in the same order and with the same words, spans
 * and metadata, as parse-config.ts's walk of the Chevrotain CST, so the result
 * (tree, key order, metadata, spans, diagnostics) is identical
 * (test/property/fast-curly.property.test.ts pins it).
 *
 * It first checks the whole token stream, allocation-free and without side
 * effects, and gives up (returns false, having touched nothing) on anything it
 * does not handle exactly: any syntax error, a prefix other than `inactive:` /
 * `protect:`, a prefix word the grammar might read as a word, nesting deeper
 * than MAX_DEPTH. Then it parses each statement as it builds it (no statement
 * tree is kept, except for an opaque statement's block).
 */
import type { Span } from '../diag/diagnostic.js';
import type { ConfigTree, NodeMeta, OpaqueStatement } from '../tree/config-tree.js';
import type { SpanNode } from '../tree/span-map.js';
import { getMeta, writeMeta } from '../tree/tree-ops.js';
import type { RefNode, Reftree } from '../reftree/reftree.js';
import { K, unquote, type Lexed } from '../../grammar/lexer.js';
import type { ConfigBuilder } from './builder.js';
import { MAX_NESTING_DEPTH } from './input-limits.js';
import type { Word } from './words.js';
import { addCurlyStatement } from './opaque-list.js';

/** One statement as the CST walk sees it (with its annotation attached). */
interface Stmt {
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
const GIVE_UP = new Error('fast-curly: not handled');

/** The build phase recurses per level; parse-config.ts has cut deeper blocks out already (curly-depth.ts). */
const MAX_DEPTH = MAX_NESTING_DEPTH;

class Parser {
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

/** What the builder phase needs besides the statements (as parse-config.ts's Ctx). */
export interface FastCurlyContext {
  readonly source: string;
  readonly b: ConfigBuilder;
  readonly rt: Reftree;
  /** Semicolon offset -> trailing `#` comment on the same line. */
  readonly trailing: ReadonlyMap<number, string>;
  /** Statement start offset -> the `#` comment lines just above it. */
  readonly leading: ReadonlyMap<number, string>;
}

/**
 * Parses curly text whose scanner output is `lexed` (which must have no
 * errors) into ctx.b. Returns false, without any side effect, when it does
 * not handle the text: the caller then runs the Chevrotain path.
 */
export function fastCurly(text: string, lexed: Lexed, ctx: FastCurlyContext): boolean {
  if (lexed.errors.length) return false;
  const p = new Parser(text, lexed);
  // up front, without side effects: then the statements parse as they are built
  if (!p.validate()) return false;
  try {
    visit(ctx, p, [], ctx.rt.root);
  } catch (e) {
    if (e === GIVE_UP) throw new Error('fast-curly: validated text did not parse');
    throw e;
  }
  return true;
}

type MutMeta = { -readonly [P in keyof NodeMeta]: NodeMeta[P] };

/** parse-config.ts stmtInfo: the metadata (noteProtect as it goes) and the span. */
function metaOf(ctx: FastCurlyContext, st: Stmt): MutMeta | undefined {
  const ann = st.annotation ?? ctx.leading.get(st.start);
  // the usual statement: no metadata object (stmtInfo's would be empty)
  if (!st.prefixes && !ann) return undefined;
  const meta: MutMeta = {};
  if (st.prefixes)
    for (const p of st.prefixes) {
      if (p === 'inactive:') meta.inactive = true;
      else {
        meta.protect = true;
        ctx.b.noteProtect();
      }
    }
  if (ann) meta.annotation = ann;
  return meta;
}

/** The items of one block (or the top level) as parse-config.ts visitItems, parsing them as it goes. */
function visit(ctx: FastCurlyContext, p: Parser, scopePath: string[], scope: RefNode): void {
  let after: string | undefined;
  let annotation: string | undefined;
  for (;;) {
    const t = p.next();
    if (t >= p.n) return;
    const k = p.kinds[t];
    if (k === K.RBrace) {
      p.t = t + 1;
      return;
    }
    if (k === K.Annotation) {
      annotation = p.slice(t);
      p.t = t + 1;
      continue;
    }
    const st = p.statement(annotation, true);
    annotation = undefined;
    const meta = metaOf(ctx, st);
    const span: Span = { source: ctx.source, start: st.start, end: st.end };
    const r = ctx.b.walk(scopePath, scope, st.words, {
      statement: span,
      source: ctx.source,
      block: st.lb >= 0,
    });
    if (!r) {
      if (st.lb >= 0) p.t = p.match[st.lb] + 1;
      continue;
    }
    if (r.kind === 'opaque') {
      let full = st;
      if (st.lb >= 0) {
        p.t = st.lb + 1;
        full = { ...st, block: p.items(false) };
        p.t = p.match[st.lb] + 1;
      }
      const key = ctx.b.spans.setUnder(
        r.containerPath,
        r.words.map((w) => w.text),
        { statement: span },
        r.words,
      );
      const op = opaqueOf(ctx, full, meta, r.words, key);
      const rel = r.containerPath.length === scopePath.length ? after : undefined;
      ctx.b.addOpaqueStatement(r.containerPath, rel === undefined ? op : { ...op, after: rel });
      continue;
    }
    ctx.b.spans.setStatement(r.firstPath, span);
    after = r.firstPath[scopePath.length];
    if (st.lb >= 0) {
      p.t = st.lb + 1;
      visit(ctx, p, r.scopePath, r.scopeNode);
    }
    if (meta)
      writeMeta(ctx.b.w, r.firstPath, { ...getMeta(ctx.b.w.root as ConfigTree, r.firstPath), ...meta });
  }
}

function opaqueOf(
  ctx: FastCurlyContext,
  st: Stmt,
  meta: MutMeta | undefined,
  words: readonly Word[],
  key: SpanNode,
): OpaqueStatement {
  const s: { -readonly [P in keyof OpaqueStatement]: OpaqueStatement[P] } = {
    words: words.map((w) => w.raw),
  };
  if (meta) s.meta = meta;
  if (st.semi >= 0) {
    const tr = ctx.trailing.get(st.semi);
    if (tr) s.trailing = tr;
  }
  if (st.block) {
    const kids: OpaqueStatement[] = [];
    for (const c of st.block) {
      const cm = metaOf(ctx, c);
      const cspan: Span = { source: ctx.source, start: c.start, end: c.end };
      const ck = ctx.b.spans.setUnder(
        key,
        c.words.map((w) => w.text),
        { statement: cspan },
        c.words,
      );
      addCurlyStatement(kids, opaqueOf(ctx, c, cm, c.words, ck));
    }
    s.children = kids;
  }
  return s;
}
