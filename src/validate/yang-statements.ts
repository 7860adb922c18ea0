/**
 * The statements pkicfg keeps verbatim (`@opaque`: interfaces, protocols,
 * security zones/policies/nat/ipsec, ...) checked against the whole-device
 * schema generated from Juniper's YANG (src/reftree/yang-schema.ts): a keyword
 * the YANG does not have at that place is `syntax error` at the word (as Junos
 * `load` says), a value that breaks its enumeration, integer range or length is
 * reported at the value, a leaf without its value or a list without its name is
 * `MISSING_VALUE`, and a YANG `mandatory` leaf missing from its container is
 * `MISSING_MANDATORY`. The hand-written schema keeps precedence: modelled
 * statements are validated by ajv and the rules, never here.
 *
 * The configuration is checked as written (groups unexpanded): a typo inside a
 * group is reported once, in the group, whose contents are root-shaped and may
 * use wildcard names (`<ge-*>`). Inactive statements are checked for syntax
 * (Junos parses them too) but not for mandatory statements. Where the YANG
 * cannot say for certain (patterns, a word that may be a `nokeyword` value),
 * the statement is accepted: a false error on a valid device configuration is
 * worse than a missed typo.
 */
import type { ConfigPath, Diagnostic, Span } from '../diag/diagnostic.js';
import { CATALOGUE, type DiagnosticCode } from '../diag/codes.js';
import type { ConfigObject, ConfigTree, OpaqueStatement } from '../tree/config-tree.js';
import type { SpanMap } from '../tree/span-map.js';
import { isObject } from '../tree/tree-ops.js';
import type { RefNode, Reftree } from '../reftree/reftree.js';
import { suggest } from '../reftree/reftree.js';
import {
  checkYangValue,
  listValues,
  yangChildren,
  yangRoot,
  yangSchema,
  yangStep,
  yangType,
  type YangRef,
  type YangSchema,
  type YangState,
} from '../reftree/yang-schema.js';
import { inactiveNode, opaqueOf, opaquePaths, unquote } from './opaque.js';
import { quoteWord } from './subject.js';

/**
 * Where the words stand in the hand-written schema inside `groups { G { ... } }`
 * (before the word `groups`, before the group name, then a container), or
 * undefined when that is not tracked.
 */
type Modelled = 'groups' | 'group-name' | RefNode | undefined;

/** A scope whose YANG has `mandatory` leaves, and the keywords seen in it. */
interface MandatoryScope {
  readonly ref: YangRef;
  /** The configuration path of the scope (list keys included). */
  readonly path: readonly string[];
  /** Where in `path` the scope's own statement starts (`partition P` in `[edit jsrc]`). */
  readonly head: number;
  readonly seen: Set<string>;
}

interface Ctx {
  readonly spans: SpanMap | undefined;
  readonly out: Diagnostic[];
  /** Scopes with mandatory leaves, by path key. */
  readonly mandatory: Map<string, MandatoryScope>;
  readonly reftree: Reftree | undefined;
  /** `--strict`: words the schema does not know are reported (UNMODELLED_STATEMENT). */
  readonly strict: boolean;
  /** `junos-es 24.4R1.11`, for messages. */
  readonly release: string;
}

function spanOf(ctx: Ctx, path: readonly string[]): Span | undefined {
  if (!ctx.spans) return undefined;
  const s = ctx.spans.get(path);
  if (s) return s.key ?? s.statement;
  return ctx.spans.nearest(path)?.spans.statement;
}

function report(
  ctx: Ctx,
  code: DiagnosticCode,
  message: string,
  context: readonly string[],
  statement: string,
  at: readonly string[],
): void {
  const info = CATALOGUE[code];
  const span = spanOf(ctx, at);
  ctx.out.push({
    code,
    severity: info.severity,
    stage: info.stage,
    message,
    path: context as ConfigPath,
    statement,
    ...(span ? { span } : {}),
  });
}

function hasMandatory(ref: YangRef): boolean {
  for (const n of yangChildren(ref).values()) if (n.man) return true;
  return false;
}

/** Notes a scope entered with mandatory leaves (active statements outside `groups` only). */
function enterScope(ctx: Ctx, ref: YangRef, path: readonly string[], head: number): void {
  const key = path.join('\u0000');
  if (hasMandatory(ref) && !ctx.mandatory.has(key))
    ctx.mandatory.set(key, { ref, path: [...path], head, seen: new Set() });
}

function placeholder(ref: YangRef): string {
  const t = yangType(ref);
  if (ref.node.k === 'l') return `<${ref.node.key?.[0] ?? ref.name}>`;
  if (t?.b === 'enumeration' && t.e) return `(${t.e.join(' | ')})`;
  return `<${ref.name}>`;
}

/**
 * Where a walk of one opaque statement stands: the YANG state, the key of the
 * scope for mandatory leaves, the hand-written schema beside it (in groups),
 * the configuration path so far, where the statement of the scope being
 * entered began, and whether mandatory leaves are checked here.
 */
interface Cursor {
  st: YangState;
  key: string;
  modelled: Modelled;
  readonly path: string[];
  head: number;
  readonly checkMandatory: boolean;
}

/**
 * Follows the hand-written schema one word inside `groups { G { ... } }`;
 * `stop` where it is the authority (the statement is checked when the groups
 * are expanded).
 */
function followModelled(ctx: Ctx, modelled: Modelled, st: YangState, w: string): Modelled | 'stop' {
  if (modelled === 'groups') return 'group-name';
  if (modelled === 'group-name') return ctx.reftree?.root;
  if (!modelled || (st.s !== 'scope' && st.s !== 'root')) return undefined;
  // security pki / ike inside a group: judged by the hand-written schema when expanded
  if (modelled === ctx.reftree?.root.children.get('security') && HAND_WRITTEN.has(w)) return 'stop';
  const m = modelled.children.get(w);
  if (m && !m.open) return 'stop';
  return m && m.kind === 'container' ? m : undefined;
}

/** Reports a word that fits nowhere; a word near no keyword is only `--strict`'s business. */
function reportUnknown(ctx: Ctx, raw: string, w: string, candidates: readonly string[], at: WordAt): void {
  const s2 = suggest(w, candidates);
  // a word no keyword of this place is near may be another device family's
  // (`ethernet-switching-options`, an MX's `tunnel-services`) or a newer
  // release's: only a near miss of a known keyword is taken for a typo; the
  // rest is what `--strict` reports, as not validated
  if (s2 === undefined) {
    if (ctx.strict)
      report(
        ctx,
        'UNMODELLED_STATEMENT',
        `'${w}' is not in the ${ctx.release} schema and was not validated`,
        at.base,
        at.words,
        at.path,
      );
    return;
  }
  report(
    ctx,
    'UNKNOWN_STATEMENT',
    `syntax error, expecting <statement>: ${raw} (did you mean '${s2}'?)`,
    at.base,
    at.words,
    at.path,
  );
}

/** Where a word's diagnostic goes: the statement's context, its words up to the word, the word's path. */
interface WordAt {
  readonly base: readonly string[];
  readonly words: string;
  readonly path: readonly string[];
}

/** Advances the cursor by word `i` of `s`; false when the rest of the statement is not checked. */
function stepWord(ctx: Ctx, cur: Cursor, s: OpaqueStatement, i: number, base: readonly string[]): boolean {
  const raw = s.words[i];
  const w = unquote(raw);
  cur.path.push(w);
  if (cur.st.s === 'any') return false;
  const m = followModelled(ctx, cur.modelled, cur.st, w);
  if (m === 'stop') return false;
  cur.modelled = m;
  const at: WordAt = { base, words: s.words.slice(0, i + 1).join(' '), path: [...cur.path] };
  const st = cur.st;
  if (st.s === 'value' && raw.startsWith('[')) {
    const t = yangType(st.ref);
    if (t && st.ref.node.k === 'll')
      for (const v of listValues(w)) {
        const p = checkYangValue(st.ref.file, t, unquote(v));
        if (p) report(ctx, p.code, p.message, base, at.words, at.path);
      }
    cur.st = st.back;
    return true;
  }
  if (st.s === 'scope' || st.s === 'root') {
    if (cur.checkMandatory) ctx.mandatory.get(cur.key)?.seen.add(w);
    // a keyword (or a `nokeyword` word) starts the statement of whatever it enters
    cur.head = cur.path.length - 1;
  }
  const r = yangStep(st, w);
  if (!r.ok) {
    reportUnknown(ctx, raw, w, r.candidates, at);
    return false;
  }
  const t = r.valueFor && yangType(r.valueFor);
  const p = t && checkYangValue(r.valueFor!.file, t, w);
  if (p) report(ctx, p.code, p.message, base, at.words, at.path);
  const next = r.state;
  // a new scope, not the way back from a leaf's value to the leaf's own scope
  if (next.s === 'scope' && st.s !== 'value' && next !== st && (st.s !== 'scope' || st.ref !== next.ref)) {
    cur.key = cur.path.join('\u0000');
    if (cur.checkMandatory) enterScope(ctx, next.ref, cur.path, cur.head);
  }
  cur.st = next;
  return true;
}

/**
 * Walks one opaque statement from `state`. `base`: the configuration path of
 * the statement's container plus the words of its enclosing opaque statements
 * (the SpanMap key prefix); `context`: the `[edit ...]` words for messages.
 */
function walk(
  ctx: Ctx,
  s: OpaqueStatement,
  state: YangState,
  base: readonly string[],
  scopeKey: string,
  checkMandatory: boolean,
  rt: Modelled,
): void {
  const cur: Cursor = {
    st: state,
    key: scopeKey,
    modelled: rt,
    path: [...base],
    head: base.length,
    checkMandatory: checkMandatory && !s.meta?.inactive,
  };
  for (let i = 0; i < s.words.length; i++) if (!stepWord(ctx, cur, s, i, base)) return;
  if (s.children) {
    for (const c of s.children) walk(ctx, c, cur.st, cur.path, cur.key, cur.checkMandatory, cur.modelled);
    return;
  }
  // a statement that ends where a value or a name is still due
  // (a later key of a multi-key list may be left out: `policy-statement ... from` keys)
  const st = cur.st;
  if ((st.s === 'value' && st.ref.node.k !== 'e') || (st.s === 'key' && st.i === 0)) {
    const ref = st.s === 'value' ? st.ref : st.list;
    report(
      ctx,
      'MISSING_VALUE',
      `syntax error, expecting ${placeholder(ref)}: ${s.words[s.words.length - 1]}`,
      base,
      s.words.join(' '),
      cur.path,
    );
  }
}

/** The walk state of a modelled configuration path (keywords and list entry names), or `any` if the YANG lacks it. */
function stateOf(schema: YangSchema, path: readonly string[]): YangState {
  let st = yangRoot(schema);
  for (const w of path) {
    const r = yangStep(st, w);
    if (!r.ok) return { s: 'any' };
    st = r.state;
  }
  return st;
}

/** Every word of the active `groups` statements (unquoted). */
function groupWords(tree: ConfigTree): Set<string> {
  const out = new Set<string>();
  const groups = opaqueOf(tree).filter((s) => !s.meta?.inactive && unquote(s.words[0]) === 'groups');
  for (const p of opaquePaths(groups)) for (const w of p) out.add(w);
  return out;
}

/** The hierarchies under `security` whose statements the YANG does not judge. */
const HAND_WRITTEN: ReadonlySet<string> = new Set(['pki', 'ike']);

/** checkYangStatements against a given schema (a test's own, generated from its own YANG). */
export function checkYangStatementsWith(
  schema: YangSchema,
  tree: ConfigTree,
  spans: SpanMap | undefined,
  reftree: Reftree | undefined,
  strict: boolean,
): Diagnostic[] {
  const release = `${schema.family} ${schema.index.release}`;
  const ctx: Ctx = { spans, out: [], mandatory: new Map(), reftree, strict, release };
  const rec = (obj: ConfigObject, path: string[], active: boolean): void => {
    const op = opaqueOf(obj);
    const st = op.length > 0 || (active && path.length > 0) ? stateOf(schema, path) : undefined;
    // a modelled container or entry (`system`, ...) has mandatory leaves too: its keys count as seen
    if (active && path.length > 0 && st?.s === 'scope' && hasMandatory(st.ref)) {
      enterScope(ctx, st.ref, path, path.length - (st.ref.node.k === 'l' ? 2 : 1));
      for (const k of Object.keys(obj))
        if (!k.startsWith('@')) ctx.mandatory.get(path.join('\u0000'))?.seen.add(k);
    }
    if (st && st.s !== 'any') {
      for (const s of op) {
        // at the root, `groups` contents are root-shaped: the hand-written schema is tracked beside them;
        // a group is a fragment, whose mandatory statements are only due where it is applied
        const inGroups = path.length === 0 && unquote(s.words[0]) === 'groups';
        walk(ctx, s, st, path, path.join('\u0000'), active && !inGroups, inGroups ? 'groups' : undefined);
      }
    }
    for (const k of Object.keys(obj)) {
      if (k.startsWith('@')) continue;
      const v = obj[k];
      if (!isObject(v)) continue;
      // security pki and ike: the hand-written schema and its rules are the authority there
      // (and a 200,000-line PKI configuration is not walked a second time)
      if (path.length === 1 && path[0] === 'security' && HAND_WRITTEN.has(k)) continue;
      rec(v, [...path, k], active && !inactiveNode(v));
    }
  };
  rec(tree, [], true);
  let inGroups: ReadonlySet<string> | undefined;
  for (const m of ctx.mandatory.values()) {
    for (const [name, n] of yangChildren(m.ref)) {
      if (!n.man || m.seen.has(name)) continue;
      // the configuration is checked unexpanded: a statement a group may supply is not taken for missing
      inGroups ??= groupWords(tree);
      if (inGroups.has(name)) continue;
      report(
        ctx,
        'MISSING_MANDATORY',
        `Missing mandatory statement: '${name}'`,
        m.path.slice(0, m.head),
        m.path.slice(m.head).map(quoteWord).join(' '),
        m.path,
      );
    }
  }
  return ctx.out;
}

/**
 * Checks every opaque statement of the configuration (as parsed, groups not
 * expanded) against the SRX schema; returns the diagnostics, unsorted. No
 * generated schema in the project: nothing is checked.
 */
export function checkYangStatements(
  tree: ConfigTree,
  spans: SpanMap | undefined,
  reftree?: Reftree,
  strict = false,
): Diagnostic[] {
  const schema = yangSchema();
  return schema ? checkYangStatementsWith(schema, tree, spans, reftree, strict) : [];
}
