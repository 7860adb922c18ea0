/**
 * Text -> configuration tree, for the four formats, detected from content:
 * `set` commands, the curly-brace format, Junos JSON (`{"configuration": ...}`)
 * and YAML of the same shape. Never throws on bad input: every problem is a
 * diagnostic with a span, and everything that parsed is kept (Junos loads are
 * not atomic).
 */
import { LazySpanMap } from './lazy-span-map.js';
import type { IToken } from 'chevrotain';
import type { BlockCstNode, ItemCstNode, StatementCstNode } from '../../grammar/cst.js';
import type { Diagnostic, Result, Span } from '../diag/diagnostic.js';
import { EMPTY_TREE, type ConfigTree, type NodeMeta, type OpaqueStatement } from '../tree/config-tree.js';
import { SpanMap, type SpanNode } from '../tree/span-map.js';
import { getMeta, writeMeta } from '../tree/tree-ops.js';
import { defaultReftree, type RefNode, type Reftree } from '../reftree/reftree.js';
import { K, lex, toTokens, unquote, type Lexed } from '../../grammar/lexer.js';
import { parseCurlyTokens } from '../../grammar/parser.js';
import { setFileApplier } from './apply-commands.js';
import { ConfigBuilder } from './builder.js';
import { pruneDeepBlocks } from './curly-depth.js';
import { fastCurly } from './fast-curly.js';
import { lexErrorsOf, syntaxErrorsOf } from './grammar-errors.js';
import { parseCommandsEach } from './parse-commands.js';
import { readJunosDocument } from './read-json.js';
import type { Word } from './words.js';
import { detect, normalizeLineEnds, withoutBom, type ConfigFormat } from './detect-format.js';
import { addCurlyStatement } from './opaque-list.js';
import { strayLineErrors } from './stray-lines.js';

export type { ConfigFormat } from './detect-format.js';
export { detectFormat } from './detect-format.js';

export interface ParseConfigOptions {
  readonly reftree?: Reftree;
  /** Skip detection. */
  readonly format?: ConfigFormat;
  /**
   * Curly text: try the fast path (src/syntax/fast-curly.ts) before the
   * Chevrotain parser (default true; false is for tests that compare the two).
   */
  readonly curlyFastPath?: boolean;
}

export interface ParsedConfig {
  readonly tree: ConfigTree;
  readonly spans: SpanMap;
  readonly format: ConfigFormat;
}

/** Parses a configuration text of any of the four formats. */
export function parseConfig(
  input: string,
  source: string,
  opts: ParseConfigOptions = {},
): Result<ParsedConfig> {
  const rt = opts.reftree ?? defaultReftree();
  // same length as the input: spans point into the text as read
  let text = normalizeLineEnds(input);
  const detected = opts.format ? undefined : detect(text);
  const format = opts.format ?? detected!.format;
  // YAML skips a BOM itself; the other readers see a blank
  if (format !== 'yaml') text = withoutBom(text);
  const b = new ConfigBuilder(EMPTY_TREE, new LazySpanMap(), rt);
  const diagnostics: Diagnostic[] = [];
  if (detected && (format === 'curly' || format === 'json')) {
    // lines before the one that says the format are reported, not read as part of it
    const stray = strayLineErrors(text, source, format, detected.decidedAt);
    diagnostics.push(...stray.diagnostics);
    text = stray.text;
  }
  if (format === 'set') {
    const apply = setFileApplier(b, rt, source);
    diagnostics.push(...parseCommandsEach(text, source, apply.each, apply.fast));
  } else if (format === 'curly') {
    parseCurly(text, source, b, rt, diagnostics, opts.curlyFastPath ?? true);
  } else {
    readJunosDocument(text, source, b, rt, diagnostics);
  }
  diagnostics.push(...b.diagnostics);
  const clamped = diagnostics.map((d) =>
    d.span && d.span.source === source ? { ...d, span: clamp(d.span, text.length) } : d,
  );
  clamped.sort((x, y) => (x.span?.start ?? 0) - (y.span?.start ?? 0));
  return { value: { tree: b.finish(), spans: b.spans, format }, diagnostics: clamped };
}

/** Spans stay inside the text (the YAML parser may point one past the end). */
function clamp(s: Span, len: number): Span {
  const start = Math.max(0, Math.min(s.start, len));
  const end = Math.max(start, Math.min(s.end, len));
  return start === s.start && end === s.end ? s : { source: s.source, start, end };
}

// ---------------------------------------------------------------- curly

interface Ctx {
  readonly text: string;
  readonly source: string;
  readonly b: ConfigBuilder;
  readonly rt: Reftree;
  /** Semicolon offset -> trailing `#` comment on the same line. */
  readonly trailing: Map<number, string>;
  /** Statement start offset -> the `#` comment lines just above it (its annotation). */
  readonly leading: Map<number, string>;
}

function parseCurly(
  text: string,
  source: string,
  b: ConfigBuilder,
  rt: Reftree,
  diagnostics: Diagnostic[],
  fast: boolean,
): void {
  const pruned = pruneDeepBlocks(lex(text), source);
  const lexed = pruned.lexed;
  diagnostics.push(...pruned.diagnostics);
  const trailing = trailingComments(text, lexed);
  const leading = leadingComments(text, lexed);
  // text without syntax errors, of the usual shape: the same builder calls without Chevrotain
  if (fast && fastCurly(text, lexed, { source, b, rt, trailing, leading })) return;
  diagnostics.push(...lexErrorsOf(lexed.errors, source));
  const ctx: Ctx = {
    text,
    source,
    b,
    rt,
    trailing,
    leading,
  };
  let toks = toTokens(text, lexed);
  // A stray `}` or `;` at the top level stops Chevrotain (no re-sync point):
  // report it, skip it, and parse the rest, so one run reports every error.
  for (;;) {
    const out = parseCurlyTokens(toks);
    diagnostics.push(
      ...syntaxErrorsOf(out.errors, source, { source, start: text.length, end: text.length }, 'config'),
    );
    visitItems(ctx, out.cst.children.item ?? [], [], rt.root);
    const stop = out.errors.find((e) => e.name === 'NotAllInputParsedException');
    const at = stop ? toks.indexOf(stop.token) : -1;
    if (at < 0) break;
    toks = toks.slice(at + 1);
  }
}

function trailingComments(text: string, lexed: Lexed): Map<number, string> {
  const m = new Map<number, string>();
  for (let t = 1; t < lexed.kinds.length; t++) {
    if (lexed.kinds[t] === K.Comment && lexed.kinds[t - 1] === K.Semi)
      m.set(lexed.starts[t - 1], text.slice(lexed.starts[t], lexed.ends[t]));
  }
  return m;
}

/**
 * `# text` lines on their own, directly above a statement, become its annotation
 * as Junos keeps them on load (junos-cli.md §2.5, §3.2). `##` lines are the
 * CLI's own output decorations (`## Last changed: ...`, `## Warning: ...`) and
 * stay comments: the printer writes them anew.
 */
function leadingComments(text: string, lexed: Lexed): Map<number, string> {
  const m = new Map<number, string>();
  let run: string[] = [];
  let lineStart = true;
  for (let t = 0; t < lexed.kinds.length; t++) {
    const k = lexed.kinds[t];
    if (k === K.Newline) {
      lineStart = true;
      continue;
    }
    if (k === K.Comment) {
      const c = text.slice(lexed.starts[t], lexed.ends[t]).trimEnd();
      if (lineStart && !c.startsWith('##')) run.push(c);
      else if (lineStart) run = [];
      continue;
    }
    if (run.length && lineStart && k !== K.RBrace) m.set(lexed.starts[t], run.join('\n'));
    run = [];
    lineStart = false;
  }
  return m;
}

/** The tokens the parser read (not those it inserted to recover from an error). */
function tokens(list: readonly IToken[] | undefined): IToken[] {
  return (list ?? []).filter((t) => !t.isInsertedInRecovery && !Number.isNaN(t.startOffset));
}

function tokenWord(t: IToken): Word {
  const quoted = t.tokenType.name === 'QString';
  return {
    text: quoted ? unquote(t.image) : t.image,
    raw: t.image,
    start: t.startOffset,
    end: t.startOffset + t.image.length,
    quoted,
  };
}

function argWords(stmt: StatementCstNode): Word[] {
  const out: Word[] = [];
  for (const a of stmt.children.argument ?? []) {
    const tok = [...tokens(a.children.Word), ...tokens(a.children.QString)][0];
    if (tok) {
      out.push(tokenWord(tok));
      continue;
    }
    const vl = a.children.valueList?.[0]?.children;
    if (!vl) continue;
    const items = [...tokens(vl.Word), ...tokens(vl.QString)]
      .sort((x, y) => x.startOffset - y.startOffset)
      .map(tokenWord);
    const lb = tokens(vl.LBracket)[0];
    const rb = tokens(vl.RBracket)[0];
    const start = lb?.startOffset ?? items[0]?.start ?? 0;
    const end = rb ? rb.startOffset + 1 : (items[items.length - 1]?.end ?? start);
    out.push({
      text: '[',
      raw: '[ ' + items.map((i) => i.raw).join(' ') + ' ]',
      start,
      end,
      quoted: false,
      list: items,
    });
  }
  return out;
}

interface StmtInfo {
  words: Word[];
  meta: { -readonly [K in keyof NodeMeta]: NodeMeta[K] };
  span: Span;
  block?: BlockCstNode;
  semi?: IToken;
}

function stmtInfo(ctx: Ctx, stmt: StatementCstNode, annotation: string | undefined): StmtInfo {
  const words = argWords(stmt);
  const meta: StmtInfo['meta'] = {};
  const prefixes = tokens(stmt.children.Prefix);
  for (const p of prefixes) {
    if (p.image === 'inactive:') meta.inactive = true;
    else if (p.image === 'protect:') {
      meta.protect = true;
      ctx.b.noteProtect();
    } else if (p.image === 'replace:') meta.replace = true;
  }
  const start = prefixes[0]?.startOffset ?? words[0]?.start ?? 0;
  const ann = annotation ?? ctx.leading.get(start);
  if (ann) meta.annotation = ann;
  const semi = tokens(stmt.children.Semi)[0];
  const block = stmt.children.block?.[0];
  const rb = block ? tokens(block.children.RBrace)[0] : undefined;
  const end = semi ? semi.startOffset + 1 : rb ? rb.startOffset + 1 : (words[words.length - 1]?.end ?? start);
  return { words, meta, span: { source: ctx.source, start, end }, block, semi };
}

/**
 * The statements with words among items, in order, each with the annotation
 * item just before it (made as they are read: stmtInfo notes protection).
 */
function* statementsOf(ctx: Ctx, items: readonly ItemCstNode[]): Generator<StmtInfo> {
  let annotation: string | undefined;
  for (const item of items) {
    const ann = tokens(item.children.Annotation)[0];
    if (ann) {
      annotation = ann.image;
      continue;
    }
    const stmt = item.children.statement?.[0];
    if (!stmt) continue;
    const info = stmtInfo(ctx, stmt, annotation);
    annotation = undefined;
    if (info.words.length > 0) yield info;
  }
}

function visitItems(ctx: Ctx, items: readonly ItemCstNode[], scopePath: string[], scope: RefNode): void {
  let after: string | undefined;
  for (const info of statementsOf(ctx, items)) {
    const r = ctx.b.walk(scopePath, scope, info.words, {
      statement: info.span,
      source: ctx.source,
      block: !!info.block,
    });
    if (!r) continue;
    if (r.kind === 'opaque') {
      // so that diagnostics about the statement (--strict unmodelled) point at it
      const key = ctx.b.spans.setUnder(
        r.containerPath,
        r.words.map((w) => w.text),
        { statement: info.span },
        r.words,
      );
      const op = opaqueOf(ctx, info, r.words, key);
      const rel = r.containerPath.length === scopePath.length ? after : undefined;
      ctx.b.addOpaqueStatement(r.containerPath, rel === undefined ? op : { ...op, after: rel });
      continue;
    }
    ctx.b.spans.setStatement(r.firstPath, info.span);
    after = r.firstPath[scopePath.length];
    if (info.block) visitItems(ctx, info.block.children.item ?? [], r.scopePath, r.scopeNode);
    // after the block: `protect:` guards later edits, not the statement's own contents
    if (Object.keys(info.meta).length)
      writeMeta(ctx.b.w, r.firstPath, { ...getMeta(ctx.b.w.root as ConfigTree, r.firstPath), ...info.meta });
  }
}

/**
 * key: the statement's span node (container path plus the words of it and its
 * enclosing opaque statements): statements inside `groups` are expanded for
 * validation (src/validate/apply-groups.ts), whose diagnostics point at them.
 */
function opaqueOf(ctx: Ctx, info: StmtInfo, words: readonly Word[], key: SpanNode): OpaqueStatement {
  const s: { -readonly [K in keyof OpaqueStatement]: OpaqueStatement[K] } = {
    words: words.map((w) => w.raw),
  };
  if (Object.keys(info.meta).length) s.meta = info.meta;
  if (info.semi) {
    const tr = ctx.trailing.get(info.semi.startOffset);
    if (tr) s.trailing = tr;
  }
  if (info.block) {
    const kids: OpaqueStatement[] = [];
    for (const ci of statementsOf(ctx, info.block.children.item ?? [])) {
      const ck = ctx.b.spans.setUnder(
        key,
        ci.words.map((w) => w.text),
        { statement: ci.span },
        ci.words,
      );
      addCurlyStatement(kids, opaqueOf(ctx, ci, ci.words, ck));
    }
    s.children = kids;
  }
  return s;
}
