/**
 * The curly-format fast path: a recursive descent straight over the scanner's
 * token arrays (grammar/lexer.ts), for text without syntax errors. It makes the
 * same ConfigBuilder calls, in the same order and with the same words, spans
 * and metadata, as parse-config.ts's walk of the Chevrotain CST, so the result
 * (tree, key order, metadata, spans, diagnostics) is identical
 * (test/property/fast-curly.property.test.ts pins it).
 *
 * It first checks the whole token stream, allocation-free and without side
 * effects (fast-curly-parser.ts), and gives up (returns false, having touched nothing) on anything it
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
import { K, type Lexed } from '../../grammar/lexer.js';
import type { ConfigBuilder } from './builder.js';
import type { Word } from './words.js';
import { addCurlyStatement } from './opaque-list.js';
import { GIVE_UP, Parser, type Stmt } from './fast-curly-parser.js';

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
