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
import {
  META_KEY,
  OPAQUE_KEY,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
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
import { unquote } from './opaque.js';

/**
 * Where the words stand in the hand-written schema inside `groups { G { ... } }`
 * (before the word `groups`, before the group name, then a container), or
 * undefined when that is not tracked.
 */
type Modelled = 'groups' | 'group-name' | RefNode | undefined;

interface Ctx {
  readonly spans: SpanMap | undefined;
  readonly out: Diagnostic[];
  /** Scopes with mandatory leaves: path key -> the scope and the keywords seen in it. */
  readonly mandatory: Map<string, { ref: YangRef; path: string[]; seen: Set<string> }>;
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
  words: readonly string[],
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
    statement: words.join(' '),
    ...(span ? { span } : {}),
  });
}

function hasMandatory(ref: YangRef): boolean {
  for (const n of yangChildren(ref).values()) if (n.man) return true;
  return false;
}

function placeholder(ref: YangRef): string {
  const t = yangType(ref);
  if (ref.node.k === 'l') return `<${ref.node.key?.[0] ?? ref.name}>`;
  if (t?.b === 'enumeration' && t.e) return `(${t.e.join(' | ')})`;
  return `<${ref.name}>`;
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
  active: boolean,
  rt: Modelled,
): void {
  const act = active && !s.meta?.inactive;
  let st = state;
  let key = scopeKey;
  let modelled = rt;
  const path = [...base];
  for (let i = 0; i < s.words.length; i++) {
    const raw = s.words[i];
    const w = unquote(raw);
    path.push(w);
    if (st.s === 'any') return;
    // inside `groups`: statements the hand-written schema models are checked when the groups are expanded
    if (modelled === 'groups') {
      modelled = 'group-name';
    } else if (modelled === 'group-name') {
      modelled = ctx.reftree?.root;
    } else if (modelled && (st.s === 'scope' || st.s === 'root')) {
      // security pki / ike inside a group: judged by the hand-written schema when expanded
      if (modelled === ctx.reftree?.root.children.get('security') && HAND_WRITTEN.has(w)) return;
      const m = modelled.children.get(w);
      if (m && !m.open) return;
      modelled = m && m.kind === 'container' ? m : undefined;
    } else {
      modelled = undefined;
    }
    if (st.s === 'value' && raw.startsWith('[')) {
      const t = yangType(st.ref);
      if (t && st.ref.node.k === 'll')
        for (const v of listValues(w)) {
          const p = checkYangValue(st.ref.file, t, unquote(v));
          if (p) report(ctx, p.code, p.message, base, s.words.slice(0, i + 1), path);
        }
      st = st.back;
      continue;
    }
    if (st.s === 'scope' && act) {
      const m = ctx.mandatory.get(key);
      if (m) m.seen.add(w);
    }
    const r = yangStep(st, w);
    if (!r.ok) {
      const s2 = suggest(w, r.candidates);
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
            base,
            s.words.slice(0, i + 1),
            path,
          );
        return;
      }
      report(
        ctx,
        'UNKNOWN_STATEMENT',
        `syntax error, expecting <statement>: ${raw}` + (s2 ? ` (did you mean '${s2}'?)` : ''),
        base,
        s.words.slice(0, i + 1),
        path,
      );
      return;
    }
    if (r.valueFor) {
      const t = yangType(r.valueFor);
      if (t) {
        const p = checkYangValue(r.valueFor.file, t, w);
        if (p) report(ctx, p.code, p.message, base, s.words.slice(0, i + 1), path);
      }
    }
    const next = r.state;
    if (next.s === 'scope' && next !== st && (st.s !== 'scope' || st.ref !== next.ref)) {
      key = path.join('\u0000');
      if (act && hasMandatory(next.ref) && !ctx.mandatory.has(key))
        ctx.mandatory.set(key, { ref: next.ref, path: [...path], seen: new Set() });
    }
    st = next;
  }
  if (s.children) {
    for (const c of s.children) walk(ctx, c, st, path, key, act, modelled);
    return;
  }
  // a statement that ends where a value or a name is still due
  // (a later key of a multi-key list may be left out: `policy-statement ... from` keys)
  if ((st.s === 'value' && st.ref.node.k !== 'e') || (st.s === 'key' && st.i === 0)) {
    const ref = st.s === 'value' ? st.ref : st.list;
    report(
      ctx,
      'MISSING_VALUE',
      `syntax error, expecting ${placeholder(ref)}: ${s.words[s.words.length - 1]}`,
      base,
      s.words,
      path,
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

/** The hierarchies under `security` whose statements the YANG does not judge. */
const HAND_WRITTEN: ReadonlySet<string> = new Set(['pki', 'ike']);

function checkWith(
  schema: YangSchema,
  tree: ConfigTree,
  spans: SpanMap | undefined,
  reftree: Reftree | undefined,
  strict: boolean,
): Diagnostic[] {
  const release = `${schema.family} ${schema.index.release}`;
  const ctx: Ctx = { spans, out: [], mandatory: new Map(), reftree, strict, release };
  const rec = (obj: ConfigObject, path: string[], active: boolean): void => {
    const op = obj[OPAQUE_KEY];
    if (Array.isArray(op) && op.length > 0) {
      const st = stateOf(schema, path);
      if (st.s !== 'any') {
        for (const s of op as readonly OpaqueStatement[]) {
          // at the root, `groups` contents are root-shaped: the hand-written schema is tracked beside them
          const inGroups = path.length === 0 && unquote(s.words[0]) === 'groups';
          walk(ctx, s, st, path, path.join('\u0000'), active, inGroups ? 'groups' : undefined);
        }
      }
    }
    for (const k of Object.keys(obj)) {
      if (k.startsWith('@')) continue;
      const v = obj[k];
      if (!isObject(v)) continue;
      // security pki and ike: the hand-written schema and its rules are the authority there
      // (and a 200,000-line PKI configuration is not walked a second time)
      if (path.length === 1 && path[0] === 'security' && HAND_WRITTEN.has(k)) continue;
      const inactive = (v[META_KEY] as NodeMeta | undefined)?.inactive === true;
      rec(v, [...path, k], active && !inactive);
    }
  };
  rec(tree, [], true);
  for (const m of ctx.mandatory.values()) {
    for (const [name, n] of yangChildren(m.ref)) {
      if (!n.man || m.seen.has(name)) continue;
      report(
        ctx,
        'MISSING_MANDATORY',
        `Missing mandatory statement: '${name}'`,
        m.path.slice(0, -1),
        m.path.slice(-1),
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
  return schema ? checkWith(schema, tree, spans, reftree, strict) : [];
}
