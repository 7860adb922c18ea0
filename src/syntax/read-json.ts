/**
 * Junos JSON (`| display json`, junos-cli.md §3.7) and YAML of the same shape
 * -> tree. Both are read with the yaml library (JSON is YAML), which keeps
 * source ranges, so diagnostics point into the document. Lists are arrays of
 * objects with a "name"; flags are [null]; "@" / "@<leaf>" hold attributes.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import type { NodeMeta, OpaqueStatement } from '../tree/config-tree.js';
import type { SpanNode } from '../tree/span-map.js';
import { writeMeta } from '../tree/tree-ops.js';
import { keptVerbatim, type RefNode, type Reftree } from '../reftree/reftree.js';
import type { ConfigBuilder } from './builder.js';
import { depthPastGuard } from './document-depth.js';
import { MAX_NESTING_DEPTH, nestingTooDeep } from './input-limits.js';
import { quote, quoteIfNeeded, type Word } from './words.js';

interface Ctx {
  readonly source: string;
  readonly b: ConfigBuilder;
  readonly diagnostics: Diagnostic[];
}

function spanOf(ctx: Ctx, n: unknown): Span {
  const r = (n as Node | null)?.range;
  return { source: ctx.source, start: r?.[0] ?? 0, end: r?.[1] ?? r?.[0] ?? 0 };
}

function bad(ctx: Ctx, n: unknown, message: string, path: readonly string[] = []): void {
  ctx.diagnostics.push({
    code: 'INVALID_DOCUMENT',
    severity: 'error',
    stage: 'syntax',
    message,
    path,
    span: spanOf(ctx, n),
  });
}

function scalarText(n: unknown): string | undefined {
  if (isScalar(n)) return n.value === null ? undefined : String(n.value);
  return undefined;
}

function wordFor(ctx: Ctx, text: string, n: unknown): Word {
  const s = spanOf(ctx, n);
  return { text, raw: quoteIfNeeded(text), start: s.start, end: s.end, quoted: false };
}

/** Reads a JSON or YAML document into the builder. */
export function readJunosDocument(
  text: string,
  source: string,
  b: ConfigBuilder,
  rt: Reftree,
  diagnostics: Diagnostic[],
): void {
  const ctx: Ctx = { source, b, diagnostics };
  const past = depthPastGuard(text);
  if (past >= 0) {
    diagnostics.push(nestingTooDeep({ source, start: past, end: past + 1 }));
    return;
  }
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  for (const e of doc.errors) {
    // the yaml library descends one call per level and reports running out of stack as an error
    if (e.message.includes('Maximum call stack size exceeded')) {
      diagnostics.push(nestingTooDeep({ source, start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]) }));
      continue;
    }
    diagnostics.push({
      code: 'INVALID_DOCUMENT',
      severity: 'error',
      stage: 'syntax',
      message: e.message.split('\n')[0],
      span: { source, start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]) },
    });
  }
  if (doc.errors.length) return;
  let root = doc.contents as unknown;
  if (root === null || root === undefined) return;
  if (!isMap(root)) return bad(ctx, root, 'expecting an object with a "configuration" member');
  const conf = root.items.find((p) => scalarText(p.key) === 'configuration');
  if (conf) root = conf.value;
  if (!isMap(root)) return bad(ctx, root, '"configuration" must be an object');
  pruneDeepMaps(ctx, root);
  readContainer(ctx, root, [], rt.root);
}

/**
 * The nesting bound (input-limits.ts) before the recursive reading below: a
 * member whose object value would be nested past the limit (objects count,
 * arrays of list entries do not, as a curly block per level) is left out and
 * reported at its key. Iterative.
 */
function pruneDeepMaps(ctx: Ctx, top: YAMLMap): void {
  const stack: [YAMLMap, number][] = [[top, 0]];
  for (let e = stack.pop(); e; e = stack.pop()) {
    const [map, depth] = e;
    map.items = map.items.filter((p) => {
      const kids = isMap(p.value) ? [p.value] : isSeq(p.value) ? p.value.items.filter((i) => isMap(i)) : [];
      if (kids.length === 0) return true;
      if (depth >= MAX_NESTING_DEPTH) {
        ctx.diagnostics.push(nestingTooDeep(spanOf(ctx, p.key)));
        return false;
      }
      for (const k of kids) stack.push([k as YAMLMap, depth + 1]);
      return true;
    });
  }
}

function metaOf(ctx: Ctx, n: unknown): NodeMeta | undefined {
  void ctx;
  return metaFrom(n);
}

function metaFrom(n: unknown): NodeMeta | undefined {
  if (!isMap(n)) return undefined;
  const m: { -readonly [K in keyof NodeMeta]: NodeMeta[K] } = {};
  for (const p of n.items) {
    const k = scalarText(p.key);
    const v = isScalar(p.value) ? p.value.value : undefined;
    if (k === 'inactive' && (v === true || v === 'inactive')) m.inactive = true;
    else if (k === 'protect' && (v === true || v === 'protect')) m.protect = true;
    else if (k === 'comment' && typeof v === 'string') m.annotation = v;
  }
  return Object.keys(m).length ? m : undefined;
}

function readContainer(ctx: Ctx, map: YAMLMap, path: string[], scope: RefNode): void {
  const b = ctx.b;
  b.w.obj(path);
  const leafMeta = new Map<string, NodeMeta>();
  let after: string | undefined;
  let ownMeta: NodeMeta | undefined;
  for (const p of map.items as Pair[]) {
    const k = scalarText(p.key);
    if (k === undefined) {
      bad(ctx, p.key, 'expecting a statement name', path);
      continue;
    }
    if (k === '@') {
      // written after the children: `protect` guards later edits, not this document
      ownMeta = metaOf(ctx, p.value);
      continue;
    }
    if (k.startsWith('@')) {
      const m = metaOf(ctx, p.value);
      if (m) leafMeta.set(k.slice(1), m);
      continue;
    }
    const child = scope.children.get(k);
    if (!child) {
      if (keptVerbatim(scope, k)) {
        // "@k" of an unmodelled leaf or flag: its attributes travel with the statement
        const lm = leafMetaFor(map, k);
        if (lm) leafMeta.delete(k);
        const stmts = toOpaque(k, p.value).map((x) => (lm && !x.children ? { ...x, meta: lm } : x));
        opaqueSpans(ctx, path, k, p);
        b.addOpaqueStatementsFromJson(
          path,
          after === undefined ? stmts : stmts.map((x) => ({ ...x, after })),
        );
        continue;
      }
      ctx.diagnostics.push({
        code: 'UNKNOWN_STATEMENT',
        severity: 'error',
        stage: 'syntax',
        message: `syntax error, expecting <statement>: ${k}`,
        path,
        span: spanOf(ctx, p.key),
      });
      continue;
    }
    readChild(ctx, child, k, p, path, scope);
    after = k;
  }
  for (const [k, m] of leafMeta) writeMeta(b.w, [...path, k], m);
  if (ownMeta) writeMeta(b.w, path, ownMeta);
  if (ownMeta?.protect || [...leafMeta.values()].some((m) => m.protect)) b.noteProtect();
}

function readChild(ctx: Ctx, child: RefNode, k: string, p: Pair, path: string[], scope: RefNode): void {
  const b = ctx.b;
  const key = wordFor(ctx, k, p.key);
  const v = p.value;
  const cp = [...path, k];
  const stmt = { source: ctx.source, start: spanOf(ctx, p.key).start, end: spanOf(ctx, v).end };
  const opts = { statement: stmt, source: ctx.source };
  switch (child.kind) {
    case 'container': {
      b.walk(path, scope, [key], opts);
      if (isMap(v)) readContainer(ctx, v, cp, child);
      else if (
        !(isSeq(v) && v.items.length === 1 && isScalar(v.items[0]) && v.items[0].value === null) &&
        !(isScalar(v) && v.value === null)
      )
        bad(ctx, v, `'${k}' must be an object`, path);
      return;
    }
    case 'list': {
      const items = isSeq(v) ? v.items : isMap(v) ? [v] : undefined;
      if (!items) return bad(ctx, v, `'${k}' must be an array of objects with a "name"`, path);
      for (const it of items) {
        if (!isMap(it)) {
          bad(ctx, it, `'${k}' entries must be objects with a "name"`, path);
          continue;
        }
        const nameP = it.items.find((q) => scalarText(q.key) === 'name');
        const name = nameP ? scalarText(nameP.value) : undefined;
        if (name === undefined) {
          bad(ctx, it, `'${k}' entry without "name"`, path);
          continue;
        }
        b.walk(path, scope, [key, wordFor(ctx, name, nameP!.value)], opts);
        const rest = { ...it, items: it.items.filter((q) => q !== nameP) } as YAMLMap;
        readContainer(ctx, rest, [...cp, name], child.entry!);
      }
      return;
    }
    case 'flag':
      if (isScalar(v) && v.value === false) return;
      b.walk(path, scope, [key], opts);
      return;
    case 'leaf': {
      const t = scalarText(v);
      if (t === undefined) return bad(ctx, v, `'${k}' must be a value`, path);
      b.walk(path, scope, [key, wordFor(ctx, t, v)], opts);
      return;
    }
    case 'leaf-list': {
      const vals = isSeq(v) ? v.items : [v];
      const words: Word[] = [];
      for (const it of vals) {
        const t = scalarText(it);
        if (t === undefined) bad(ctx, it, `'${k}' values must be scalars`, path);
        else words.push(wordFor(ctx, t, it));
      }
      if (words.length) {
        const s = spanOf(ctx, v);
        b.walk(
          path,
          scope,
          [key, { text: '[', raw: '[', start: s.start, end: s.end, quoted: false, list: words }],
          opts,
        );
      }
      return;
    }
  }
}

/**
 * Opaque values Junos shows quoted with `## SECRET-DATA`: $9$ / crypt(3)
 * hashes, and SSH public keys (the JSON document has no trailing comments).
 */
const SECRET_VALUE = /^\$(?:9|1|5|6|sha1|sha256|sha512)\$/;
const SECRET_KEYWORD = /^ssh-(?:rsa|dsa|ecdsa|ed25519)$/;

function opaqueLeaf(k: string, kw: string, t: string | undefined): OpaqueStatement {
  if (t === undefined) return { words: [kw] };
  if (SECRET_VALUE.test(t) || SECRET_KEYWORD.test(k)) {
    return { words: [kw, quote(t)], trailing: '## SECRET-DATA' };
  }
  return { words: [kw, quoteIfNeeded(t)] };
}

/** An unmodelled JSON member as curly statements (lossless for the shapes Junos emits). */
function toOpaque(k: string, v: unknown): OpaqueStatement[] {
  if (/\s/.test(k)) {
    // a whole multi-word statement as one key (print-json's lossless form)
    const words = statementWords(k);
    if (isMap(v)) return [withMeta({ words, children: mapToOpaque(v) }, ownMeta(v))];
    const last = words[words.length - 1];
    return [SECRET_VALUE.test(last.replace(/^"/, '')) ? { words, trailing: '## SECRET-DATA' } : { words }];
  }
  const kw = quoteIfNeeded(k);
  if (isMap(v)) return [withMeta({ words: [kw], children: mapToOpaque(v) }, ownMeta(v))];
  if (isSeq(v)) {
    if (v.items.length === 1 && isScalar(v.items[0]) && v.items[0].value === null) return [{ words: [kw] }];
    if (v.items.every((i) => isMap(i))) {
      return v.items.map((i) => {
        const m = i as YAMLMap;
        const nameP = m.items.find((q) => scalarText(q.key) === 'name');
        const name = nameP ? scalarText(nameP.value) : undefined;
        const rest = { ...m, items: m.items.filter((q) => q !== nameP) } as YAMLMap;
        const kids = mapToOpaque(rest);
        const words = name === undefined ? [kw] : [kw, quoteIfNeeded(name)];
        return withMeta(kids.length ? { words, children: kids } : { words }, ownMeta(m));
      });
    }
    const vals = v.items.map((i) => quoteIfNeeded(scalarText(i) ?? ''));
    // one raw `[ a b ]` word, as the curly parser keeps a value list
    return [{ words: vals.length === 1 ? [kw, vals[0]] : [kw, `[ ${vals.join(' ')} ]`] }];
  }
  return [opaqueLeaf(k, kw, scalarText(v))];
}

/**
 * Spans of the statements toOpaque makes of member p (and of those inside it),
 * keyed by their words as the curly and set parsers key them: diagnostics on
 * unmodelled statements (`--strict`, groups) point at the member.
 */
function opaqueSpans(ctx: Ctx, parent: readonly string[] | SpanNode, k: string, p: Pair): void {
  const v = p.value;
  const key = spanOf(ctx, p.key);
  const statement = { source: ctx.source, start: key.start, end: spanOf(ctx, v).end };
  // by node, not by path: a member of many words does not copy them for each statement inside it
  const set = (
    at: readonly string[] | SpanNode,
    words: readonly string[],
    st = statement,
    ks = key,
  ): SpanNode => ctx.b.spans.setUnder(at, words, { statement: st, key: ks });
  const inner = (m: YAMLMap, q: SpanNode, skip?: Pair): void => {
    for (const c of m.items as Pair[]) {
      const ck = scalarText(c.key);
      if (c === skip || ck === undefined || ck.startsWith('@')) continue;
      opaqueSpans(ctx, q, ck, c);
    }
  };
  const here = set(parent, /\s/.test(k) ? statementWords(k).map(unquoteWord) : [k]);
  if (isMap(v)) return inner(v, here);
  if (isSeq(v) && v.items.length && v.items.every((i) => isMap(i))) {
    for (const it of v.items as YAMLMap[]) {
      const nameP = it.items.find((q) => scalarText(q.key) === 'name');
      const name = nameP ? scalarText(nameP.value) : undefined;
      if (name === undefined) continue;
      const q = set(here, [name], spanOf(ctx, it), spanOf(ctx, nameP!.value));
      inner(it, q, nameP);
    }
    return;
  }
  const t = scalarText(v);
  if (t !== undefined && t !== '') set(here, [t]);
}

/** The raw words of a multi-word statement key; a `[ a "b c" ]` value list is one word. */
function statementWords(k: string): string[] {
  return k.match(/\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\]|"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? [k];
}

/** A raw word without its quotes and escapes (as the parsers key spans). */
function unquoteWord(w: string): string {
  return w.length >= 2 && w.startsWith('"') && w.endsWith('"') ? w.slice(1, -1).replace(/\\(.)/g, '$1') : w;
}

/** The "@k" members of a map by k, once per map: a search per member made an object of many members quadratic. */
const attributes = new WeakMap<YAMLMap, Map<string, Pair>>();

function leafMetaFor(m: YAMLMap, k: string): NodeMeta | undefined {
  let at = attributes.get(m);
  if (!at) {
    at = new Map();
    for (const q of m.items as Pair[]) {
      const qk = scalarText(q.key);
      if (qk !== undefined && qk.startsWith('@') && !at.has(qk.slice(1))) at.set(qk.slice(1), q);
    }
    attributes.set(m, at);
  }
  const p = at.get(k);
  return p ? metaFrom(p.value) : undefined;
}

function ownMeta(m: YAMLMap): NodeMeta | undefined {
  const p = m.items.find((q) => scalarText(q.key) === '@');
  return p ? metaFrom(p.value) : undefined;
}

function withMeta(s: OpaqueStatement, meta: NodeMeta | undefined): OpaqueStatement {
  return meta ? { ...s, meta } : s;
}

function mapToOpaque(m: YAMLMap): OpaqueStatement[] {
  const out: OpaqueStatement[] = [];
  for (const p of m.items as Pair[]) {
    const k = scalarText(p.key);
    if (k === undefined || k.startsWith('@')) continue;
    // "@k" carries the attributes of the leaf or flag k (junos-cli.md §3.7)
    const lm = leafMetaFor(m, k);
    out.push(...toOpaque(k, p.value).map((x) => (lm && !x.children ? { ...x, meta: lm } : x)));
  }
  return out;
}
